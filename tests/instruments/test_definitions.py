"""The definitions say exactly what the reference says: wording, codes, options, bands, licence."""

import subprocess
import sys
from dataclasses import replace

import pytest

from confide import instruments
from confide.instruments import (
    NEXT_STEPS,
    Band,
    Instrument,
    Item,
    Option,
    UnknownInstrument,
    all_instruments,
    get,
)

FREQUENCY = [
    ("Not at all", 0, "LA6568-5"),
    ("Several days", 1, "LA6569-3"),
    ("More than half the days", 2, "LA6570-1"),
    ("Nearly every day", 3, "LA6571-9"),
]

PHQ9_TEXTS = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being "
    "so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
]
PHQ9_LOINC = [
    "44250-9",
    "44255-8",
    "44259-0",
    "44254-1",
    "44251-7",
    "44258-2",
    "44252-5",
    "44253-3",
    "44260-8",
]
GAD7_TEXTS = [
    "Feeling nervous, anxious or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
]
GAD7_LOINC = ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"]
PHQ_STEM = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)

# API.md, "Codes and severity slugs".
SLUGS = {
    "phq9": ["minimal", "mild", "moderate", "moderately_severe", "severe"],
    "phqa": ["minimal", "mild", "moderate", "moderately_severe", "severe"],
    "phq2": ["negative", "positive"],
    "gad2": ["negative", "positive"],
    "gad7": ["minimal", "mild", "moderate", "severe"],
    "epds": ["below_threshold", "possible_depression", "probable_depression"],
    "ucla3": ["not_lonely", "lonely"],
    "pcl5": ["below_threshold", "probable_ptsd"],
    "who5": ["depression_likely", "poor", "good"],
}

ALL = all_instruments()
CODES = [i.code for i in ALL]


def options_of(item: Item) -> list[tuple[str, int, str | None]]:
    return [(o.label, o.value, o.code) for o in item.options]


# --- registry --------------------------------------------------------------------------------


def test_the_registry_lists_all_nine_instruments_in_display_order():
    assert CODES == ["phq9", "gad7", "phq2", "gad2", "phqa", "epds", "pcl5", "who5", "ucla3"]
    assert instruments.codes() == tuple(CODES)


def test_get_returns_the_definition_for_a_code():
    assert get("phq9").short_name == "PHQ-9"
    assert get("who5") is get("who5")


def test_an_unknown_code_raises_unknown_instrument_which_is_a_key_error():
    with pytest.raises(UnknownInstrument) as caught:
        get("bdi2")
    assert isinstance(caught.value, KeyError)
    assert "bdi2" in str(caught.value)


