"""Service codes, modifiers and places of service. Plain Python, no Django.

Confide ships CPT code numbers only: the descriptors belong to the AMA, so every description a
client or an insurer reads is the practice's own words (the fee schedule's `name`). Time-based
psychotherapy codes follow the published time ranges (16-37, 38-52, 53+ minutes).
Places of service are the CMS list (public domain); only the ones a therapy practice uses are named.
"""

from __future__ import annotations

import re

INTAKE = "90791"
PSYCHOTHERAPY_BY_MINUTES = ((16, "90832"), (38, "90834"), (53, "90837"))
FAMILY_WITHOUT_CLIENT, FAMILY_WITH_CLIENT, GROUP = "90846", "90847", "90853"
CRISIS_FIRST_HOUR, CRISIS_EACH_30 = "90839", "90840"

# What a new practice starts with: code, minutes, our own words.
STARTER_SCHEDULE = (
    (INTAKE, 60, "First consultation and assessment"),
    ("90832", 30, "Individual session, about half an hour"),
    ("90834", 45, "Individual session, about 45 minutes"),
    ("90837", 60, "Individual session, about an hour"),
    (FAMILY_WITHOUT_CLIENT, 50, "Family or parent session, without the client"),
    (FAMILY_WITH_CLIENT, 50, "Family session, with the client"),
    (GROUP, 90, "Group session"),
    (CRISIS_FIRST_HOUR, 60, "Crisis session, first hour"),
    (CRISIS_EACH_30, 30, "Crisis session, each further half hour"),
)

TELEHEALTH_MODIFIERS = ("95", "GT")
PLACES_OF_SERVICE = {
    "02": "Telehealth, not in the client's home",
    "10": "Telehealth, in the client's home",
    "11": "Office",
    "12": "Home",
    "53": "Community mental health center",
}
OFFICE = "11"

_CODE = re.compile(r"^[0-9]{4}[0-9A-Z]$")
_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")


def code_problem(code: str) -> str:
    """Why a service code is not acceptable, or "" (five characters: 90834, 0362T, 1234F)."""
    if not _CODE.match(code or ""):
        return "A service code is five characters: four digits and a digit or letter (90834)."
    return ""


def parse_modifiers(value: str | list[str] | tuple[str, ...]) -> list[str]:
    """Modifiers from "95, GT" or a list; raise ValueError naming a bad one. At most four."""
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    mods = [m.strip().upper() for m in items if m.strip()]
    for m in mods:
        if not _MODIFIER.match(m):
            raise ValueError(f"{m!r} is not a modifier: two letters or digits, such as 95.")
    if len(mods) > 4:
        raise ValueError("A claim line has at most four modifiers.")
    return list(dict.fromkeys(mods))


def psychotherapy_code(minutes: int) -> str | None:
    """The time-based psychotherapy code for a session of `minutes`, or None under 16."""
    chosen = None
    for least, code in PSYCHOTHERAPY_BY_MINUTES:
        if minutes >= least:
            chosen = code
    return chosen


def code_for_session(kind: str, minutes: int) -> str | None:
    """The code an appointment of this kind and length is billed with, before review."""
    if kind == "intake_consultation":
        return INTAKE
    if kind == "parent_session":
        return FAMILY_WITHOUT_CLIENT
    return psychotherapy_code(minutes)
