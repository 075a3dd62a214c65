"""How the public result reads: a positive safety item changes the card, whatever the total;
each card says its own time period, and a scale with none is not given one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confide import instruments
from confide.screening.report import (
    SAFETY_HEADLINE,
    ScoredInstrument,
    build_report,
    recall_phrase,
)
from tests.factories import answer, start

PHQ9 = instruments.get("phq9")


def scored(code, responses, extras=None):
    instrument = instruments.get(code)
    return ScoredInstrument(instrument, instruments.score(instrument, responses, extras=extras))


@given(st.lists(st.integers(0, 3), min_size=8, max_size=8), st.integers(1, 3))
def test_a_positive_item_9_never_reads_as_its_band_whatever_the_total(items, nine):
    card = scored("phq9", [*items, nine])
    reading = card.reading
    assert reading.safety and reading.headline == SAFETY_HEADLINE
    assert card.result.band.meaning not in reading.meaning
    assert "few signs" not in reading.meaning and "988" in reading.meaning
    assert f"The total alone, {card.result.total}" in reading.note


def test_the_minimal_phq9_with_item_9_positive_names_its_range_without_reassurance():
    reading = scored("phq9", [0] * 8 + [1]).reading
    assert reading.note == "The total alone, 1, falls in the minimal range (0-4)."
    assert not any("Safety question" in n for n in scored("phq9", [0] * 8 + [1]).public_notes)


def test_without_a_safety_answer_the_card_reads_as_its_band():
    card = scored("phq9", [0] * 9)
    assert not card.reading.safety
    assert card.reading.headline == "Minimal"
    assert card.reading.meaning.startswith("Your answers show few signs of depression")


def test_a_positive_safety_item_on_another_instrument_changes_its_card_too():
    # PHQ-A: item 9 at 0, but "serious thoughts in the past month" answered yes.
    card = scored(
        "phqa", [0] * 9, extras={"suicidal_thoughts_past_month": 0, "suicide_attempt_lifetime": 1}
    )
    assert card.reading.safety


@pytest.mark.parametrize(
    ("codes", "sentence"),
    [
        (["phq9", "gad7"], "Your PHQ-9 and GAD-7 scores describe the last 2 weeks."),
        (["phq9"], "Your PHQ-9 score describes the last 2 weeks."),
        (
            ["phq9", "gad7", "ucla3"],
            "Your PHQ-9 and GAD-7 scores describe the last 2 weeks. The UCLA-3 asks how things "
            "are for you in general, with no set time period.",
        ),
        (
            ["epds", "gad7"],
            "Your EPDS score describes the past 7 days; your GAD-7 score describes the last 2 "
            "weeks.",
        ),
    ],
)
def test_the_recall_sentence_follows_each_instruments_own_period(codes, sentence):
    cards = [scored(c, [0] * instruments.get(c).item_count) for c in codes]
    assert build_report(cards).recall_sentence == sentence


def test_only_ucla3_has_no_recall_period_among_the_public_instruments():
    assert recall_phrase(instruments.get("ucla3")) is None
    assert recall_phrase(instruments.get("pcl5")) == "the past month"


# --- the page -------------------------------------------------------------------------------


def test_the_page_reads_the_safety_answer_first_on_a_minimal_phq9(client, db):
    page = start(client)
    page = answer(client, page, "phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1])
    html = answer(client, page, "gad7", [0] * 7).content.decode()
    phq9_card = html[html.index('id="res-phq9"') : html.index('id="res-gad7"')]
    assert SAFETY_HEADLINE in phq9_card
    assert "few signs of depression" not in phq9_card
    assert "follow up on safety" not in phq9_card  # clinicians' words stay off the public card
    assert "falls in the minimal range (0-4)" in phq9_card
    # The GAD-7's card still reads as its band.
    assert "Minimal" in html[html.index('id="res-gad7"') :]


def test_the_page_does_not_give_ucla3_a_recall_period(client, db):
    page = start(client, loneliness=True)
    page = answer(client, page, "phq9", [0] * 9)
    page = answer(client, page, "gad7", [0] * 7)
    html = answer(client, page, "ucla3", [1, 1, 1]).content.decode()
    assert "Your PHQ-9 and GAD-7 scores describe the last 2 weeks." in html
    assert "past two weeks" not in html
    ucla_card = html[html.index('id="res-ucla3"') :]
    assert "None set: how things are for you in general" in ucla_card
    assert "2 weeks" not in ucla_card[: ucla_card.index("</section>")]