def test_the_package_imports_no_django():
    code = (
        "import sys, confide.instruments as i; i.score(i.get('phq9'), [0] * 9); "
        "i.questionnaire(i.get('phq9'), 'https://x'); "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- wording and codes -------------------------------------------------------------------------


def test_phq9_items_have_the_reference_wording_loinc_codes_and_options():
    phq9 = get("phq9")
    assert [i.text for i in phq9.items] == PHQ9_TEXTS
    assert [i.loinc for i in phq9.items] == PHQ9_LOINC
    assert all(options_of(i) == FREQUENCY for i in phq9.items)
    assert phq9.stem == PHQ_STEM
    assert (phq9.loinc_panel, phq9.loinc_total) == ("44249-1", "44261-6")
    assert (phq9.recall_days, phq9.min_total, phq9.max_total) == (14, 0, 27)


def test_the_phq9_difficulty_question_is_an_unscored_extra_with_loinc_answers():
    (difficulty,) = get("phq9").extra_items
    assert difficulty.loinc == "69722-7"
    assert difficulty.scored is False
    assert difficulty.text.startswith("If you checked off any problems, how difficult")
    assert [(o.label, o.code) for o in difficulty.options] == [
        ("Not difficult at all", "LA6572-7"),
        ("Somewhat difficult", "LA6573-5"),
        ("Very difficult", "LA6575-0"),
        ("Extremely difficult", "LA6574-3"),
    ]


def test_gad7_items_have_the_reference_wording_and_loinc_codes():
    gad7 = get("gad7")
    assert [i.text for i in gad7.items] == GAD7_TEXTS
    assert [i.loinc for i in gad7.items] == GAD7_LOINC
    assert all(options_of(i) == FREQUENCY for i in gad7.items)
    assert (gad7.loinc_panel, gad7.loinc_total, gad7.max_total) == ("69737-5", "70274-6", 21)
    assert gad7.stem == PHQ_STEM


def test_phq2_and_gad2_reuse_the_first_two_items_of_their_parents():
    assert get("phq2").items == get("phq9").items[:2]
    assert get("gad2").items == get("gad7").items[:2]
    assert [i.loinc for i in get("phq2").items] == ["44250-9", "44255-8"]
    assert [i.loinc for i in get("gad2").items] == ["69725-0", "68509-9"]
    assert (get("phq2").loinc_panel, get("phq2").loinc_total) == ("55757-9", "55758-7")


def test_codes_the_reference_did_not_find_are_none_never_guessed():
    assert (get("gad2").loinc_panel, get("gad2").loinc_total) == (None, None)
    for code in ("ucla3", "who5"):
        assert (get(code).loinc_panel, get(code).loinc_total) == (None, None)
        assert all(i.loinc is None for i in get(code).items)
    for code in ("phqa", "epds", "pcl5"):
        assert all(i.loinc is None for i in get(code).items)
    assert (get("phqa").loinc_panel, get("phqa").loinc_total) == ("89206-7", "89204-2")
    assert get("epds").loinc_panel == "71354-5"
    assert (get("pcl5").loinc_panel, get("pcl5").loinc_total) == ("101697-1", "101698-9")


def test_ucla3_has_the_three_questions_scored_one_to_three():
    ucla3 = get("ucla3")
    assert [i.text for i in ucla3.items] == [
        "How often do you feel that you lack companionship?",
        "How often do you feel left out?",
        "How often do you feel isolated from others?",
    ]
    assert all(
        options_of(i)
        == [("Hardly ever", 1, None), ("Some of the time", 2, None), ("Often", 3, None)]
        for i in ucla3.items
    )
    assert (ucla3.min_total, ucla3.max_total, ucla3.recall_days) == (3, 9, None)


def test_who5_has_its_five_statements_and_six_options_from_all_of_the_time_down():
    who5 = get("who5")
    assert [i.text for i in who5.items] == [
        "I have felt cheerful and in good spirits",
        "I have felt calm and relaxed",
        "I have felt active and vigorous",
        "I woke up feeling fresh and rested",
        "My daily life has been filled with things that interest me",
    ]
    assert [(o.label, o.value) for o in who5.items[0].options] == [
        ("All of the time", 5),
        ("Most of the time", 4),
        ("More than half of the time", 3),
        ("Less than half of the time", 2),
        ("Some of the time", 1),
        ("At no time", 0),
    ]
    assert (who5.raw_max_total, who5.max_total, who5.recall_days) == (25, 100, 14)
    assert who5.total_transform is not None and who5.total_transform.multiply == 4


def test_pcl5_has_twenty_public_domain_items_over_the_past_month():
    pcl5 = get("pcl5")
    assert pcl5.item_count == 20
    assert pcl5.stem == "In the past month, how much were you bothered by:"
    assert pcl5.recall_days == 30
    texts = [i.text for i in pcl5.items]
    assert texts[0] == "Repeated, disturbing, and unwanted memories of the stressful experience?"
    assert texts[3] == "Feeling very upset when something reminded you of the stressful experience?"
    assert texts[9] == (
        "Blaming yourself or someone else for the stressful experience or what happened after it?"
    )
    assert texts[16] == "Being “superalert” or watchful or on guard?"
    assert texts[19] == "Trouble falling or staying asleep?"
    assert all(t and not t[0].isdigit() for t in texts)
    assert [(o.label, o.value) for o in pcl5.items[0].options] == [
        ("Not at all", 0),
        ("A little bit", 1),
        ("Moderately", 2),
        ("Quite a bit", 3),
        ("Extremely", 4),
    ]
    assert pcl5.licence.free


def test_pcl5_clusters_are_b_c_d_e():
    clusters = {s.key: s.items for s in get("pcl5").subscales}
    assert clusters == {
        "B": (1, 2, 3, 4, 5),
        "C": (6, 7),
        "D": (8, 9, 10, 11, 12, 13, 14),
        "E": (15, 16, 17, 18, 19, 20),
    }


def test_epds_reverse_items_score_three_down_to_zero_from_the_top():
    epds = get("epds")
    assert [i.values for i in epds.items] == [
        (0, 1, 2, 3),
        (0, 1, 2, 3),
        (3, 2, 1, 0),
        (0, 1, 2, 3),
        *[(3, 2, 1, 0)] * 6,
    ]
    assert [i.number for i in epds.items if i.reverse] == [3, 5, 6, 7, 8, 9, 10]
    assert (epds.recall_days, epds.max_total) == (7, 30)


def test_phq9_and_gad7_items_are_not_reverse_scored():
    assert not any(i.reverse for i in get("phq9").items + get("gad7").items)


# --- licensed content ----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["epds", "phqa"])
def test_licensed_instruments_ship_no_wording_and_are_not_available(code):
    instrument = get(code)
    assert instrument.licensed_wording is True
    assert instrument.available is False
    assert instrument.licence.free is False
    assert instrument.stem == ""
    assert all(i.text == "" for i in instrument.all_items)
    assert all(o.label == "" for i in instrument.items for o in i.options)


def test_free_instruments_are_available_with_their_wording():
    for instrument in ALL:
        if instrument.code in ("epds", "phqa"):
            continue
        assert instrument.available and not instrument.licensed_wording
        assert instrument.licence.free
        assert all(i.text for i in instrument.all_items)


def test_phqa_has_nine_scored_items_and_four_unscored_extras_two_of_them_safety():
    phqa = get("phqa")
    assert phqa.item_count == 9
    assert [(e.key, e.safety, e.scored) for e in phqa.extra_items] == [
        ("past_year", False, False),
        ("difficulty", False, False),
        ("suicidal_thoughts_past_month", True, False),
        ("suicide_attempt_lifetime", True, False),
    ]
    assert [o.label for o in phqa.extra_items[2].options] == ["Yes", "No"]
    assert [i.number for i in phqa.safety_items] == [9, 12, 13]


def test_safety_items_are_phq9_item_9_phqa_item_9_and_epds_item_10():
    safety = {i.code: [item.number for item in i.items if item.safety] for i in ALL}
    assert safety == {
        "phq9": [9],
        "gad7": [],
        "phq2": [],
        "gad2": [],
        "phqa": [9],
        "epds": [10],
        "pcl5": [],
        "who5": [],
        "ucla3": [],
    }


def test_gad7_says_its_missing_item_rule_is_confides_own_convention():
    gad7 = get("gad7")
    assert gad7.missing_rule is not None
    assert gad7.missing_rule.max_missing == 1
    assert gad7.missing_rule.published is False
    assert "Confide's convention" in gad7.missing_rule.note
    assert any("Confide's convention" in n for n in gad7.notes)


def test_only_phq9_and_gad7_allow_missing_items():
    allowed = {i.code: (i.missing_rule.max_missing if i.missing_rule else 0) for i in ALL}
    assert allowed == {c: 0 for c in CODES} | {"phq9": 2, "gad7": 1}


# --- bands -------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_severity_slugs_are_exactly_those_in_the_api_contract(code):
    assert [b.slug for b in get(code).bands] == SLUGS[code]


@pytest.mark.parametrize("code", CODES)
def test_every_band_has_a_label_a_kind_meaning_and_a_known_next_step(code):
    for band in get(code).bands:
        assert band.label and band.label[0].isupper()
        assert band.meaning.endswith(".")
        assert band.next_step in NEXT_STEPS
        lowered = band.meaning.lower()
        for unkind in ("not ill enough", "nothing wrong", "normal", "fine"):
            assert unkind not in lowered


@pytest.mark.parametrize("code", CODES)
def test_the_lowest_band_still_says_talking_to_someone_can_help(code):
    lowest = get(code).bands[0] if code != "who5" else get(code).bands[-1]
    assert "talking to someone can" in lowest.meaning or "reaching out" in lowest.meaning
    assert lowest.next_step == "self_care"


def test_next_steps_are_ordered_by_urgency():
    assert NEXT_STEPS == (
        "self_care",
        "consider_consultation",
        "recommend_clinician",
        "reach_out_today",
    )


@pytest.mark.parametrize("code", CODES)
def test_every_instrument_carries_its_sources_and_licence_text(code):
    instrument = get(code)
    assert instrument.sources and all(instrument.sources)
    assert instrument.licence.text and instrument.licence.holder and instrument.licence.source
    assert instrument.name and instrument.description


def test_pcl5_alone_has_an_adjustable_cut_off_from_31_to_33():
    adjustable = {i.code: i.cutoff for i in ALL if i.cutoff}
    assert list(adjustable) == ["pcl5"]
    cutoff = adjustable["pcl5"]
    assert (cutoff.band, cutoff.default, cutoff.minimum, cutoff.maximum) == (
        "probable_ptsd",
        33,
        31,
        33,
    )


# --- the model checks itself ------------------------------------------------------------------


def test_reverse_is_computed_from_the_option_values():
    up = Item(1, "q1", "x", (Option("a", 0), Option("b", 1)))
    down = Item(1, "q1", "x", (Option("a", 1), Option("b", 0)))
    assert (up.reverse, down.reverse) == (False, True)


def test_an_item_with_shuffled_or_repeated_option_values_is_refused():
    with pytest.raises(ValueError, match="steadily"):
        Item(1, "q1", "x", (Option("a", 0), Option("b", 2), Option("c", 1)))
    with pytest.raises(ValueError, match="steadily"):
        Item(1, "q1", "x", (Option("a", 1), Option("b", 1)))


def test_bands_with_a_gap_or_overlap_are_refused():
    phq2 = get("phq2")
    negative, positive = phq2.bands
    with pytest.raises(ValueError, match="do not meet"):
        replace(phq2, bands=(negative, replace(positive, low=4)))
    with pytest.raises(ValueError, match="do not meet"):
        replace(phq2, bands=(negative, replace(positive, low=2)))
    with pytest.raises(ValueError, match="run from"):
        replace(phq2, bands=(negative, replace(positive, high=5)))


def test_a_band_with_an_unknown_next_step_is_refused():
    with pytest.raises(ValueError, match="next step"):
        Band("x", 0, 1, "X", "X.", "panic")


def test_a_free_instrument_cannot_be_unavailable():
    with pytest.raises(ValueError, match="unavailable"):
        replace(get("phq9"), available=False)


def test_instruments_are_frozen_and_hashable():
    phq9: Instrument = get("phq9")
    with pytest.raises(AttributeError):
        phq9.code = "x"  # type: ignore[misc]
    assert len({hash(i) for i in ALL}) == len(ALL)
