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


# A card whose safety question was answered positively reads this, never the band's
# reassurance: "few signs of depression" under a crisis panel would contradict it.
SAFETY_HEADLINE = "Your answer about your safety matters most"
SAFETY_MEANING = (
    "You told us about thoughts of being better off dead, of suicide or of hurting yourself. "
    "Whatever the total, that answer matters more than the score: please talk to someone "
    "today. You can call or text 988 at any time, and call 911 if you are in danger now."
)


@dataclass(frozen=True)
class Reading:
    """How one instrument's card reads: its headline, what it means, and any note."""

    headline: str
    meaning: str
    safety: bool = False
    note: str = ""


def recall_phrase(instrument: Instrument) -> str | None:
    """ "the last 2 weeks" from "Over the last 2 weeks"; None for a scale with no period."""
    if not instrument.recall_text:
        return None
    text = instrument.recall_text
    for lead in ("Over ", "In "):
        if text.startswith(lead):
            text = text[len(lead) :]
    return text[:1].lower() + text[1:]


def _names(instruments: Sequence[Instrument]) -> str:
    names = [i.short_name for i in instruments]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


@dataclass(frozen=True)
class ScoredInstrument:
    instrument: Instrument
    result: Result

    @property
    def recall(self) -> str | None:
        return recall_phrase(self.instrument)

    @property
    def public_notes(self) -> tuple[str, ...]:
        """The result's notes for the person who took the check. The notes on safety items
        are written for clinicians; the card's reading and the crisis help say it to them."""
        return tuple(n for n in self.result.notes if not n.startswith("Safety question"))

    @property
    def reading(self) -> Reading:
        band = self.result.band
        if "risk" in self.result.flags:
            note = (
                f"The total alone, {self.result.total}, falls in the {band.label.lower()} range "
                f"({band.low}-{band.high})."
                if band is not None
                else ""
            )
            return Reading(SAFETY_HEADLINE, SAFETY_MEANING, safety=True, note=note)
        if band is None:
            return Reading("Not scored", "Not enough questions were answered to give a score.")
        return Reading(band.label, band.meaning)


@dataclass(frozen=True)
class Report:
    scored: tuple[ScoredInstrument, ...]
    risk: bool
    risk_unanswered: bool
    next_step: NextStep

    @property
    def recall_sentence(self) -> str:
        """Which period the scores describe, per instrument: a scale with no recall period
        (UCLA-3) is not said to describe "the past two weeks"."""
        by_days: dict[int, list[Instrument]] = {}
        timeless: list[Instrument] = []
        for s in self.scored:
            if s.instrument.recall_days is None or s.recall is None:
                timeless.append(s.instrument)
            else:
                by_days.setdefault(s.instrument.recall_days, []).append(s.instrument)
        parts = [
            f"your {_names(group)} {'score describes' if len(group) == 1 else 'scores describe'} "
            f"{recall_phrase(group[0])}"
            for _, group in sorted(by_days.items())
        ]
        sentence = ""
        if parts:
            sentence = "; ".join(parts) + "."
            sentence = sentence[:1].upper() + sentence[1:]
        if timeless:
            verb = "asks" if len(timeless) == 1 else "ask"
            sentence += (
                f" The {_names(timeless)} {verb} how things are for you in general, with no "
                "set time period."
            )
        return sentence.strip()


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
