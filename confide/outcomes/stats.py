"""Outcome statistics for measurement-based care. Pure Python: no Django import.

Every rule carries its source (`Rule.source`) so that the page that applies it can show it.
The thresholds follow shared/reference/instruments.md §1.11 ("Thresholds used in practice").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

# --- rules and their sources -----------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A named threshold with the words a clinician reads and where it comes from."""

    name: str
    text: str
    source: str


NCT = "NHS Talking Therapies convention as given at NCT05134103 (inclinicaltrials.com)"
NHS_OUTCOMES = "NHS Digital, Psychological Therapies (IAPT) annual report, outcomes pages"

CASENESS = Rule(
    "Caseness",
    "At caseness: PHQ-9 of 10 or more (above 9), or GAD-7 of 8 or more (above 7).",
    NCT + "; Fingertips glossary (above cut-off on anxiety, depression or both)",
)
RECOVERY = Rule(
    "Recovery",
    "At caseness at the start of the course and not at caseness at its latest measure.",
    NHS_OUTCOMES + " (December 2020)",
)
RELIABLE_RECOVERY = Rule(
    "Reliable recovery",
    "Meets both recovery and reliable improvement.",
    NHS_OUTCOMES + " (June 2020)",
)
RELIABLE_IMPROVEMENT_COURSE = Rule(
    "Reliable improvement (course)",
    "A drop in PHQ-9 of 6 or more and/or a drop in GAD-7 of 4 or more. Confide applies this "
    "and/or rule as published; the further condition sometimes added (no reliable "
    "deterioration on the other measure) could not be verified, so a course can show both "
    "reliable improvement on one measure and reliable deterioration on the other.",
    NCT,
)
RESPONSE = Rule(
    "Response",
    "The latest score is at least 50% lower than the first (baseline) score.",
    "HEDIS DRR-E (NCQA), depression remission or response",
)
REMISSION = Rule(
    "Remission",
    "Latest PHQ-9 below 5.",
    "HEDIS DRR-E (NCQA); MNCM / NQF 0710",
)
RECOVERY_RATE = Rule(
    "Recovery rate",
    "Recovered ÷ (finished treatment − not at caseness at the start); finished treatment "
    "means at least 2 attended treatment sessions.",
    NHS_OUTCOMES + " (December 2020: 23,291 / (48,111 − 2,957) = 51.6%); Fingertips glossary",
)
WILSON = Rule(
    "95% confidence interval",
    "Wilson score interval for a proportion (z = 1.96).",
    "Wilson EB (1927), J Am Stat Assoc 22:209-212",
)
SUPPRESSION = Rule(
    "Small numbers",
    "Any group of fewer than 5 people is not shown, so that no one can be recognised.",
    "Confide practice rule (small-number suppression)",
)


def jacobson_truax_rci(sd: float, reliability: float, z: float = 1.96) -> float:
    """The smallest change that is reliable at 95%: z × SD × sqrt(2(1 − r)).

    Jacobson NS & Truax P (1991), J Consult Clin Psychol 59:12-19.
    """
    if sd <= 0 or not 0 <= reliability < 1:
        raise ValueError("SD must be positive and reliability in [0, 1).")
    return z * sd * math.sqrt(2 * (1 - reliability))


@dataclass(frozen=True)
class ChangeRule:
    """What counts as reliable change on one instrument, and in which direction is better."""

    instrument: str
    threshold: float | None  # None: no published figure found; no reliable-change rule
    lower_is_better: bool
    text: str
    source: str

    def reliable(self, change: int) -> ReliableChange:
        """`change` is latest minus baseline, on the instrument's own scale."""
        if self.threshold is None:
            return ReliableChange.NO_RULE
        improvement = -change if self.lower_is_better else change
        if improvement >= self.threshold:
            return ReliableChange.IMPROVED
        if -improvement >= self.threshold:
            return ReliableChange.DETERIORATED
        return ReliableChange.NO_RELIABLE_CHANGE


