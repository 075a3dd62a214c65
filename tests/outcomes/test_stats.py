"""Every outcome statistic at its edges (pure: no database)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confide.outcomes import stats
from confide.outcomes.stats import ReliableChange, Track

phq9_scores = st.integers(0, 27)
gad7_scores = st.integers(0, 21)


# --- reliable change -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "baseline", "latest", "expected"),
    [
        ("phq9", 16, 10, ReliableChange.IMPROVED),  # drop of exactly 6
        ("phq9", 16, 11, ReliableChange.NO_RELIABLE_CHANGE),  # drop of 5
        ("phq9", 10, 16, ReliableChange.DETERIORATED),  # rise of exactly 6
        ("phq9", 10, 15, ReliableChange.NO_RELIABLE_CHANGE),
        ("gad7", 12, 8, ReliableChange.IMPROVED),  # drop of exactly 4
        ("gad7", 12, 9, ReliableChange.NO_RELIABLE_CHANGE),
        ("gad7", 8, 12, ReliableChange.DETERIORATED),
        ("epds", 15, 11, ReliableChange.IMPROVED),
        ("epds", 15, 12, ReliableChange.NO_RELIABLE_CHANGE),
        ("pcl5", 50, 35, ReliableChange.IMPROVED),
        ("pcl5", 50, 36, ReliableChange.NO_RELIABLE_CHANGE),
        ("pcl5", 30, 45, ReliableChange.DETERIORATED),
        # WHO-5: higher is better, threshold 23.6 on the 0-100 scale (steps of 4).
        ("who5", 20, 44, ReliableChange.IMPROVED),
        ("who5", 20, 40, ReliableChange.NO_RELIABLE_CHANGE),
        ("who5", 60, 36, ReliableChange.DETERIORATED),
        ("ucla3", 9, 3, ReliableChange.NO_RULE),
    ],
)
def test_reliable_change_at_each_threshold(code, baseline, latest, expected):
    assert stats.series_stats(code, [baseline, latest]).reliable == expected


def test_every_rule_with_a_threshold_cites_a_source_and_ucla3_has_no_rule():
    for code, rule in stats.CHANGE_RULES.items():
        if rule.threshold is not None:
            assert len(rule.source) > 20, code
    assert stats.change_rule("ucla3").threshold is None
    assert "No reliable-change rule" in stats.change_rule("ucla3").text
    assert stats.change_rule("unknown").reliable(-50) == ReliableChange.NO_RULE


def test_jacobson_truax_formula_and_bad_input():
    # 1.96 × 10 × sqrt(2 × 0.2) = 12.396...
    assert stats.jacobson_truax_rci(10, 0.8) == pytest.approx(1.96 * 10 * math.sqrt(0.4))
    with pytest.raises(ValueError):
        stats.jacobson_truax_rci(0, 0.8)
    with pytest.raises(ValueError):
        stats.jacobson_truax_rci(5, 1.0)


@given(phq9_scores, phq9_scores)
def test_phq9_reliable_change_is_symmetric_and_matches_6_points(a, b):
    forward = stats.series_stats("phq9", [a, b]).reliable
    backward = stats.series_stats("phq9", [b, a]).reliable
    if b - a <= -6:
        assert forward == ReliableChange.IMPROVED and backward == ReliableChange.DETERIORATED
    elif b - a >= 6:
        assert forward == ReliableChange.DETERIORATED and backward == ReliableChange.IMPROVED
    else:
        assert forward == backward == ReliableChange.NO_RELIABLE_CHANGE


def test_a_single_score_is_the_baseline_with_no_change():
    s = stats.series_stats("phq9", [14])
    assert (s.baseline, s.latest, s.change, s.reliable) == (14, 14, 0, "no_reliable_change")
    assert stats.series_stats("phq9", []) is None


@given(st.lists(phq9_scores, min_size=1, max_size=20))
def test_change_is_always_latest_minus_the_earliest(scores):
    s = stats.series_stats("phq9", scores)
    assert s.baseline == scores[0] and s.latest == scores[-1]
    assert s.change == scores[-1] - scores[0]


# --- response and remission ------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "latest", "expected"),
    [(20, 10, True), (20, 11, False), (15, 7, True), (15, 8, False), (1, 0, True), (0, 0, None)],
)
def test_response_is_a_50_percent_reduction(baseline, latest, expected):
    assert stats.is_response(baseline, latest) is expected


@given(st.integers(1, 27), phq9_scores)
def test_response_matches_the_fraction(baseline, latest):
    assert stats.is_response(baseline, latest) == (latest <= baseline / 2)


def test_remission_is_phq9_below_5_and_only_for_phq9():
    assert stats.is_remission(4) and not stats.is_remission(5)
    assert stats.series_stats("phq9", [18, 4]).remission is True
    assert stats.series_stats("gad7", [18, 4]).remission is None
    assert stats.series_stats("who5", [20, 80]).response is None  # higher-is-better


# --- caseness, recovery, reliable recovery ---------------------------------------------


@pytest.mark.parametrize(
    ("phq9", "gad7", "expected"),
    [
        (10, None, True), (9, None, False), (None, 8, True), (None, 7, False),
        (9, 7, False), (9, 8, True), (10, 0, True), (None, None, None),
    ],
)  # fmt: skip
def test_caseness_thresholds(phq9, gad7, expected):
    assert stats.at_caseness(phq9, gad7) is expected


def course(phq, gad):
    return stats.course_outcome(
        stats.series_stats("phq9", phq) if phq else None,
        stats.series_stats("gad7", gad) if gad else None,
    )


def test_recovery_needs_caseness_at_start_and_none_at_the_end():
    c = course([12, 9], [9, 7])
    assert c.caseness_at_start and c.caseness_at_end is False
    assert c.recovered is True
    assert c.reliable_improvement is False  # 3 and 2 points: not reliable
    assert c.reliable_recovery is False


def test_reliable_recovery_needs_both():
    c = course([16, 4], [10, 5])
    assert c.recovered and c.reliable_improvement and c.reliable_recovery


def test_still_at_caseness_on_one_measure_is_not_recovered():
    c = course([16, 4], [10, 8])  # GAD-7 still 8
    assert c.recovered is False and c.reliable_improvement and c.reliable_recovery is False


def test_not_at_caseness_at_start_means_recovery_does_not_apply():
    c = course([9, 2], [7, 1])
    assert c.caseness_at_start is False and c.recovered is None and c.reliable_recovery is None


def test_a_single_measurement_gives_no_recovery_yet():
    c = course([15], [12])
    assert c.caseness_at_start and c.caseness_at_end is None and c.recovered is None


def test_improving_on_one_and_deteriorating_on_the_other_shows_both():
    c = course([18, 10], [4, 10])
    assert c.reliable_improvement and c.reliable_deterioration


@given(st.lists(phq9_scores, min_size=2, max_size=8), st.lists(gad7_scores, min_size=2, max_size=8))
def test_recovery_properties(phq, gad):
    c = course(phq, gad)
    if c.recovered:
        assert c.caseness_at_start and not c.caseness_at_end
    if c.reliable_recovery:
        assert c.recovered and c.reliable_improvement
    if not c.caseness_at_start:
        assert c.recovered is None


# --- recovery rate, Wilson, suppression ------------------------------------------------


def test_recovery_rate_matches_the_nhs_worked_example():
    assert stats.recovery_rate(23291, 48111, 2957) == pytest.approx(0.516, abs=0.0005)


def test_recovery_rate_edges():
    assert stats.recovery_rate(0, 5, 5) is None  # nobody at caseness
    assert stats.recovery_rate(0, 0, 0) is None
    assert stats.recovery_rate(3, 3, 0) == 1.0
    with pytest.raises(ValueError):
        stats.recovery_rate(4, 5, 2)
    with pytest.raises(ValueError):
        stats.recovery_rate(-1, 5, 0)


def test_finished_treatment_is_two_sessions():
    assert not stats.finished_treatment(1) and stats.finished_treatment(2)


def test_wilson_interval_known_values_and_edges():
    low, high = stats.wilson_interval(5, 10)
    assert low == pytest.approx(0.2366, abs=1e-4) and high == pytest.approx(0.7634, abs=1e-4)
    low, high = stats.wilson_interval(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    low, high = stats.wilson_interval(10, 10)
    assert high == 1.0 and low == pytest.approx(0.7225, abs=1e-4)
    assert stats.wilson_interval(0, 0) is None
    with pytest.raises(ValueError):
        stats.wilson_interval(3, 2)


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_contains_the_proportion(pair):
    k, n = pair
    low, high = stats.wilson_interval(k, n)
    assert 0 <= low <= k / n <= high <= 1


def test_groups_under_5_are_suppressed():
    hidden = stats.rate(2, 4)
    assert hidden.suppressed and hidden.rate is None and hidden.low is None
    shown = stats.rate(2, 5)
    assert not shown.suppressed and shown.rate == 0.4 and shown.low < 0.4 < shown.high


# --- percentiles and expected bands ----------------------------------------------------


def test_percentile_interpolates():
    assert stats.percentile([1, 2, 3, 4], 25) == 1.75
    assert stats.percentile([1, 2, 3, 4], 75) == 3.25
    assert stats.percentile([7], 50) == 7
    with pytest.raises(ValueError):
        stats.percentile([], 50)
    with pytest.raises(ValueError):
        stats.percentile([1], 101)


def band_for(score):
    return "high" if score >= 15 else "low"


def test_no_expected_band_until_enough_courses():
    courses = [[18, 16, 14]] * 29
    assert stats.expected_bands(courses, band_for, min_courses=30) == {}
    bands = stats.expected_bands([*courses, [18, 16, 14]], band_for, min_courses=30)
    assert bands[("high", 2)] == stats.Band(16, 16, 30)


def test_expected_band_cells_need_5_courses():
    courses = [[18, 12]] * 30 + [[8, 4]] * 4
    bands = stats.expected_bands(courses, band_for, min_courses=30)
    assert ("high", 2) in bands and ("low", 2) not in bands


# --- not on track ----------------------------------------------------------------------


def series(code, *scores):
    return stats.series_stats(code, list(scores))


def test_deterioration_is_red_with_reasons():
    status = stats.track_status([series("phq9", 10, 16)], session=2)
    assert status.level == Track.RED and "reliable deterioration" in status.reasons[0]


def test_no_reliable_improvement_by_session_6_is_amber_but_not_at_5():
    flat5 = series("phq9", 15, 14, 14, 13, 13)
    flat6 = series("phq9", 15, 14, 14, 13, 13, 12)
    assert stats.track_status([flat5], session=5).level == Track.TOO_EARLY
    status = stats.track_status([flat6], session=6)
    assert status.level == Track.AMBER and "session 6" in status.reasons[0]
    assert stats.track_status([flat5], session=5, not_on_track_session=4).level == Track.AMBER


def test_reliable_improvement_is_on_track():
    assert stats.track_status([series("phq9", 15, 9)], session=6).level == Track.ON_TRACK


def test_outside_the_expected_band_is_flagged():
    bands = stats.expected_bands([[18, 15, 12]] * 30, band_for, min_courses=30)
    status = stats.track_status(
        [series("phq9", 18, 16, 17)], session=3, bands=bands, band_for=band_for
    )
    assert status.level == Track.OUTSIDE_BAND and "expected band 12-12" in status.reasons[0]


def test_an_instrument_without_a_rule_never_turns_amber():
    assert stats.track_status([series("ucla3", 9, 9, 9, 9, 9, 9)], session=6).level == (
        Track.TOO_EARLY
    )


def test_track_ranks_put_red_first():
    ranks = [stats.TrackStatus(level).rank for level in Track]
    assert stats.TrackStatus(Track.RED).rank == min(ranks)
    assert stats.TrackStatus(Track.ON_TRACK).rank == max(ranks)
