"""Properties that must hold for every instrument and every answer set (hypothesis)."""

from fractions import Fraction
from itertools import pairwise, product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confide.instruments import (
    Instrument,
    all_instruments,
    evaluate_rule,
    resolve_bands,
    round_half_up,
    score,
)

ALL = all_instruments()


def cutoff_settings(instrument: Instrument) -> list[dict[str, int] | None]:
    """No setting, plus every allowed cut-off for instruments that have one."""
    settings: list[dict[str, int] | None] = [None]
    if instrument.cutoff:
        c = instrument.cutoff
        settings += [{instrument.code: v} for v in range(c.minimum, c.maximum + 1)]
    return settings


BAND_SETS = [pytest.param(i, s, id=f"{i.code}-{s}") for i in ALL for s in cutoff_settings(i)]


@st.composite
def answer_sets(draw, missing: bool = False, instruments=ALL):
    """(instrument, positions, extras) with every extra answered or not at random."""
    instrument = draw(st.sampled_from(instruments))
    responses = []
    for item in instrument.items:
        position = st.integers(0, len(item.options) - 1)  # from the top, from 0
        responses.append(draw(st.none() | position if missing else position))
    extras = {
        e.key: draw(st.none() | st.integers(0, len(e.options) - 1)) for e in instrument.extra_items
    }
    cutoffs = draw(st.sampled_from(cutoff_settings(instrument)))
    return instrument, responses, extras, cutoffs


def band_index(instrument: Instrument, slug: str) -> int:
    return [b.slug for b in instrument.bands].index(slug)


# --- bands -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("instrument", "cutoffs"), BAND_SETS)
def test_exactly_one_band_covers_every_possible_total(instrument, cutoffs):
    bands, _ = resolve_bands(instrument, cutoffs)
    for total in range(instrument.min_total, instrument.max_total + 1):
        assert sum(b.covers(total) for b in bands) == 1, total


@pytest.mark.parametrize(("instrument", "cutoffs"), BAND_SETS)
def test_bands_are_contiguous_ordered_and_do_not_overlap(instrument, cutoffs):
    bands, _ = resolve_bands(instrument, cutoffs)
    assert bands[0].low == instrument.min_total
    assert bands[-1].high == instrument.max_total
    for before, after in pairwise(bands):
        assert before.low <= before.high < after.low <= after.high
        assert after.low == before.high + 1


# --- totals ------------------------------------------------------------------------------------


@given(answer_sets())
def test_every_complete_answer_set_scores_within_the_instruments_range(case):
    instrument, responses, extras, cutoffs = case
    result = score(instrument, responses, extras=extras, cutoffs=cutoffs)
    assert result.scorable and not result.prorated
    assert instrument.min_total <= result.total <= instrument.max_total
    assert instrument.raw_min_total <= result.raw_total <= instrument.raw_max_total
    assert result.max_total == instrument.max_total
    assert result.band is not None and result.band.covers(result.total)
    assert result.severity == result.band.slug


@given(answer_sets())
def test_the_total_is_the_sum_of_the_chosen_options_values(case):
    instrument, responses, extras, cutoffs = case
    result = score(instrument, responses, extras=extras, cutoffs=cutoffs)
    values = [item.options[p].value for item, p in zip(instrument.items, responses, strict=True)]
    assert result.item_values == tuple(values)
    assert result.raw_total == sum(values)
    multiply = instrument.total_transform.multiply if instrument.total_transform else 1
    assert result.total == sum(values) * multiply


@given(answer_sets(), st.data())
def test_raising_one_items_value_never_lowers_the_total_or_the_band(case, data):
    instrument, responses, extras, cutoffs = case
    index = data.draw(st.integers(0, instrument.item_count - 1))
    item = instrument.items[index]
    value = item.options[responses[index]].value
    higher = [v for v in item.values if v > value]
    if not higher:
        return
    raised = list(responses)
    raised[index] = item.position_of(data.draw(st.sampled_from(higher)))
    before = score(instrument, responses, extras=extras, cutoffs=cutoffs)
    after = score(instrument, raised, extras=extras, cutoffs=cutoffs)
    assert after.total > before.total
    assert band_index(instrument, after.severity) >= band_index(instrument, before.severity)