class ReliableChange(StrEnum):
    IMPROVED = "reliable_improvement"
    DETERIORATED = "reliable_deterioration"
    NO_RELIABLE_CHANGE = "no_reliable_change"
    NO_RULE = "no_rule"


CHANGE_RULES: dict[str, ChangeRule] = {
    "phq9": ChangeRule(
        "phq9", 6, True, "A change of 6 points or more on the PHQ-9 is reliable.", NCT
    ),
    "gad7": ChangeRule(
        "gad7", 4, True, "A change of 4 points or more on the GAD-7 is reliable.", NCT
    ),
    # Published Jacobson-Truax RCIs (the authors computed 1.96 × SD × sqrt(2(1 − r)) from
    # their sample's SD and reliability); we use their published result, not our own guess.
    "epds": ChangeRule(
        "epds",
        4,
        True,
        "A change of 4 points or more on the EPDS is reliable (Jacobson-Truax index).",
        "Matthey S (2004), Calculating clinically significant change in postnatal depression "
        "studies using the Edinburgh Postnatal Depression Scale, J Affect Disord, "
        "doi:10.1016/S0165-0327(02)00313-0",
    ),
    "pcl5": ChangeRule(
        "pcl5",
        15,
        True,
        "A change of 15 points or more on the PCL-5 is reliable (Jacobson-Truax index, "
        "sample 1 of male veterans; the same paper found 18 in a smaller sample).",
        "Marx BP, Lee DJ, Norman SB et al. (2022), Reliable and clinically significant change "
        "in the CAPS-5 and PCL-5 among male veterans, Psychol Assess 34(2):197-203",
    ),
    "who5": ChangeRule(
        "who5",
        23.6,
        False,
        "A change of 24 points or more on the 0-100 WHO-5 is reliable (minimal detectable "
        "change 23.6 = 1.96 × √2 × SEM, test-retest ICC 0.81, in epilepsy outpatients; "
        "WHO-5 totals move in steps of 4, so in practice 24).",
        "Test-retest reliability and measurement error of the Danish WHO-5 Well-being Index "
        "in outpatients with epilepsy (2018), Health Qual Life Outcomes, "
        "doi:10.1186/s12955-018-1001-0",
    ),
    "ucla3": ChangeRule(
        "ucla3",
        None,
        True,
        "No reliable-change rule: no published SD and reliability for change on the UCLA "
        "3-item scale were found, so Confide shows the change without judging it.",
        "none found",
    ),
}


def change_rule(instrument: str) -> ChangeRule:
    return CHANGE_RULES.get(
        instrument,
        ChangeRule(instrument, None, True, "No reliable-change rule for this questionnaire.", ""),
    )


# --- one instrument over time ----------------------------------------------------------


@dataclass(frozen=True)
class SeriesStats:
    """What one instrument's scores over a course show. The first score is the baseline."""

    instrument: str
    scores: tuple[int, ...]
    baseline: int
    latest: int
    change: int  # latest - baseline
    reliable: ReliableChange
    response: bool | None  # None: not defined (baseline 0, or a higher-is-better instrument)
    remission: bool | None  # PHQ-9 only
    rule: ChangeRule

    @property
    def measured(self) -> int:
        return len(self.scores)


def is_response(baseline: int, latest: int) -> bool | None:
    """At least a 50% reduction from baseline (HEDIS DRR-E). Undefined from a baseline of 0."""
    if baseline <= 0:
        return None
    return latest * 2 <= baseline


def is_remission(phq9: int) -> bool:
    """PHQ-9 below 5 (HEDIS DRR-E; NQF 0710)."""
    return phq9 < 5


