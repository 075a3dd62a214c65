"""What a set of scores means for the person who took the check, in plain words (pure Python)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from confide.instruments import Instrument, Result

# Ordered from least to most urgent; a report takes the most urgent of its results.
NEXT_STEP_ORDER = ("self_care", "consider_consultation", "recommend_clinician", "reach_out_today")


@dataclass(frozen=True)
class NextStep:
    """`text` may name {crisis_line}: the page fills in the practice's own (practice/crisis.py)."""

    slug: str
    title: str
    text: str
    urgent: bool


NEXT_STEPS: dict[str, NextStep] = {
    s.slug: s
    for s in (
        NextStep(
            "self_care",
            "Look after yourself, and check again in two weeks",
            "Keep doing what helps: sleep, movement, time with people you trust. Take this check "
            "again in two weeks to see how things are going. If you are struggling, whatever your "
            "answers say, you are welcome to talk with one of our clinicians.",
            urgent=False,
        ),
        NextStep(
            "consider_consultation",
            "Consider a consultation",
            "Your answers suggest these feelings are affecting you. A conversation with a "
            "clinician can help you understand what is going on and what might help.",
            urgent=False,
        ),
        NextStep(
            "recommend_clinician",
            "We recommend speaking with a clinician soon",
            "Your answers suggest these problems are having a real effect on your life. Talking "
            "with a clinician in the next week or two is a good next step; help works, and you "
            "do not have to manage this alone.",
            urgent=True,
        ),
        NextStep(
            "reach_out_today",
            "Please reach out today",
            "Your answers suggest you are going through a very hard time. Please talk to someone "
            "today: call us, your doctor, or {crisis_line}.",
            urgent=True,
        ),
    )
}


@dataclass(frozen=True)
class ScoredInstrument:
    instrument: Instrument
    result: Result


@dataclass(frozen=True)
class Report:
    scored: tuple[ScoredInstrument, ...]
    risk: bool
    risk_unanswered: bool
    next_step: NextStep


def build_report(scored: Sequence[ScoredInstrument]) -> Report:
    """Combine results: any positive safety item means crisis help and 'reach out today'."""
    risk = any("risk" in s.result.flags for s in scored)
    risk_unanswered = any("risk_unanswered" in s.result.flags for s in scored)
    steps = [s.result.band.next_step for s in scored if s.result.band is not None]
    if risk:
        steps.append("reach_out_today")
    slug = max(steps, key=NEXT_STEP_ORDER.index, default="consider_consultation")
    return Report(
        scored=tuple(scored),
        risk=risk,
        risk_unanswered=risk_unanswered,
        next_step=NEXT_STEPS[slug],
    )