# --- safety ------------------------------------------------------------------------------------


@given(answer_sets(missing=True))
def test_risk_is_flagged_exactly_when_a_safety_item_is_positive(case):
    instrument, responses, extras, cutoffs = case
    result = score(instrument, responses, extras=extras, cutoffs=cutoffs)
    answers = [
        (item, None if p is None else item.options[p].value)
        for item, p in zip(instrument.items, responses, strict=True)
    ] + [
        (item, None if extras[item.key] is None else item.options[extras[item.key]].value)
        for item in instrument.extra_items
    ]
    safety = [(item, v) for item, v in answers if item.safety]
    positive = any(v is not None and v >= 1 for _, v in safety)
    unanswered = any(v is None for _, v in safety)
    assert ("risk" in result.flags) is positive
    assert ("risk_unanswered" in result.flags) is unanswered
    if positive:
        assert result.flags[0] == "risk"
        assert result.next_step == "reach_out_today"


# --- missing items -----------------------------------------------------------------------------


@given(answer_sets(missing=True))
def test_missing_items_are_prorated_within_the_rule_and_refused_beyond_it(case):
    instrument, responses, extras, cutoffs = case
    result = score(instrument, responses, extras=extras, cutoffs=cutoffs)
    answered = [
        item.options[p].value
        for item, p in zip(instrument.items, responses, strict=True)
        if p is not None
    ]
    missing = instrument.item_count - len(answered)
    allowed = instrument.missing_rule.max_missing if instrument.missing_rule else 0
    assert result.answered == len(answered)
    assert result.scorable is (missing <= allowed)
    assert result.prorated is (result.scorable and missing > 0)
    if not result.scorable:
        assert (result.total, result.severity, result.band, result.subscales) == (
            None,
            None,
            None,
            {},
        )
        rule_flags = {r.flag for r in instrument.count_rules}
        assert not rule_flags.intersection(result.flags)
        return
    expected = round_half_up(Fraction(sum(answered) * instrument.item_count, len(answered)))
    assert result.raw_total == expected
    assert instrument.min_total <= result.total <= instrument.max_total


@given(answer_sets(missing=True, instruments=[i for i in ALL if i.count_rules]), st.data())
def test_a_count_rule_decided_despite_missing_items_holds_for_every_completion(case, data):
    instrument, responses, _, _ = case
    values = [
        None if p is None else item.options[p].value
        for item, p in zip(instrument.items, responses, strict=True)
    ]
    completed = [
        data.draw(st.sampled_from(item.values)) if v is None else v
        for item, v in zip(instrument.items, values, strict=True)
    ]
    for rule in instrument.count_rules:
        decided = evaluate_rule(rule, instrument, values)
        if decided is not None:
            assert evaluate_rule(rule, instrument, completed) is decided


@given(answer_sets(missing=True, instruments=[i for i in ALL if i.count_rules]))
def test_a_count_rule_is_undecided_only_when_completions_disagree(case):
    instrument, responses, _, _ = case
    values = [
        None if p is None else item.options[p].value
        for item, p in zip(instrument.items, responses, strict=True)
    ]
    missing = [n for n, v in enumerate(values) if v is None]
    if len(missing) > 8:
        return  # brute force below is 2^missing
    for rule in instrument.count_rules:
        thresholds = rule.thresholds
        outcomes = set()
        for endorse in product((False, True), repeat=len(missing)):
            completed = list(values)
            for index, yes in zip(missing, endorse, strict=True):
                item = instrument.items[index]
                low = thresholds.get(item.number, item.max_value)
                completed[index] = low if yes else item.min_value
            outcomes.add(evaluate_rule(rule, instrument, completed))
        expected = outcomes.pop() if len(outcomes) == 1 else None
        assert evaluate_rule(rule, instrument, values) is expected
