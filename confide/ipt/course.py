"""The course of IPT: phases, session counts and each session's agenda template.

Plain Python, no Django. Sources are shared/reference/ipt.md §4.1 (structure), §4.2 (area
strategies), §4.5 (adaptations) and the practice description's tailoring by population.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from confide.ipt.problem_areas import AREAS

INITIAL, MIDDLE, TERMINATION = "initial", "middle", "termination"
PHASE_LABELS = {INITIAL: "Initial", MIDDLE: "Middle", TERMINATION: "Termination"}

STANDARD, IPT_A, BRIEF = "standard", "ipt_a", "brief"
COURSE_LABELS = {
    STANDARD: "Standard IPT (12-16 weekly sessions)",
    IPT_A: "IPT-A for adolescents (12 sessions, parents at start, middle and end)",
    BRIEF: "Brief IPT (8 sessions)",
}
MIN_SESSIONS, MAX_SESSIONS = 12, 16

PHASE_TASKS = {
    INITIAL: (
        "Diagnose the target syndrome with a severity scale and give the sick role.",
        "Take the interpersonal inventory: important people, closeness, support, conflict, "
        "changes near symptom onset.",
        "Relate the depression to the interpersonal context; select the focus.",
        "Present the formulation; agree the contract: focus, number of sessions, time frame.",
    ),
    MIDDLE: (
        "Repeat the severity scale: psychoeducation and an update on progress.",
        "Work on the chosen problem area (strategies below).",
        "Link mood changes in the past week to interpersonal events.",
        "Practise new behaviours and responses between sessions: insight alone is not curative.",
    ),
    TERMINATION: (
        "Consolidate gains; ask why the client feels better.",
        "Acknowledge feelings about ending, itself a role transition.",
        "Plan for early warning signs after the course ends.",
        "Offer alternative treatment to non-responders, or a new contract for continuation or "
        "maintenance IPT.",
    ),
}
PHASE_SOURCES = {
    INITIAL: "Markowitz foc.4.2.179; IPT-UK stages of IPT (ipt.md §4.1)",
    MIDDLE: "IPT-UK stages; foc.4.2.179; practice description ('Insight alone is not curative')",
    TERMINATION: "Oxford Clinical Psych ch. 9 abstract (ipt.md §4.1)",
}

POPULATION_TAILORING = {
    "children": (
        "Family involvement: the clinician works closely with the child and their family; "
        "focus on family dynamics, peer relationships and school stressors.",
        "practice description ('IPT helps children…')",
    ),
    "adolescents": (
        "IPT-A: 12 weeks; parents take part in the first session, a parent-adolescent session in "
        "the middle phase if the problem area involves a parent, and at the end.",
        "Mufson IPT-A; continuum.militaryfamilies.psu.edu (ipt.md §4.5)",
    ),
    "perinatal": (
        "Perinatal IPT: the transition to parenthood; partner sessions to strengthen the "
        "relationship with the partner (partner-assisted IPT).",
        "O'Hara 2000; partner-assisted IPT PMC3495994 (ipt.md §4.5); practice description",
    ),
    "professionals": (
        "Work-life balance and career transitions (changes, promotions); communication with "
        "colleagues; flexible virtual or in-person scheduling.",
        "practice description (high-functioning adults and professionals; virtual sessions)",
    ),
    "adults": ("", ""),
}


@dataclass(frozen=True)
class Caution:
    """Something to check before a course starts, with the sentence it comes from."""

    key: str
    label: str
    text: str


# IPT-A's published population: "12-week treatment for ages 12-18 with mild-moderate,
# non-psychotic depression; not for acutely suicidal, bipolar or substance-abusing
# adolescents" (cebc4cw.org, ipt.md §4.5).
IPT_A_SOURCE = (
    "Mufson IPT-A, as described by cebc4cw.org (Interpersonal Psychotherapy for Depressed "
    "Adolescents), ipt.md §4.5"
)
IPT_A_EXCLUSIONS: tuple[Caution, ...] = (
    Caution(
        "acutely_suicidal",
        "Acutely suicidal",
        "IPT-A is not for an adolescent who is acutely suicidal: assess the risk and make a "
        "safety plan first; start IPT-A only once the risk is managed.",
    ),
    Caution(
        "bipolar",
        "Bipolar disorder",
        "IPT-A is not for adolescents with bipolar disorder; the adaptation studied for them is "
        "IPSRT-A (ipt.md §4.5).",
    ),
    Caution(
        "substance_abuse",
        "Substance abuse",
        "IPT-A is not for adolescents who are abusing alcohol or drugs.",
    ),
    Caution(
        "severity",
        "Severe or psychotic depression",
        "IPT-A was studied in mild to moderate depression without psychotic features.",
    ),
)


# PHQ-9 and PHQ-A share the severity bands: 20-27 is severe (LOINC LL382-3; GLAD-PC).
SEVERE_FROM = 20
_NAMES = {"phqa": "PHQ-A", "phq9": "PHQ-9"}


@dataclass(frozen=True)
class CautionCheck:
    caution: Caution
    now: str  # this client's evidence that it needs checking now; empty when none is known


def exclusion_checks(
    cautions: Sequence[Caution],
    *,
    open_risk_alerts: int,
    scores: Mapping[str, int | None],
) -> list[CautionCheck]:
    """Each caution with what this client's record says about it now."""
    phq = next(
        ((code, v) for code in ("phqa", "phq9") if (v := scores.get(code)) is not None), None
    )
    checks = []
    for caution in cautions:
        now = ""
        if caution.key == "acutely_suicidal" and open_risk_alerts:
            plural = "s" if open_risk_alerts > 1 else ""
            now = f"Check now: {open_risk_alerts} open risk alert{plural}."
        elif caution.key == "severity" and phq is not None and phq[1] >= SEVERE_FROM:
            now = f"Check now: latest {_NAMES[phq[0]]} {phq[1]} (severe)."
        checks.append(CautionCheck(caution, now))
    return checks


