"""The IPT problem areas and the suggestion of areas from the inventory and the timeline.

Plain Python, no Django. Every definition, goal and strategy is taken from
shared/reference/ipt.md (section 4.2 unless noted) and carries its source, so a clinician can
see where a suggestion comes from. Confide only SUGGESTS: the clinician chooses the area.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

GRIEF = "grief"
ROLE_DISPUTE = "role_dispute"
ROLE_TRANSITION = "role_transition"
DEFICITS = "interpersonal_deficits"
SINGLE_PARENT = "single_parent_family"

KEY_STRATEGIES = "interpersonalpsychotherapy.org/ipt-basics/key-ipt-strategies (ipt.md §4.2)"


@dataclass(frozen=True)
class Area:
    slug: str
    label: str
    chosen_when: str
    goals: tuple[str, ...]
    strategies: tuple[str, ...]
    source: str
    adolescents_only: bool = False


AREAS: dict[str, Area] = {
    a.slug: a
    for a in (
        Area(
            GRIEF,
            "Grief (complicated bereavement)",
            "Onset or maintenance of the episode is linked to the death of someone close.",
            (
                "Facilitate the mourning process.",
                "Re-establish interest and relationships to substitute for what has been lost.",
            ),
            (
                "Review symptoms.",
                "Relate symptoms to the death.",
                "Reconstruct the relationship with the deceased.",
                "Describe events before, during and after the death.",
                "Explore positive and negative feelings.",
                "Consider ways of becoming involved with others.",
            ),
            f"{KEY_STRATEGIES}; strategies: IPT middle-session slides (docstoc)",
        ),
        Area(
            ROLE_DISPUTE,
            "Interpersonal role dispute",
            "An unsatisfying interpersonal relationship characterized by non-reciprocal role "
            "expectations.",
            (
                "Identify the dispute.",
                "Choose a plan of action.",
                "Modify expectations or faulty communication to reach a satisfactory resolution.",
            ),
            (
                "Determine the stage of the dispute: renegotiation, impasse or dissolution.",
                "Understand the non-reciprocal expectations.",
                "Identify parallels in other relationships.",
                "Explore how the dispute is perpetuated.",
                "Communication analysis.",
                "Role-play.",
            ),
            f"{KEY_STRATEGIES}; citcassociates role-disputes page; Weissman ch. 6",
        ),
        Area(
            ROLE_TRANSITION,
            "Role transition",
            "Difficulty coping with a life change (employment, relationship status, health, "
            "living conditions, socioeconomic status); the change may be positive.",
            (
                "Adjust to and accept the new role.",
                "Restore self-esteem through mastery of the new role's demands.",
                "Instil hope.",
            ),
            (
                "Identify and define the transition.",
                "View the old role and the new role in a more balanced way.",
                "Mourn the old role and explore feelings about the change (manual steps, "
                "partly verified).",
                "Build skills and support for the new role (manual steps, partly verified).",
            ),
            f"{KEY_STRATEGIES}; citcassociates role-transition page; treatmentfordepressionmemphis",
        ),
        Area(
            DEFICITS,
            "Interpersonal deficits / sensitivity",
            "Chronic social isolation with no acute life event: the focal area of last resort.",
            (
                "Reduce isolation.",
                "Improve current relationship functioning.",
                "Help establish new supportive relationships.",
            ),
            (
                "Review past relationships for repetitive patterns.",
                "Role-play.",
                "Encourage new social contacts.",
            ),
            "ebrary.net interpersonal_deficits; treatmentfordepressionmemphis (ipt.md §4.2)",
        ),
        Area(
            SINGLE_PARENT,
            "Single-parent family (IPT-A)",
            "The original IPT-A added this fifth area for adolescents.",
            (
                "Acknowledge the separation or absence of a parent and its effect.",
                "Clarify feelings and expectations about the parents' roles.",
                "Work out a relationship with the absent or remaining parent.",
            ),
            (
                "Explore feelings about the family change.",
                "Communication analysis and role-play with the parent concerned.",
                "Parent-adolescent session if the area involves a parent.",
            ),
            "alpfmedical IPT-A page (ipt.md §4.5); goals paraphrased, UNVERIFIED in ipt.md",
            adolescents_only=True,
        ),
    )
}

DISPUTE_STAGES = {
    "renegotiation": "Renegotiation: both are aware of the differences and actively trying to "
    "bring about changes",
    "impasse": "Impasse: negotiation has stalled (usual manual definition, UNVERIFIED)",
    "dissolution": "Dissolution: the relationship is beyond repair; IPT helps the transition "
    "towards ending it",
}

# How far before (or after) symptom onset an event still counts as "near onset". IPT asks
# about changes in relationships close to onset (IPT-UK); six months is our working window.
NEAR_ONSET_DAYS = 183
EVENT_KINDS = ("loss", "move", "birth", "new_job", "separation", "other")
TRANSITION_EVENTS = frozenset({"move", "birth", "new_job", "separation", "other"})
CONFLICT_LEVELS = ("never", "rarely", "sometimes", "often")


def areas_for(population: str) -> list[Area]:
    """Areas a clinician may choose: single-parent family only for adolescents."""
    return [a for a in AREAS.values() if not a.adolescents_only or population == "adolescents"]


@dataclass(frozen=True)
class Person:
    label: str
    relationship: str
    ring: str = "middle"  # inner, middle, outer
    conflict: str = "never"  # one of CONFLICT_LEVELS
    resolved: bool | None = None
    reciprocal: bool | None = None  # mutual expectations reciprocal? None: unknown
    recent_change: str = ""
    supportive: bool = False


@dataclass(frozen=True)
class Event:
    kind: str  # one of EVENT_KINDS; "loss" is the death of someone close
    on: date
    label: str = ""


@dataclass(frozen=True)
class Suggestion:
    area: str
    label: str
    evidence: tuple[str, ...]
    source: str
    last_resort: bool = False
    stage_hint: str = ""


@dataclass
class _Found:
    evidence: list[str] = field(default_factory=list)
    stage_hint: str = ""


def near_onset(event: Event, onset: date | None) -> bool:
    return onset is not None and abs((event.on - onset).days) <= NEAR_ONSET_DAYS


def _when(event: Event, onset: date) -> str:
    days = (event.on - onset).days
    if days == 0:
        return "at symptom onset"
    months = max(1, round(abs(days) / 30.4))
    unit = "month" if months == 1 else "months"
    return f"{months} {unit} {'before' if days < 0 else 'after'} symptom onset"


def suggest_areas(
    people: Sequence[Person],
    events: Iterable[Event],
    onset: date | None,
    *,
    population: str = "adults",
    lonely: bool = False,
) -> list[Suggestion]:
    """Suggest problem areas with the evidence for each, strongest first.

    - a death near onset: grief;
    - a conflict with non-reciprocal expectations: role dispute (stage hinted, never decided);
    - a major life change near onset: role transition;
    - isolation with no acute event: deficits, only when no other area fits (last resort);
    - for adolescents, a separation near onset also raises the single-parent-family area.
    `lonely` is a UCLA-3 result in the lonely band, counted as evidence of isolation.
    """
    events = sorted(events, key=lambda e: e.on)
    found: dict[str, _Found] = {}

    for e in events:
        if onset is None or not near_onset(e, onset):
            continue
        if e.kind == "loss":
            found.setdefault(GRIEF, _Found()).evidence.append(
                f"Death or loss: {e.label or 'someone close'} ({e.on:%b %Y}), {_when(e, onset)}."
            )
        elif e.kind in TRANSITION_EVENTS:
            kind = e.kind.replace("_", " ")
            found.setdefault(ROLE_TRANSITION, _Found()).evidence.append(
                f"Life change ({kind}): {e.label or kind} ({e.on:%b %Y}), {_when(e, onset)}."
            )
            if e.kind == "separation" and population == "adolescents":
                found.setdefault(SINGLE_PARENT, _Found()).evidence.append(
                    f"Separation in the family: {e.label or 'separation'} ({e.on:%b %Y})."
                )

    for p in people:
        if p.conflict in ("sometimes", "often", "rarely") and p.reciprocal is False:
            item = found.setdefault(ROLE_DISPUTE, _Found())
            state = "unresolved" if p.resolved is False else "resolved at times"
            item.evidence.append(
                f"Conflict with {p.label} ({p.relationship}): {p.conflict}, {state}; "
                "expectations are not reciprocal."
            )
            if not item.stage_hint:
                item.stage_hint = "renegotiation" if p.resolved is not False else "impasse"

    if not found:
        close = [p for p in people if p.ring in ("inner", "middle")]
        isolated = len(close) < 2
        if isolated or lonely:
            evidence = []
            if isolated:
                evidence.append(
                    f"Few close relationships: {len(close)} person(s) in the inner or middle ring."
                )
            if lonely:
                evidence.append("UCLA-3 loneliness score in the lonely range.")
            evidence.append(
                "No acute life event near onset. Area of last resort: rule out "
                "depression-related withdrawal first."
            )
            found[DEFICITS] = _Found(evidence)

    order = [GRIEF, ROLE_DISPUTE, ROLE_TRANSITION, SINGLE_PARENT, DEFICITS]
    return [
        Suggestion(
            area=slug,
            label=AREAS[slug].label,
            evidence=tuple(found[slug].evidence),
            source=AREAS[slug].source,
            last_resort=slug == DEFICITS,
            stage_hint=found[slug].stage_hint,
        )
        for slug in sorted(found, key=lambda s: (-len(found[s].evidence), order.index(s)))
    ]
