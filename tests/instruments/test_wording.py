"""Licensed wording: a practice with permission loads it; the definition checks it first."""

import copy
import json

import pytest

from confide.instruments import WordingError, apply_wording, get, score, wording_template

EPDS, PHQA, PHQ9 = get("epds"), get("phqa"), get("phq9")


def filled(code: str) -> dict:
    """A template filled with made-up wording (not the licensed text)."""
    data = wording_template(get(code))
    data["stem"] = "Test stem."
    for item in data["items"]:
        item["text"] = f"Test item {item['number']}"
        for position, option in enumerate(item["options"]):
            option["label"] = f"Answer {position} scoring {option['value']}"
    for extra in data.get("extra_items", []):
        extra["text"] = f"Test extra {extra['key']}"
    return data


def problem(code: str, change) -> str:
    data = filled(code)
    change(data)
    with pytest.raises(WordingError) as caught:
        apply_wording(get(code), data)
    assert isinstance(caught.value, ValueError)
    return str(caught.value)


def test_the_template_is_json_with_one_entry_per_item_and_option_values_to_match():
    template = wording_template(EPDS)
    json.dumps(template)
    assert template["instrument"] == "epds"
    assert template["stem"] == ""
    assert len(template["items"]) == 10
    assert template["items"][2] == {
        "number": 3,
        "text": "",
        "options": [{"value": v, "label": ""} for v in (3, 2, 1, 0)],
    }
    assert "extra_items" not in template


def test_the_phqa_template_includes_its_four_extra_questions():
    template = wording_template(PHQA)
    assert [e["key"] for e in template["extra_items"]] == [
        "past_year",
        "difficulty",
        "suicidal_thoughts_past_month",
        "suicide_attempt_lifetime",
    ]


def test_applying_valid_wording_fills_it_in_and_makes_the_instrument_available():
    loaded = apply_wording(EPDS, filled("epds"))
    assert loaded.available is True
    assert loaded.stem == "Test stem."
    assert loaded.items[2].text == "Test item 3"
    assert loaded.items[2].options[0].label == "Answer 0 scoring 3"
    assert loaded.items[2].values == (3, 2, 1, 0)


def test_the_shipped_definition_is_left_untouched():
    apply_wording(EPDS, filled("epds"))
    assert get("epds").available is False
    assert get("epds").items[0].text == ""


def test_wording_never_changes_scoring_or_safety():
    loaded = apply_wording(EPDS, filled("epds"))
    for responses in ([0] * 10, [3] * 10, [1, 2, 3, 0, 1, 2, 3, 0, 1, 2]):
        before, after = score(EPDS, responses).to_dict(), score(loaded, responses).to_dict()
        before.pop("notes"), after.pop("notes")  # notes name the item by its wording
        assert after == before
    assert [i.number for i in loaded.safety_items] == [10]
    assert (loaded.bands, loaded.licence.free) == (EPDS.bands, False)


def test_phqa_wording_fills_the_extra_questions_and_keeps_their_answers():
    loaded = apply_wording(PHQA, filled("phqa"))
    assert loaded.available
    assert loaded.extra_items[2].text == "Test extra suicidal_thoughts_past_month"
    assert [o.label for o in loaded.extra_items[2].options] == ["Yes", "No"]


def test_option_labels_may_be_given_as_plain_strings():
    data = filled("epds")
    for item in data["items"]:
        item["options"] = [o["label"] for o in item["options"]]
    assert apply_wording(EPDS, data).items[9].options[3].label == "Answer 3 scoring 0"


def test_a_wrong_item_count_is_named():
    message = problem("epds", lambda d: d["items"].pop())
    assert "items: EPDS has 10 items; the wording gives 9" in message


def test_a_missing_option_label_is_named():
    def blank(data):
        data["items"][4]["options"][1]["label"] = "  "

    assert "items[4].options[1]: the option label is missing" in problem("epds", blank)


def test_a_wrong_number_of_options_is_named():
    message = problem("epds", lambda d: d["items"][0]["options"].pop())
    assert "items[0].options: item 1 has 4 options; the wording gives 3" in message


def test_options_pasted_in_the_wrong_order_are_caught_by_their_values():
    def reverse(data):
        data["items"][2]["options"].reverse()

    message = problem("epds", reverse)
    assert "items[2].options[0]: value 0 does not match the score of this position (3)" in message


def test_a_missing_item_text_is_named():
    def blank(data):
        data["items"][9]["text"] = ""

    assert "items[9].text: the text is missing" in problem("epds", blank)


def test_a_missing_stem_is_named():
    assert "stem" in problem("epds", lambda d: d.update(stem=""))


def test_a_missing_extra_question_text_is_named():
    def blank(data):
        data["extra_items"][3]["text"] = None

    assert "extra_items[3].text: the text is missing" in problem("phqa", blank)


def test_wording_for_another_instrument_is_refused():
    assert "this wording is for 'phqa'" in problem("epds", lambda d: d.update(instrument="phqa"))


def test_an_unknown_key_is_refused():
    assert "unknown keys: itemz" in problem("epds", lambda d: d.update(itemz=[]))


def test_a_mismatched_item_number_is_refused():
    def renumber(data):
        data["items"][0]["number"] = 2

    assert "expected item number 1" in problem("epds", renumber)


def test_every_problem_is_reported_at_once():
    def break_two(data):
        data["items"][0]["text"] = ""
        data["items"][1]["options"][0]["label"] = ""

    message = problem("epds", break_two)
    assert "items[0].text" in message and "items[1].options[0]" in message


def test_wording_that_is_not_an_object_is_refused():
    with pytest.raises(WordingError, match="JSON object"):
        apply_wording(EPDS, ["not", "an", "object"])  # type: ignore[arg-type]


def test_a_free_instruments_template_round_trips_to_the_same_definition():
    data = copy.deepcopy(wording_template(PHQ9))
    assert apply_wording(PHQ9, data) == PHQ9


def test_a_permission_note_is_kept_with_the_licence():
    data = filled("epds") | {"permission": "RCPsych, letter of 1 May 2026"}
    assert apply_wording(EPDS, data).licence.permission == "RCPsych, letter of 1 May 2026"
