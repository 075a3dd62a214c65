"""Put the fixed vocabularies (vocabulary.py) into their tables; safe to run again."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from confide.practice import vocabulary

TABLES: list[tuple[str, Sequence[tuple[str, ...]]]] = [
    ("Population", vocabulary.POPULATIONS),
    ("ProblemArea", vocabulary.PROBLEM_AREAS),
    ("Modality", vocabulary.MODALITIES),
    ("Language", vocabulary.LANGUAGES),
]


def load_vocabulary(get_model: Any = None) -> None:
    """`get_model(name)` gives the model class: a migration's historical apps, else the app's."""
    if get_model is None:
        from django.apps import apps

        def get_model(name: str) -> Any:
            return apps.get_model("practice", name)

    for model_name, rows in TABLES:
        model = get_model(model_name)
        for order, (slug, label, *rest) in enumerate(rows):
            model.objects.update_or_create(
                slug=slug,
                defaults={
                    "label": label,
                    "description": rest[0] if rest else "",
                    "display_order": order,
                },
            )
