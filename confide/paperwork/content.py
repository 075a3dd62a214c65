"""The starting texts shipped with Confide, one Markdown file each in texts/.

They are written for this practice (IPT, Greenwich CT and Manhattan NY, in person and by
video) but are templates: each is marked for review with the practice's counsel until the
admin says it has been reviewed. Loaded once by a migration; the admin owns the text after.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

TEXTS = Path(__file__).resolve().parent / "texts"

# kind, title, sent in the packet (a release is made for a named recipient when needed)
STARTING_TEMPLATES = [
    ("privacy_notice", "Notice of Privacy Practices: acknowledgement", True),
    ("treatment_consent", "Informed consent to treatment", True),
    ("telehealth_consent", "Consent to telehealth (video sessions)", True),
    ("financial_policy", "Financial policy", True),
    ("text_consent", "Consent to text messages", True),
    ("minor_consent", "Consent for the treatment of a minor", True),
    ("release", "Authorisation to release information", False),
]


def starting_text(kind: str) -> str:
    return (TEXTS / f"{kind}.md").read_text(encoding="utf-8")


def load_templates(template_model: Any = None, version_model: Any = None) -> int:
    """Create the templates that are missing, each with its first version; never touch text
    the practice has edited. Takes the historical models in a migration; returns how many."""
    if template_model is None or version_model is None:
        from confide.paperwork.models import DocumentTemplate, TemplateVersion

        template_model, version_model = DocumentTemplate, TemplateVersion
    created = 0
    for kind, title, active in STARTING_TEMPLATES:
        body = starting_text(kind)
        template, was_created = template_model.objects.get_or_create(
            kind=kind, defaults={"title": title, "body": body, "active": active}
        )
        if was_created:
            # Historical models have no custom save(): the hash is computed here as well.
            version_model.objects.create(
                template=template,
                number=1,
                title=title,
                body=body,
                sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
            )
            created += 1
    return created
