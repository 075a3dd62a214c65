"""Urgency for the intake queue: plain Python, no Django.

A request is urgent when its attached screening has a risk flag (a positive safety item, such as
PHQ-9 item 9) or when its free text holds words that suggest danger. Urgent requests come
first; then the more severe screenings; then whoever has waited longest.

The danger-word list below was reviewed against the practice's crisis protocol. Why it looks
the way it does:
- It errs towards flagging: a false alarm costs the coordinator one phone call today; a missed
  one can cost a life. Phrases are still chosen so that everyday speech ("this job is killing
  me") is not flagged by a bare "kill".
- It matches whole words and phrases, case-insensitively, with any run of spaces or line breaks
  between words, so "Suicidal" and "want to\\ndie" match but "diet" or "skills" do not.
- It covers the person's own safety (suicide, self-harm), harm to or from others (violence,
  abuse) and a child's safety, because each of these calls for contact the same day.
- It is not a diagnosis and not the only safeguard: the coordinator reads every request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

# Each phrase: (words, why it is on the list). Words are matched as whole words.
DANGER_PHRASES: tuple[tuple[str, str], ...] = (
    ("suicide", "names suicide directly"),
    ("suicidal", "names suicidal thoughts"),
    ("kill myself", "intent to end one's life"),
    ("killing myself", "intent to end one's life"),
    ("end my life", "intent to end one's life"),
    ("ending my life", "intent to end one's life"),
    ("take my own life", "intent to end one's life"),
    ("want to die", "a wish to be dead (PHQ-9 item 9 territory)"),
    ("wanting to die", "a wish to be dead"),
    ("better off dead", "the PHQ-9 item 9 wording itself"),
    ("no reason to live", "hopelessness that often comes with suicidal thinking"),
    ("don't want to be here", "a common indirect way of saying one wants to die"),
    ("do not want to be here", "a common indirect way of saying one wants to die"),
    ("self-harm", "names self-harm"),
    ("self harm", "names self-harm"),
    ("hurt myself", "harm to oneself"),
    ("hurting myself", "harm to oneself"),
    ("cutting myself", "self-harm by cutting"),
    ("overdose", "a means of self-harm or an emergency"),
    ("hurt someone", "risk of harm to others"),
    ("kill him", "risk of harm to others"),
    ("kill her", "risk of harm to others"),
    ("kill them", "risk of harm to others"),
    ("hits me", "possible abuse or violence at home"),
    ("abused", "possible abuse"),
    ("abusing", "possible abuse"),
    ("domestic violence", "violence at home"),
    ("not safe at home", "danger at home"),
    ("unsafe at home", "danger at home"),
    ("afraid for my life", "fear for one's safety"),
)

# Severity slugs (API.md) in the order that should be seen first: higher is more severe.
# Bands that are not a concern count 0; a screening that could not be scored counts 0 too.
SEVERITY_RANK: dict[str, int] = {
    "severe": 4,
    "moderately_severe": 3,
    "probable_depression": 3,
    "probable_ptsd": 3,
    "depression_likely": 3,
    "moderate": 2,
    "possible_depression": 2,
    "poor": 2,
    "mild": 1,
    "positive": 1,
    "lonely": 1,
}
SEVERITY_WORDS = {4: "severe", 3: "high", 2: "moderate", 1: "mild", 0: "none recorded"}


def _pattern(words: str) -> re.Pattern[str]:
    parts = [re.escape(w) for w in words.split()]
    # \b at both ends: whole words only; \s+ between words: any spacing or line break.
    return re.compile(r"\b" + r"\s+".join(parts) + r"\b", re.IGNORECASE)


_PATTERNS = tuple((_pattern(words), words) for words, _why in DANGER_PHRASES)


def _normalise(text: str) -> str:
    # Curly apostrophes from phones and word processors would hide "don't".
    return text.replace("\u2019", "'").replace("\u2018", "'")


def danger_words(text: str) -> list[str]:
    """Return the listed phrases found in `text`, in list order, each once."""
    text = _normalise(text or "")
    return [words for pattern, words in _PATTERNS if pattern.search(text)]


def severity_rank(severities: Iterable[str]) -> int:
    """The most severe rank among the attached screenings' severity slugs (0 when none)."""
    return max((SEVERITY_RANK.get(s, 0) for s in severities), default=0)


@dataclass(frozen=True)
class Urgency:
    urgent: bool
    reasons: tuple[str, ...]


def assess(*, risk_flag: bool, text: str) -> Urgency:
    """Decide whether a request is urgent, and say why in words a coordinator can act on."""
    reasons: list[str] = []
    if risk_flag:
        reasons.append("the attached screening has a positive answer on a safety question")
    found = danger_words(text)
    if found:
        reasons.append("the message mentions: " + ", ".join(f"“{w}”" for w in found))
    return Urgency(bool(reasons), tuple(reasons))


@dataclass(frozen=True)
class QueueEntry:
    """Anything waiting for the coordinator: a consultation request or an expert question."""

    key: object
    urgent: bool
    severity: int
    waiting_since: datetime


def order_queue(entries: Sequence[QueueEntry]) -> list[QueueEntry]:
    """Urgent first, then more severe, then longest waiting (earliest first)."""
    return sorted(entries, key=lambda e: (not e.urgent, -e.severity, e.waiting_since))
