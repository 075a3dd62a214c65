"""Small builders for directory tests: clinicians with their vocabulary tags."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from confide.practice.models import (
    Clinician,
    Language,
    Location,
    Modality,
    Population,
    ProblemArea,
)

_names = itertools.count(1)


def _tags(model: Any, slugs: Iterable[str]) -> list[Any]:
    # get_or_create: a transactional test before this one may have flushed the seeded rows.
    return [
        model.objects.get_or_create(slug=slug, defaults={"label": slug.replace("_", " ").title()})[
            0
        ]
        for slug in slugs
    ]


def make_clinician(
    *,
    first_name: str | None = None,
    last_name: str | None = None,
    credentials: str = "PhD",
    populations: Iterable[str] = ("adults",),
    concerns: Iterable[str] = ("grief",),
    modalities: Iterable[str] = ("ipt",),
    languages: Iterable[str] = ("en",),
    locations: Iterable[str] = (),
    offers_virtual: bool = True,
    offers_in_person: bool = True,
    accepting_new_clients: bool = True,
    active: bool = True,
    bio: str = "",
) -> Clinician:
    n = next(_names)
    clinician = Clinician.objects.create(
        first_name=first_name or f"Alex{n}",
        last_name=last_name or f"Rivera{n}",
        credentials=credentials,
        bio=bio or "Helps adults through grief and change with IPT.",
        offers_virtual=offers_virtual,
        offers_in_person=offers_in_person,
        accepting_new_clients=accepting_new_clients,
        active=active,
    )
    clinician.populations.set(_tags(Population, populations))
    clinician.problem_areas.set(_tags(ProblemArea, concerns))
    clinician.modalities.set(_tags(Modality, modalities))
    clinician.languages.set(_tags(Language, languages))
    clinician.locations.set(Location.objects.filter(slug__in=list(locations)))
    return clinician
