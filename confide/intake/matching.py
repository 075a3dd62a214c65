"""Rank clinicians for a consultation request, each with its reasons: plain Python, no Django.

Hard requirements exclude: a clinician who does not see the person's age group, does not offer
the format asked for (or not at the chosen location), or speaks none of the languages asked for
is not a match at all. Everything else weighs, by the table `WEIGHTS` below, and every point a
clinician earns comes with a reason in plain words, so intake can see why one ranks above
another.

The soonest free slot is computed by the scheduling app and passed in as data
(`ClinicianProfile.openings`): this module never touches the calendar.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

# --- vocabulary ----------------------------------------------------------------------------

# The concerns a person can tick, in the seed's own words (practice-description.txt).
CONCERNS: tuple[tuple[str, str], ...] = (
    ("relationship_conflicts", "Relationship conflicts"),
    ("life_transition", "A life transition"),
    ("grief_loss", "Grief or loss"),
    ("loneliness", "Loneliness or difficulty connecting"),
    ("parenting_postpartum", "Parenting or postpartum"),
    ("work_stress", "Work stress or burnout"),
    ("trauma", "Trauma"),
    ("school_bullying", "School or bullying"),
    ("other", "Something else"),
)
CONCERN_LABELS = dict(CONCERNS)

# Concern -> IPT problem areas (vocabulary.PROBLEM_AREAS) a clinician's focus should include.
CONCERN_AREAS: dict[str, tuple[str, ...]] = {
    "relationship_conflicts": ("role_dispute",),
    "life_transition": ("role_transition",),
    "grief_loss": ("grief",),
    "loneliness": ("interpersonal_deficits",),
    "parenting_postpartum": ("role_transition",),  # the transition to parenthood
    "work_stress": ("role_dispute", "role_transition"),  # conflicts at work, career changes
    "trauma": (),  # not an IPT problem area: weighed through the adjunct modality below
    "school_bullying": ("role_dispute", "interpersonal_deficits"),  # peers and school changes
    "other": (),
}

# Concern -> adjunct modalities the seed pairs with IPT for it.
CONCERN_MODALITIES: dict[str, tuple[str, ...]] = {
    "relationship_conflicts": (),
    "life_transition": ("solution_focused",),
    "grief_loss": (),
    "loneliness": ("cbt",),
    "parenting_postpartum": ("mbct",),
    "work_stress": ("cbt", "solution_focused"),
    "trauma": ("tf_cbt", "psychodynamic"),
    "school_bullying": ("family",),
    "other": (),
}

# Who the help is for -> modalities suggested by that alone.
FOR_WHOM_MODALITIES: dict[str, tuple[str, ...]] = {
    "self": (),
    "child": ("family", "art"),  # children express in play and art; the family is involved
    "couple_family": ("family",),
}

# Words in the free text that suggest an adjunct (whole words, lower case).
TEXT_CUE_MODALITIES: dict[str, tuple[str, ...]] = {
    # Emotional dysregulation: DBT's emotion regulation and distress tolerance skills.
    "outbursts": ("dbt",),
    "rage": ("dbt",),
    "meltdowns": ("dbt",),
    "mood swings": ("dbt",),
    "dysregulation": ("dbt",),
    # Reactivity under stress: MBCT.
    "overwhelmed": ("mbct",),
    "panic": ("cbt", "mbct"),
}

# Concern -> populations (beyond the age group) that fit it.
CONCERN_POPULATIONS: dict[str, tuple[str, ...]] = {
    "parenting_postpartum": ("perinatal",),
    "work_stress": ("professionals",),
}

AGE_GROUPS: tuple[tuple[str, str], ...] = (
    ("children", "A child (under 13)"),
    ("adolescents", "A teenager (13 to 17)"),
    ("adults", "An adult (18 or over)"),
)

# Times of day, as the request form offers them (within the practice's hours).
DAY_PARTS: dict[str, tuple[time, time]] = {
    "morning": (time(0), time(12)),
    "afternoon": (time(12), time(17)),
    "evening": (time(17), time(23, 59, 59)),
}
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


# --- the weights ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Weights:
    """Points a clinician earns towards a request. Change them here, nowhere else."""

    # Also serves a population the concerns point to (perinatal parents, professionals).
    population: float = 3.0
    # For each concern whose IPT problem area the clinician focuses on.
    problem_area: float = 2.0
    # For each adjunct modality suggested by the concerns that the clinician offers.
    modality: float = 1.5
    # Works at the location the person chose (in person, or "either" with a location).
    location: float = 1.0
    # Speaks a language asked for other than English (English is the default, not a bonus).
    language: float = 1.0
    # Room on the caseload: this many points when empty, falling to 0 when full.
    capacity: float = 2.0
    # Not taking new clients: kept in the list for intake to see, but pushed down.
    not_accepting: float = -6.0
    # An opening at a time the person said suits them: this many points if it is today,
    # falling evenly to 0 at `soonest_horizon_days` away.
    soonest: float = 3.0
    soonest_horizon_days: int = 28


WEIGHTS = Weights()


# --- inputs and outputs --------------------------------------------------------------------


@dataclass(frozen=True)
class RequestProfile:
    age_group: str  # children | adolescents | adults
    for_whom: str = "self"  # self | child | couple_family
    concerns: tuple[str, ...] = ()
    text: str = ""
    format: str = "either"  # virtual | in_person | either
    location: str | None = None  # a location slug, or None for any
    languages: tuple[str, ...] = ()  # language slugs; empty: no requirement
    days: tuple[int, ...] = ()  # 0 = Monday; empty: any day
    day_parts: tuple[str, ...] = ()  # keys of DAY_PARTS; empty: any time


@dataclass(frozen=True)
class ClinicianProfile:
    id: Any
    name: str
    populations: frozenset[str] = frozenset()
    problem_areas: frozenset[str] = frozenset()
    modalities: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    locations: dict[str, str] = field(default_factory=dict)  # slug -> place name
    offers_virtual: bool = True
    offers_in_person: bool = True
    accepting: bool = True
    caseload: int = 0
    caseload_limit: int = 25
    # Free slots in local wall-clock time, soonest first (from the scheduling app).
    openings: tuple[datetime, ...] = ()


@dataclass(frozen=True)
class Match:
    clinician_id: Any
    name: str
    score: float
    reasons: tuple[str, ...]
    opening: datetime | None = None

    @property
    def summary(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class Exclusion:
    clinician_id: Any
    name: str
    reasons: tuple[str, ...]


# Labels for reasons; the app may pass its own from the database, these are the fallbacks.
LABELS: dict[str, str] = {
    "children": "children",
    "adolescents": "adolescents",
    "adults": "adults",
    "perinatal": "new and expecting parents",
    "professionals": "professionals",
    "grief": "grief",
    "role_dispute": "role disputes",
    "role_transition": "role transitions",
    "interpersonal_deficits": "loneliness and connecting with others",
    "single_parent_family": "single-parent families",
    "ipt": "IPT",
    "cbt": "CBT",
    "mbct": "mindfulness-based cognitive therapy",
    "dbt": "DBT",
    "psychodynamic": "psychodynamic therapy",
    "solution_focused": "solution-focused therapy",
    "family": "family therapy",
    "tf_cbt": "trauma-focused CBT",
    "art": "art therapy",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "pt": "Portuguese",
    "zh": "Mandarin Chinese",
    "he": "Hebrew",
    "ru": "Russian",
    "it": "Italian",
}


def _label(slug: str) -> str:
    return LABELS.get(slug, slug.replace("_", " "))


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def opening_label(when: datetime) -> str:
    """'Tue 4pm', 'Wed 9:30am': the way a coordinator says an opening on the phone."""
    hour = when.hour % 12 or 12
    suffix = "am" if when.hour < 12 else "pm"
    clock = f"{hour}{suffix}" if when.minute == 0 else f"{hour}:{when.minute:02d}{suffix}"
    return f"{DAY_NAMES[when.weekday()]} {when:%b} {when.day}, {clock}"


# --- the rules -----------------------------------------------------------------------------


def suggested_areas(request: RequestProfile) -> list[str]:
    return _unique(a for c in request.concerns for a in CONCERN_AREAS.get(c, ()))


def suggested_modalities(request: RequestProfile) -> list[str]:
    """Adjunct modalities suggested by the concerns, who it is for, and cue words in the text."""
    found = [m for c in request.concerns for m in CONCERN_MODALITIES.get(c, ())]
    found += FOR_WHOM_MODALITIES.get(request.for_whom, ())
    if request.age_group == "children":
        found += FOR_WHOM_MODALITIES["child"]
    text = _words_only(request.text.lower())
    for cue, modalities in TEXT_CUE_MODALITIES.items():
        if f" {cue} " in text:
            found += modalities
    return _unique(found)


def _words_only(text: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch == " " else " " for ch in text)
    return f" {' '.join(cleaned.split())} "


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def suits(when: datetime, request: RequestProfile) -> bool:
    """True when an opening falls on a day and in a part of the day the person chose."""
    if request.days and when.weekday() not in request.days:
        return False
    if not request.day_parts:
        return True
    clock = when.time()
    return any(
        DAY_PARTS[p][0] <= clock < DAY_PARTS[p][1] for p in request.day_parts if p in DAY_PARTS
    )


def exclusions(request: RequestProfile, c: ClinicianProfile) -> list[str]:
    """The hard requirements this clinician fails, in words (empty: a possible match)."""
    why = []
    if request.age_group not in c.populations:
        why.append(f"does not see {_label(request.age_group)}")
    if request.languages and not set(request.languages) & c.languages:
        why.append(f"does not speak {_join([_label(x) for x in request.languages])}")
    if request.format == "virtual" and not c.offers_virtual:
        why.append("does not offer video sessions")
    if request.format == "in_person":
        if not c.offers_in_person:
            why.append("does not see clients in person")
        elif request.location and request.location not in c.locations:
            why.append("does not work at the chosen location")
    if request.format == "either" and not (c.offers_virtual or c.offers_in_person):
        why.append("offers no sessions")
    return why


def score(
    request: RequestProfile, c: ClinicianProfile, *, now: datetime, weights: Weights = WEIGHTS
) -> Match:
    """Weigh one clinician who passed the hard requirements; every point carries its reason."""
    points = 0.0
    reasons = [f"sees {_label(request.age_group)}"]

    wanted_pops = _unique(p for x in request.concerns for p in CONCERN_POPULATIONS.get(x, ()))
    pops = [p for p in wanted_pops if p in c.populations]
    if pops:
        points += weights.population * len(pops)
        reasons.append(f"also sees {_join([_label(p) for p in pops])}")

    areas = [a for a in suggested_areas(request) if a in c.problem_areas]
    if areas:
        points += weights.problem_area * len(areas)
        reasons.append(f"focuses on {_join([_label(a) for a in areas])}")

    mods = [m for m in suggested_modalities(request) if m in c.modalities]
    if mods:
        points += weights.modality * len(mods)
        reasons.append(f"offers {_join([_label(m) for m in mods])}")

    reasons.append(_format_reason(request, c))
    if request.location and request.location in c.locations and request.format != "virtual":
        points += weights.location

    other_languages = [x for x in request.languages if x != "en" and x in c.languages]
    if other_languages:
        points += weights.language
        reasons.append(f"speaks {_join([_label(x) for x in other_languages])}")

    if not c.accepting:
        points += weights.not_accepting
        reasons.append("not taking new clients at the moment")
    elif c.caseload_limit > 0:
        free = max(0, c.caseload_limit - c.caseload)
        points += weights.capacity * free / c.caseload_limit
        reasons.append(f"{free} of {c.caseload_limit} places free" if free else "caseload is full")

    opening = next((o for o in c.openings if suits(o, request)), None)
    if opening is None:
        reasons.append("no opening soon at the times that suit")
    else:
        days = max(0.0, (opening - now).total_seconds() / 86400)
        horizon = weights.soonest_horizon_days
        points += weights.soonest * max(0.0, 1 - days / horizon)
        reasons.append(f"first opening {opening_label(opening)}")

    return Match(c.id, c.name, round(points, 2), tuple(reasons), opening)


def _format_reason(request: RequestProfile, c: ClinicianProfile) -> str:
    place = c.locations.get(request.location or "", "")
    if request.format == "virtual":
        return "by video"
    if request.format == "in_person":
        where = (place or _join(sorted(c.locations.values()))) if c.locations else ""
        return f"in person in {where}" if where else "in person"
    ways = []
    if c.offers_in_person and c.locations:
        ways.append(f"in person in {place or _join(sorted(c.locations.values()))}")
    if c.offers_virtual:
        ways.append("by video")
    return " or ".join(ways) or "in person"


def rank(
    request: RequestProfile,
    clinicians: Iterable[ClinicianProfile],
    *,
    now: datetime,
    weights: Weights = WEIGHTS,
) -> tuple[list[Match], list[Exclusion]]:
    """Return the matches, best first (ties by name), and who was excluded and why."""
    matches, excluded = [], []
    for c in clinicians:
        why = exclusions(request, c)
        if why:
            excluded.append(Exclusion(c.id, c.name, tuple(why)))
        else:
            matches.append(score(request, c, now=now, weights=weights))
    matches.sort(key=lambda m: (-m.score, m.name))
    excluded.sort(key=lambda e: e.name)
    return matches, excluded