@dataclass(frozen=True)
class SessionTemplate:
    number: int
    phase: str
    tasks: tuple[str, ...]
    strategies: tuple[str, ...]
    joined_by: str = ""  # "parent", "caregiver", "partner" or ""
    tailoring: str = ""

    @property
    def phase_label(self) -> str:
        return PHASE_LABELS[self.phase]


@dataclass(frozen=True)
class Course:
    kind: str
    population: str
    total: int
    sessions: tuple[SessionTemplate, ...]
    tailoring: str
    tailoring_source: str

    @property
    def cautions(self) -> tuple[Caution, ...]:
        """IPT-A's published exclusions, to check before it starts; none for other courses."""
        return IPT_A_EXCLUSIONS if self.kind == IPT_A else ()

    def phase_of(self, number: int) -> str:
        return self.sessions[number - 1].phase

    def numbers(self, phase: str) -> list[int]:
        return [s.number for s in self.sessions if s.phase == phase]


class CourseError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def course_kind_for(population: str) -> str:
    return IPT_A if population == "adolescents" else STANDARD


def phase_for(number: int, total: int) -> str:
    """Initial: sessions 1-3 (Markowitz: no more than three); termination: the last 3 of a
    12-16 course, the last 2 of a brief course; the middle is everything between."""
    closing = 2 if total < MIN_SESSIONS else 3
    if number <= 3:
        return INITIAL
    if number > total - closing:
        return TERMINATION
    return MIDDLE


def plan_course(
    population: str,
    areas: Sequence[str] = (),
    *,
    kind: str | None = None,
    total: int | None = None,
) -> Course:
    """Lay out the sessions of a course with their agenda templates.

    population is one of children, adolescents, adults, perinatal, professionals. IPT-A is
    fixed at 12 sessions; a brief course at 8; a standard course is 12-16 (12 by default).
    """
    if population not in POPULATION_TAILORING:
        raise CourseError("population", f"Unknown population {population!r}.")
    unknown = [a for a in areas if a not in AREAS]
    if unknown:
        raise CourseError("areas", f"Unknown problem area(s): {', '.join(unknown)}.")
    kind = kind or course_kind_for(population)
    if kind not in COURSE_LABELS:
        raise CourseError("kind", f"Unknown course {kind!r}.")
    if kind == IPT_A and population != "adolescents":
        raise CourseError("kind", "IPT-A is for adolescents (12-18).")
    fixed = {IPT_A: 12, BRIEF: 8}.get(kind)
    if fixed is not None:
        if total not in (None, fixed):
            raise CourseError("total", f"{COURSE_LABELS[kind]} has {fixed} sessions.")
        total = fixed
    elif total is None:
        total = MIN_SESSIONS
    elif not MIN_SESSIONS <= total <= MAX_SESSIONS:
        raise CourseError("total", "A standard course has 12 to 16 sessions.")

    strategies = tuple(s for a in areas for s in AREAS[a].strategies)
    tailoring, source = POPULATION_TAILORING[population]
    middle_numbers = [n for n in range(1, total + 1) if phase_for(n, total) == MIDDLE]
    middle_point = middle_numbers[len(middle_numbers) // 2]
    joined: dict[int, str] = {}
    if kind == IPT_A or population == "children":
        # Parents at three points: the start, the middle and the end (IPT-A).
        who = "parent" if kind == IPT_A else "caregiver"
        joined = {1: who, middle_point: who, total: who}
    elif population == "perinatal":
        # Partner sessions: one while the inventory is taken, one in the middle phase.
        joined = {2: "partner", middle_point: "partner"}

    sessions = []
    for n in range(1, total + 1):
        phase = phase_for(n, total)
        tasks = list(PHASE_TASKS[phase])
        if phase == INITIAL and n > 1:
            tasks = tasks[1:] if n < 3 else tasks[2:]
        if n == 1:
            tasks = tasks[:2]
        if joined_by := joined.get(n, ""):
            tasks.append(_joined_task(joined_by, phase))
        sessions.append(
            SessionTemplate(
                number=n,
                phase=phase,
                tasks=tuple(tasks),
                strategies=strategies if phase == MIDDLE else (),
                joined_by=joined.get(n, ""),
                tailoring=tailoring,
            )
        )
    return Course(kind, population, total, tuple(sessions), tailoring, source)


def _joined_task(who: str, phase: str) -> str:
    if who == "partner":
        return "Partner session: the transition to parenthood and support at home."
    if phase == INITIAL:
        return f"{who.title()} session: explain depression and the course; hear the {who}'s view."
    if phase == MIDDLE:
        return (
            f"{who.title()}-client session on the chosen area if it involves the {who}; "
            "practise communication together."
        )
    return f"{who.title()} session: review progress, warning signs and what happens next."