def series_stats(instrument: str, scores: Sequence[int]) -> SeriesStats | None:
    """Stats over scores in time order (earliest first); None when there are none."""
    if not scores:
        return None
    rule = change_rule(instrument)
    baseline, latest = scores[0], scores[-1]
    change = latest - baseline
    return SeriesStats(
        instrument=instrument,
        scores=tuple(scores),
        baseline=baseline,
        latest=latest,
        change=change,
        reliable=rule.reliable(change) if len(scores) > 1 else ReliableChange.NO_RELIABLE_CHANGE,
        response=is_response(baseline, latest) if rule.lower_is_better else None,
        remission=is_remission(latest) if instrument == "phq9" else None,
        rule=rule,
    )


# --- the course: PHQ-9 and GAD-7 together (NHS Talking Therapies) ----------------------


def at_caseness(phq9: int | None, gad7: int | None) -> bool | None:
    """PHQ-9 >= 10 or GAD-7 >= 8; None when neither is known."""
    if phq9 is None and gad7 is None:
        return None
    return (phq9 is not None and phq9 >= 10) or (gad7 is not None and gad7 >= 8)


@dataclass(frozen=True)
class CourseOutcome:
    caseness_at_start: bool | None
    caseness_at_end: bool | None
    recovered: bool | None  # None: not at caseness at the start, or too few measures
    reliable_improvement: bool
    reliable_deterioration: bool
    reliable_recovery: bool | None


def course_outcome(phq9: SeriesStats | None, gad7: SeriesStats | None) -> CourseOutcome:
    """Recovery and reliable change over a course, from the first and latest PHQ-9/GAD-7."""
    start = at_caseness(phq9.baseline if phq9 else None, gad7.baseline if gad7 else None)
    measured_twice = any(s is not None and s.measured > 1 for s in (phq9, gad7))
    end = (
        at_caseness(phq9.latest if phq9 else None, gad7.latest if gad7 else None)
        if measured_twice
        else None
    )
    series = [s for s in (phq9, gad7) if s is not None]
    improved = any(s.reliable == ReliableChange.IMPROVED for s in series)
    deteriorated = any(s.reliable == ReliableChange.DETERIORATED for s in series)
    recovered = (start and end is False) if (start and end is not None) else None
    return CourseOutcome(
        caseness_at_start=start,
        caseness_at_end=end,
        recovered=recovered,
        reliable_improvement=improved,
        reliable_deterioration=deteriorated,
        reliable_recovery=(recovered and improved) if recovered is not None else None,
    )


def recovery_rate(recovered: int, finished: int, not_at_caseness: int) -> float | None:
    """Recovered ÷ (finished treatment − not at caseness); None when nobody qualifies."""
    if min(recovered, finished, not_at_caseness) < 0:
        raise ValueError("Counts cannot be negative.")
    eligible = finished - not_at_caseness
    if recovered > eligible:
        raise ValueError("More recovered than eligible for recovery.")
    return recovered / eligible if eligible > 0 else None


FINISHED_MIN_SESSIONS = 2  # "finished treatment": at least 2 attended sessions (Fingertips)


def finished_treatment(attended_sessions: int) -> bool:
    return attended_sessions >= FINISHED_MIN_SESSIONS


# --- confidence intervals and suppression ----------------------------------------------


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """Wilson score interval for successes / n; None when n is 0."""
    if n < 0 or successes < 0 or successes > n:
        raise ValueError("Need 0 <= successes <= n.")
    if n == 0:
        return None
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    # At 0 or n the interval touches the end exactly (avoid a rounding hair inside it).
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


MIN_CELL = 5


@dataclass(frozen=True)
class Rate:
    successes: int
    n: int
    suppressed: bool
    rate: float | None
    low: float | None
    high: float | None


def rate(successes: int, n: int, min_cell: int = MIN_CELL) -> Rate:
    """A proportion with its Wilson interval; hidden (all None) when n < min_cell."""
    if n < min_cell:
        return Rate(successes, n, True, None, None, None)
    interval = wilson_interval(successes, n)
    assert interval is not None
    return Rate(successes, n, False, successes / n, *interval)


# --- not on track ----------------------------------------------------------------------


class Track(StrEnum):
    RED = "red"
    AMBER = "amber"
    OUTSIDE_BAND = "outside_band"
    ON_TRACK = "on_track"
    TOO_EARLY = "too_early"


