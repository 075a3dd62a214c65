"""Urgency: the reviewed danger-word list and the queue order."""

from datetime import datetime, timedelta

import pytest

from confide.intake.triage import (
    DANGER_PHRASES,
    QueueEntry,
    assess,
    danger_words,
    order_queue,
    severity_rank,
)


@pytest.mark.parametrize(
    "text, found",
    [
        ("I have been feeling SUICIDAL lately", ["suicidal"]),
        ("sometimes I want to\n   die", ["want to die"]),
        ("I don’t want to be here any more", ["don't want to be here"]),
        ("my family would be better off dead without me", ["better off dead"]),
        ("I started cutting myself again. Self-harm helps.", ["self-harm", "cutting myself"]),
    ],
)
def test_danger_phrases_match_whole_words_in_any_case_and_spacing(text, found):
    assert danger_words(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "This job is killing me and I am so tired",
        "I am on a diet and want to diet better",
        "Working on my skills; the suicides of characters in novels I teach",
        "",
    ],
)
def test_everyday_words_and_parts_of_words_are_not_flagged(text):
    assert danger_words(text) == []


def test_every_phrase_on_the_list_says_why_it_is_there():
    assert all(words and why for words, why in DANGER_PHRASES)
    assert len({w for w, _ in DANGER_PHRASES}) == len(DANGER_PHRASES)


def test_urgency_comes_from_a_risk_flag_or_words_and_says_why():
    assert not assess(risk_flag=False, text="work stress").urgent
    flagged = assess(risk_flag=True, text="")
    assert flagged.urgent and "safety question" in flagged.reasons[0]
    worded = assess(risk_flag=False, text="I might kill myself")
    assert worded.urgent and "“kill myself”" in worded.reasons[0]


def test_severity_rank_takes_the_most_severe_screening():
    assert severity_rank(["mild", "severe", "minimal"]) == 4
    assert severity_rank(["minimal", "below_threshold"]) == 0
    assert severity_rank([]) == 0


def test_the_queue_puts_urgent_first_then_severity_then_longest_waiting():
    t = datetime(2026, 1, 1, 9, 0)
    entries = [
        QueueEntry("mild old", False, 1, t),
        QueueEntry("severe new", False, 4, t + timedelta(days=2)),
        QueueEntry("urgent newest", True, 0, t + timedelta(days=3)),
        QueueEntry("severe old", False, 4, t + timedelta(days=1)),
        QueueEntry("question", False, 0, t - timedelta(days=1)),
    ]
    assert [e.key for e in order_queue(entries)] == [
        "urgent newest",
        "severe old",
        "severe new",
        "mild old",
        "question",
    ]
