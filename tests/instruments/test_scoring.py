"""The scoring engine against the reference: worked examples, band edges, rules, bad input."""

from fractions import Fraction

import pytest

from confide.instruments import (
    CountRule,
    CutoffError,
    ResponseError,
    band_for,
    evaluate_rule,
    get,
    round_half_up,
    score,
)
from tests.factories import positions, responses_for_raw

PHQ9, GAD7, PHQ2, GAD2 = get("phq9"), get("gad7"), get("phq2"), get("gad2")
PHQA, EPDS, PCL5, WHO5, UCLA3 = get("phqa"), get("epds"), get("pcl5"), get("who5"), get("ucla3")
NO = 1  # position of "No" on the PHQ-A yes/no extras (Yes is on top)
YES = 0
PHQA_ALL_NO = {
    "past_year": NO,
    "difficulty": 0,
    "suicidal_thoughts_past_month": NO,
    "suicide_attempt_lifetime": NO,
}


# --- worked examples (instruments.md) --------------------------------------------------------


def test_phq9_worked_example_is_total_1_minimal_with_the_risk_flag():
    result = score(PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert (result.total, result.severity, result.max_total) == (1, "minimal", 27)
    assert result.flags == ("risk",)
    assert result.scorable and not result.prorated


def test_gad7_worked_example_is_total_8_mild():
    result = score(GAD7, [1, 1, 1, 1, 1, 2, 1])
    assert (result.total, result.severity, result.flags) == (8, "mild", ())


def test_epds_all_top_options_total_21_with_the_risk_flag():
    result = score(EPDS, [0] * 10)
    assert result.total == 21
    assert result.severity == "probable_depression"
    assert "risk" in result.flags
    assert result.item_values == (0, 0, 3, 0, 3, 3, 3, 3, 3, 3)


def test_epds_all_bottom_options_total_9():
    result = score(EPDS, [3] * 10)
    assert result.item_values == (3, 3, 0, 3, 0, 0, 0, 0, 0, 0)
    assert (result.total, result.severity, result.flags) == (9, "below_threshold", ())


def test_an_instrument_can_be_named_by_its_code():
    assert score("gad7", [1, 1, 1, 1, 1, 2, 1]).total == 8


# --- band edges, both sides of every boundary -------------------------------------------------

EDGES = {
    "phq9": [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
    "gad7": [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
    "phq2": [(0, "negative"), (2, "negative"), (3, "positive"), (6, "positive")],
    "gad2": [(0, "negative"), (2, "negative"), (3, "positive"), (6, "positive")],
    "epds": [
        (0, "below_threshold"),
        (9, "below_threshold"),
        (10, "possible_depression"),
        (12, "possible_depression"),
        (13, "probable_depression"),
        (30, "probable_depression"),
    ],
    "ucla3": [(3, "not_lonely"), (5, "not_lonely"), (6, "lonely"), (9, "lonely")],
    "pcl5": [
        (0, "below_threshold"),
        (32, "below_threshold"),
        (33, "probable_ptsd"),
        (80, "probable_ptsd"),
    ],
}
EDGES["phqa"] = EDGES["phq9"]
EDGE_CASES = [(code, total, slug) for code, edges in EDGES.items() for total, slug in edges]


@pytest.mark.parametrize(("code", "total", "slug"), EDGE_CASES)
def test_each_band_edge_scores_into_the_right_band(code, total, slug):
    instrument = get(code)
    extras = PHQA_ALL_NO if code == "phqa" else None
    result = score(instrument, responses_for_raw(instrument, total), extras=extras)
    assert (result.total, result.severity) == (total, slug)
    assert result.band is not None and result.band.slug == slug


@pytest.mark.parametrize(
    ("raw", "total", "slug"),
    [
        (0, 0, "depression_likely"),
        (7, 28, "depression_likely"),
        (8, 32, "poor"),
        (12, 48, "poor"),
        (13, 52, "good"),
        (25, 100, "good"),
    ],
)
def test_who5_bands_apply_to_the_raw_score_times_four(raw, total, slug):
    result = score(WHO5, responses_for_raw(WHO5, raw))
    assert (result.raw_total, result.total, result.severity) == (raw, total, slug)
    assert result.max_total == 100


@pytest.mark.parametrize(
    ("total", "slug"),
    [(28, "depression_likely"), (29, "poor"), (49, "poor"), (50, "good")],
)
def test_who5_band_edges_on_the_0_to_100_scale(total, slug):
    assert band_for(WHO5, total).slug == slug


def test_who5_all_of_the_time_scores_100_and_at_no_time_scores_0():
    assert score(WHO5, [0] * 5).total == 100
    assert score(WHO5, [5] * 5).total == 0


def test_ucla3_positions_score_one_to_three_for_a_range_of_3_to_9():
    assert score(UCLA3, [0, 0, 0]).total == 3
    assert score(UCLA3, [2, 2, 2]).total == 9
    assert score(UCLA3, [0, 1, 2]).item_values == (1, 2, 3)


def test_band_for_refuses_a_total_outside_the_scale():
    with pytest.raises(ValueError, match="outside"):
        band_for(PHQ9, 28)


# --- PHQ-9 diagnostic algorithm ---------------------------------------------------------------


def test_mdd_is_suggested_when_item_9_at_several_days_makes_the_fifth_symptom():
    result = score(PHQ9, [2, 0, 2, 2, 2, 0, 0, 0, 1])
    assert "mdd_suggested" in result.flags
    assert "other_depressive_syndrome" not in result.flags
    assert result.flags[0] == "risk"


def test_other_items_at_several_days_do_not_count_toward_the_algorithm():
    result = score(PHQ9, [2, 1, 2, 2, 1, 1, 1, 1, 0])
    assert result.flags == ("other_depressive_syndrome",)


def test_mdd_is_not_suggested_when_neither_item_1_nor_item_2_is_endorsed():
    result = score(PHQ9, [1, 1, 3, 3, 3, 3, 3, 3, 0])
    assert result.total == 20
    assert "mdd_suggested" not in result.flags
    assert "other_depressive_syndrome" not in result.flags


def test_two_to_four_symptoms_including_a_core_one_is_other_depressive_syndrome():
    assert score(PHQ9, [2, 2, 0, 0, 0, 0, 0, 0, 0]).flags == ("other_depressive_syndrome",)
    assert score(PHQ9, [0, 3, 2, 2, 2, 0, 0, 0, 0]).flags == ("other_depressive_syndrome",)


def test_five_symptoms_including_a_core_one_is_mdd_not_other_syndrome():
    assert score(PHQ9, [0, 3, 2, 2, 2, 2, 0, 0, 0]).flags == ("mdd_suggested",)


def test_a_single_endorsed_symptom_raises_no_algorithm_flag():
    assert score(PHQ9, [3, 0, 0, 0, 0, 0, 0, 0, 0]).flags == ()


def test_phqa_uses_the_same_algorithm_on_its_mood_and_interest_items():
    result = score(PHQA, [2, 0, 2, 2, 2, 0, 0, 0, 1], extras=PHQA_ALL_NO)
    assert result.flags == ("risk", "mdd_suggested")


def test_a_missing_item_that_could_change_the_algorithm_leaves_it_undecided():
    result = score(PHQ9, [2, 2, 2, 2, None, 0, 0, 0, 0])
    assert result.scorable and result.prorated
    assert "mdd_suggested" not in result.flags
    assert "other_depressive_syndrome" not in result.flags
    assert any("cannot tell" in n for n in result.notes)


def test_a_missing_item_that_cannot_change_the_algorithm_leaves_it_decided():
    result = score(PHQ9, [2, 2, 2, 2, 2, None, 0, 0, 0])
    assert "mdd_suggested" in result.flags


# --- PCL-5 ------------------------------------------------------------------------------------


def pcl5(endorsed: dict[int, int]) -> list[int | None]:
    return [endorsed.get(n, 0) for n in range(1, 21)]


def test_pcl5_cluster_sums_are_reported_as_subscales():
    result = score(PCL5, [1] * 5 + [2] * 2 + [3] * 7 + [4] * 6)
    assert result.subscales == {"B": 5, "C": 4, "D": 21, "E": 24}
    assert result.total == 54


def test_pcl5_provisional_diagnosis_needs_1_b_1_c_2_d_and_2_e_at_moderately_or_more():
    result = score(PCL5, pcl5({1: 2, 6: 2, 8: 2, 9: 2, 15: 2, 16: 2}))
    assert result.flags == ("provisional_ptsd_dsm5",)
    assert (result.total, result.severity) == (12, "below_threshold")


@pytest.mark.parametrize(
    "missing",
    [
        {1: 1, 6: 2, 8: 2, 9: 2, 15: 2, 16: 2},  # B only at "a little bit"
        {1: 2, 8: 2, 9: 2, 15: 2, 16: 2},  # no C
        {1: 2, 6: 2, 8: 2, 15: 2, 16: 2},  # one D
        {1: 2, 6: 2, 8: 2, 9: 2, 15: 2},  # one E
    ],
)
def test_pcl5_provisional_diagnosis_fails_when_a_cluster_falls_short(missing):
    assert "provisional_ptsd_dsm5" not in score(PCL5, pcl5(missing)).flags


def test_a_high_pcl5_total_without_the_symptom_pattern_is_probable_ptsd_but_no_diagnosis():
    result = score(PCL5, [4, 4, 4, 4, 4, 1, 1] + [4] * 13)
    assert result.severity == "probable_ptsd"
    assert "provisional_ptsd_dsm5" not in result.flags


@pytest.mark.parametrize(
    ("cutoff", "total", "slug"),
    [
        (None, 32, "below_threshold"),
        (None, 33, "probable_ptsd"),
        (31, 30, "below_threshold"),
        (31, 31, "probable_ptsd"),
        (32, 31, "below_threshold"),
        (32, 32, "probable_ptsd"),
        (33, 32, "below_threshold"),
        (33, 33, "probable_ptsd"),
    ],
)
def test_the_pcl5_cut_off_can_be_set_between_31_and_33(cutoff, total, slug):
    cutoffs = None if cutoff is None else {"pcl5": cutoff}
    result = score(PCL5, responses_for_raw(PCL5, total), cutoffs=cutoffs)
    assert (result.total, result.severity) == (total, slug)
    assert result.cutoff == (cutoff or 33)
    edge = cutoff or 33
    expected = (0, edge - 1) if slug == "below_threshold" else (edge, 80)
    assert result.band is not None and (result.band.low, result.band.high) == expected


@pytest.mark.parametrize("bad", [30, 34, 38, True, "31", 31.0])
def test_a_pcl5_cut_off_outside_31_to_33_is_refused(bad):
    with pytest.raises(CutoffError, match="31 to 33"):
        score(PCL5, [0] * 20, cutoffs={"pcl5": bad})


def test_cut_offs_for_other_instruments_are_ignored_so_one_setting_serves_all():
    assert score(PHQ9, [0] * 9, cutoffs={"pcl5": 31}).severity == "minimal"


def test_a_cut_off_for_an_instrument_without_one_is_refused():
    with pytest.raises(CutoffError, match="no adjustable cut-off"):
        score(PHQ9, [0] * 9, cutoffs={"phq9": 10})


def test_a_moved_cut_off_is_noted_in_the_result():
    result = score(PCL5, [0] * 20, cutoffs={"pcl5": 31})
    assert any("Cut-off set to 31" in n for n in result.notes)


# --- missing items ----------------------------------------------------------------------------


def test_round_half_up_rounds_halves_up_unlike_python_round():
    assert round_half_up(Fraction(9, 2)) == 5
    assert round(4.5) == 4
    assert round_half_up(Fraction(21, 2)) == 11
    assert round_half_up(Fraction(41, 10)) == 4


def test_one_missing_phq9_item_is_prorated_and_a_half_rounds_up():
    # 4 over 8 answered items: 4 x 9/8 = 4.5, which rounds up to 5 (mild, not minimal).
    result = score(PHQ9, [1, 1, 1, 1, None, 0, 0, 0, 0])
    assert (result.total, result.raw_total, result.severity) == (5, 5, "mild")
    assert result.prorated and result.scorable
    assert result.answered == 8
    assert any("Prorated" in n and "Arrieta" in n for n in result.notes)


def test_one_missing_phq9_item_prorates_up_to_the_nearest_whole_number():
    # 21 x 9/8 = 23.625 -> 24.
    result = score(PHQ9, [3, 3, 3, 3, 3, 3, 3, None, 0])
    assert (result.total, result.severity) == (24, "severe")


def test_two_missing_phq9_items_are_prorated():
    assert score(PHQ9, [1, 1, 1, 1, 1, 1, 1, None, None]).total == 9
    # 11 x 9/7 = 14.14 -> 14.
    result = score(PHQ9, [2, 2, 2, 2, 2, 1, None, None, 0])
    assert (result.total, result.severity, result.prorated) == (14, "moderate", True)


def test_three_missing_phq9_items_are_not_scorable():
    result = score(PHQ9, [3, 3, 3, 3, 3, 3, None, None, None])
    assert result.scorable is False
    assert (result.total, result.raw_total, result.severity, result.band) == (None,) * 4
    assert "mdd_suggested" not in result.flags
    assert result.subscales == {}
    assert result.flags == ("risk_unanswered",)
    assert any("Not scorable" in n for n in result.notes)


def test_one_missing_gad7_item_is_prorated_by_confides_convention_with_halves_up():
    # 9 x 7/6 = 10.5 -> 11 (Python's round would give 10).
    result = score(GAD7, [2, 2, 2, 2, 1, 0, None])
    assert (result.total, result.severity, result.prorated) == (11, "moderate", True)
    assert any("Confide's convention" in n for n in result.notes)


def test_two_missing_gad7_items_are_not_scorable():
    result = score(GAD7, [2, 2, 2, 2, 1, None, None])
    assert (result.scorable, result.total, result.severity) == (False, None, None)


@pytest.mark.parametrize("code", ["phq2", "gad2", "phqa", "epds", "pcl5", "who5", "ucla3"])
def test_any_missing_item_makes_other_instruments_not_scorable(code):
    instrument = get(code)
    responses = [0] * instrument.item_count
    responses[0] = None
    result = score(instrument, responses)
    assert (result.scorable, result.total, result.severity, result.prorated) == (
        False,
        None,
        None,
        False,
    )


def test_phq2_with_one_answer_missing_is_not_scorable():
    assert score(PHQ2, [3, None]).scorable is False


def test_all_answers_missing_is_not_scorable():
    result = score(PHQ9, [None] * 9)
    assert result.scorable is False and result.answered == 0


# --- safety ------------------------------------------------------------------------------------


@pytest.mark.parametrize("position", [1, 2, 3])
def test_any_answer_above_not_at_all_on_phq9_item_9_raises_risk(position):
    assert score(PHQ9, [0] * 8 + [position]).flags[0] == "risk"


def test_phq9_item_9_at_not_at_all_raises_no_risk():
    assert "risk" not in score(PHQ9, [3] * 8 + [0]).flags


@pytest.mark.parametrize(("position", "risk"), [(0, True), (1, True), (2, True), (3, False)])
def test_epds_item_10_raises_risk_at_scored_values_1_to_3(position, risk):
    # Item 10 is reverse-scored: the bottom option (position 3) scores 0.
    result = score(EPDS, [3] * 9 + [position])
    assert ("risk" in result.flags) is risk


def test_an_unanswered_phq9_item_9_is_flagged_not_read_as_no_risk():
    result = score(PHQ9, [0] * 8 + [None])
    assert result.scorable and result.prorated
    assert result.flags == ("risk_unanswered",)
    assert any("not read as 'no risk'" in n for n in result.notes)


def test_an_unanswered_epds_item_10_is_flagged_even_though_not_scorable():
    result = score(EPDS, [3] * 9 + [None])
    assert result.scorable is False
    assert result.flags == ("risk_unanswered",)


def test_risk_is_raised_even_when_too_much_is_missing_to_score():
    result = score(PHQ9, [None, None, None, 0, 0, 0, 0, 0, 2])
    assert result.scorable is False
    assert result.flags == ("risk",)
    assert result.next_step == "reach_out_today"


@pytest.mark.parametrize("key", ["suicidal_thoughts_past_month", "suicide_attempt_lifetime"])
def test_a_yes_to_either_phqa_suicide_question_raises_risk(key):
    result = score(PHQA, [0] * 9, extras=PHQA_ALL_NO | {key: YES})
    assert result.flags == ("risk",)
    assert result.total == 0


def test_phqa_with_every_safety_question_answered_no_raises_nothing():
    result = score(PHQA, [0] * 9, extras=PHQA_ALL_NO)
    assert result.flags == ()
    assert result.extras == {
        "past_year": 0,
        "difficulty": 0,
        "suicidal_thoughts_past_month": 0,
        "suicide_attempt_lifetime": 0,
    }


def test_phqa_suicide_questions_left_unanswered_are_flagged():
    assert score(PHQA, [0] * 9).flags == ("risk_unanswered",)
    partial = PHQA_ALL_NO | {"suicide_attempt_lifetime": None}
    assert score(PHQA, [0] * 9, extras=partial).flags == ("risk_unanswered",)


def test_risk_comes_first_in_the_flags():
    extras = PHQA_ALL_NO | {"suicide_attempt_lifetime": None}
    result = score(PHQA, [2, 2, 2, 2, 2, 0, 0, 0, 1], extras=extras)
    assert result.flags == ("risk", "risk_unanswered", "mdd_suggested")
    result = score(PHQA, [2, 2, 2, 2, 2, 0, 0, 0, 1], extras=PHQA_ALL_NO)
    assert result.flags == ("risk", "mdd_suggested")


def test_a_positive_safety_item_raises_the_next_step_to_reach_out_today():
    assert score(PHQ9, [0] * 8 + [1]).next_step == "reach_out_today"
    assert score(PHQ9, [0] * 9).next_step == "self_care"


def test_the_phq9_difficulty_extra_is_recorded_but_not_scored():
    result = score(PHQ9, [0] * 9, extras={"difficulty": 3})
    assert result.total == 0
    assert result.extras == {"difficulty": 3}


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("responses", [[0] * 8, [0] * 10, []])
def test_a_wrong_number_of_answers_names_the_responses_field(responses):
    with pytest.raises(ResponseError) as caught:
        score(PHQ9, responses)
    assert caught.value.field == "responses"
    assert "9 questions" in str(caught.value)


def test_an_out_of_range_answer_names_the_item_in_words():
    with pytest.raises(ResponseError) as caught:
        score(PHQ9, [0, 0, 0, 4, 0, 0, 0, 0, 0])
    assert caught.value.field == "responses[3]"
    assert str(caught.value) == "Item 4 (Feeling tired or having little energy): choose one of 0-3"
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("responses", "field"),
    [
        ([0, 0, 0, 0, 0, 0, 0, 0, -1], "responses[8]"),
        ([0, 0, True, 0, 0, 0, 0, 0, 0], "responses[2]"),
        ([0, False, 0, 0, 0, 0, 0, 0, 0], "responses[1]"),
        ([0, 0, "1", 0, 0, 0, 0, 0, 0], "responses[2]"),
        ([0, 0, 1.0, 0, 0, 0, 0, 0, 0], "responses[2]"),
        ([[0], 0, 0, 0, 0, 0, 0, 0, 0], "responses[0]"),
    ],
)
def test_a_negative_bool_string_or_float_answer_is_refused_naming_its_field(responses, field):
    with pytest.raises(ResponseError) as caught:
        score(PHQ9, responses)
    assert caught.value.field == field
    assert "choose one of 0-3" in caught.value.message


def test_every_bad_answer_is_listed_not_only_the_first():
    with pytest.raises(ResponseError) as caught:
        score(PHQ9, [0, 9, 0, 0, -1, 0, 0, 0, 0])
    assert [f for f, _ in caught.value.errors] == ["responses[1]", "responses[4]"]
    assert caught.value.field == "responses[1]"


@pytest.mark.parametrize("responses", ["000000000", None, {"0": 0}, 9])
def test_responses_that_are_not_a_list_are_refused(responses):
    with pytest.raises(ResponseError) as caught:
        score(PHQ9, responses)
    assert caught.value.field == "responses"


def test_a_tuple_of_responses_is_accepted():
    assert score(PHQ2, (1, 2)).total == 3


def test_an_epds_answer_out_of_range_names_the_item_without_wording():
    with pytest.raises(ResponseError, match=r"^Item 3: choose one of 0-3$"):
        score(EPDS, [0, 0, 4, 0, 0, 0, 0, 0, 0, 0])


def test_answer_positions_follow_the_number_of_options():
    with pytest.raises(ResponseError, match="choose one of 0-2"):
        score(UCLA3, [0, 0, 3])
    with pytest.raises(ResponseError, match="choose one of 0-5"):
        score(WHO5, [0, 0, 0, 0, 6])
    with pytest.raises(ResponseError, match="choose one of 0-4"):
        score(PCL5, [5] + [0] * 19)


def test_an_unknown_extra_is_refused_naming_it():
    with pytest.raises(ResponseError) as caught:
        score(PHQ9, [0] * 9, extras={"nope": 0})
    assert caught.value.field == "extras.nope"
    with pytest.raises(ResponseError):
        score(GAD7, [0] * 7, extras={"difficulty": 0})


@pytest.mark.parametrize("bad", [4, -1, True, "1"])
def test_a_bad_extra_answer_is_refused_naming_it(bad):
    with pytest.raises(ResponseError) as caught:
        score(PHQ9, [0] * 9, extras={"difficulty": bad})
    assert caught.value.field == "extras.difficulty"
    assert caught.value.message.startswith("Item 10 (If you checked off any problems")


def test_extras_that_are_not_an_object_are_refused():
    with pytest.raises(ResponseError) as caught:
        score(PHQ9, [0] * 9, extras=[0])
    assert caught.value.field == "extras"


# --- the result ---------------------------------------------------------------------------------


def test_the_result_dict_has_the_api_fields():
    body = score(PCL5, [2] * 20).to_dict()
    assert {
        "instrument",
        "total",
        "max_total",
        "severity",
        "flags",
        "prorated",
        "scorable",
        "subscales",
    } <= set(body)
    assert body["instrument"] == "pcl5"
    assert body["flags"] == ["provisional_ptsd_dsm5"]
    assert body["subscales"] == {"B": 10, "C": 4, "D": 14, "E": 12}


def test_item_values_are_scored_values_not_positions():
    result = score(EPDS, positions(EPDS, [1, 1, 1, 1, 1, 1, 1, 1, 1, 0]))
    assert result.item_values == (1, 1, 1, 1, 1, 1, 1, 1, 1, 0)
    assert result.total == 9 and result.flags == ()


# --- count rules are data, read by one generic evaluator ---------------------------------------


def test_a_count_rule_can_be_written_with_dicts_and_equals_the_pair_form():
    as_dict = CountRule("f", "F", endorsed_at={2: 2, 1: 2}, group_minimums={"B": 1})
    as_pairs = CountRule("f", "F", endorsed_at=((1, 2), (2, 2)), group_minimums=(("B", 1),))
    assert as_dict == as_pairs
    assert as_dict.thresholds == {1: 2, 2: 2}
    assert hash(as_dict) == hash(as_pairs)


def test_the_phq9_algorithm_is_data_with_item_9_counting_at_1():
    mdd = next(r for r in PHQ9.count_rules if r.flag == "mdd_suggested")
    assert mdd.thresholds == {1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2, 8: 2, 9: 1}
    assert (mdd.min_count, mdd.max_count, mdd.require_any_of) == (5, None, (1, 2))
    other = next(r for r in PHQ9.count_rules if r.flag == "other_depressive_syndrome")
    assert (other.min_count, other.max_count, other.require_any_of) == (2, 4, (1, 2))


def test_the_pcl5_diagnosis_is_data_with_cluster_minimums():
    (rule,) = PCL5.count_rules
    assert rule.flag == "provisional_ptsd_dsm5"
    assert set(rule.thresholds.values()) == {2} and len(rule.thresholds) == 20
    assert dict(rule.group_minimums) == {"B": 1, "C": 1, "D": 2, "E": 2}


def test_the_generic_evaluator_reads_a_new_rule_without_new_code():
    rule = CountRule("any_two_b", "Two intrusion symptoms", {n: 3 for n in range(1, 6)}, 2)
    assert evaluate_rule(rule, PCL5, [3, 3] + [0] * 18) is True
    assert evaluate_rule(rule, PCL5, [3, 2] + [0] * 18) is False
    assert evaluate_rule(rule, PCL5, [3, None] + [0] * 18) is None