TRACK_RANK = {Track.RED: 0, Track.OUTSIDE_BAND: 1, Track.AMBER: 2, Track.TOO_EARLY: 3}
TRACK_RANK[Track.ON_TRACK] = 4


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between closest ranks."""
    if not values:
        raise ValueError("No values.")
    if not 0 <= q <= 100:
        raise ValueError("q must be within 0-100.")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    courses: int


def expected_bands(
    courses: Iterable[Sequence[int]],
    band_for: Callable[[int], str],
    *,
    min_courses: int = 30,
    min_cell: int = MIN_CELL,
) -> dict[tuple[str, int], Band]:
    """Expected-recovery bands from the practice's own finished courses.

    `courses` are score series (session 1 first). For each baseline band (the band the first
    score falls in, via `band_for(score) -> str`) and session number k, the band is the
    25th-75th percentile of the scores at session k of courses that started in that band.
    Nothing is returned until there are `min_courses` courses; a cell needs `min_cell` courses.
    """
    series = [list(c) for c in courses if c]
    if len(series) < min_courses:
        return {}
    cells: dict[tuple[str, int], list[int]] = {}
    for scores in series:
        start = band_for(scores[0])
        for k, score in enumerate(scores, start=1):
            cells.setdefault((start, k), []).append(score)
    return {
        key: Band(percentile(values, 25), percentile(values, 75), len(values))
        for key, values in cells.items()
        if len(values) >= min_cell
    }


@dataclass(frozen=True)
class TrackStatus:
    level: Track
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def rank(self) -> int:
        return TRACK_RANK[self.level]


def track_status(
    series: Sequence[SeriesStats],
    *,
    session: int,
    not_on_track_session: int = 6,
    bands: Mapping[tuple[str, int], Band] | None = None,
    band_for: Callable[[int], str] | None = None,
    primary: str = "phq9",
) -> TrackStatus:
    """Whether a course is on track, with the reasons a clinician reads.

    Red: reliable deterioration on any measure. Outside the band: the primary measure's latest
    score is above the 75th percentile of the practice's own courses that started in the same
    band, at the same session. Amber: no reliable improvement on any measure by session
    `not_on_track_session`. A measure with no reliable-change rule never turns red or amber.
    """
    reasons: list[str] = []
    for s in series:
        if s.reliable == ReliableChange.DETERIORATED:
            reasons.append(
                f"{s.instrument.upper()} has risen from {s.baseline} to {s.latest} "
                f"(reliable deterioration: {s.rule.text})"
                if s.rule.lower_is_better
                else f"{s.instrument.upper()} has fallen from {s.baseline} to {s.latest} "
                f"(reliable deterioration: {s.rule.text})"
            )
    if reasons:
        return TrackStatus(Track.RED, tuple(reasons))
    main = next((s for s in series if s.instrument == primary), None)
    if bands and band_for is not None and main is not None and main.measured > 1:
        cell = bands.get((band_for(main.baseline), session))
        if cell is not None and main.latest > cell.high:
            return TrackStatus(
                Track.OUTSIDE_BAND,
                (
                    f"{primary.upper()} {main.latest} at session {session} is above the "
                    f"expected band {cell.low:g}-{cell.high:g} (the middle half of "
                    f"{cell.courses} of this practice's courses that started in the same "
                    "band)",
                ),
            )
    judged = [s for s in series if s.rule.threshold is not None]
    if not judged or session < 2:
        return TrackStatus(Track.TOO_EARLY)
    if any(s.reliable == ReliableChange.IMPROVED for s in judged):
        return TrackStatus(Track.ON_TRACK)
    if session >= not_on_track_session:
        return TrackStatus(
            Track.AMBER,
            (
                f"No reliable improvement by session {session} (the practice reviews a course "
                f"without reliable improvement by session {not_on_track_session})",
            ),
        )
    return TrackStatus(Track.TOO_EARLY)
