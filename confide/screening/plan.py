"""Who the check is for decides which questionnaires it asks (pure Python)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass


@dataclass(frozen=True)
class Audience:
    slug: str
    label: str
    hint: str
    core: tuple[str, ...]
    # The licensed instrument made for this group replaces the first core one once loaded.
    licensed: str | None
    note_without_licensed: str


AUDIENCES: dict[str, Audience] = {
    a.slug: a
    for a in (
        Audience(
            slug="adult",
            label="Myself (an adult)",
            hint="For anyone 18 or older answering for themselves.",
            core=("phq9", "gad7"),
            licensed=None,
            note_without_licensed="",
        ),
        Audience(
            slug="teen",
            label="A teenager (13-17), answering for themselves",
            hint="Teens answer the questions themselves; a parent can sit alongside.",
            core=("phq9", "gad7"),
            licensed="phqa",
            note_without_licensed=(
                "These questions are the PHQ-9 and GAD-7, which have been studied with teenagers "
                "aged 13 to 17 and work well for them."
            ),
        ),
        Audience(
            slug="parent",
            label="A new or expecting parent",
            hint="During pregnancy or in the first year after a baby arrives.",
            core=("phq9", "gad7"),
            licensed="epds",
            note_without_licensed=(
                "These questions are the PHQ-9 and GAD-7, which have been studied in pregnancy "
                "and after birth and work well for new and expecting parents."
            ),
        ),
    )
}

LONELINESS = "ucla3"


def instruments_for(
    audience: Audience, *, loneliness: bool, available: Collection[str]
) -> list[str]:
    """Return the instrument codes to ask, in order."""
    codes = list(audience.core)
    if audience.licensed and audience.licensed in available:
        codes[0] = audience.licensed
    if loneliness:
        codes.append(LONELINESS)
    return codes
