"""FHIR R4 Questionnaires: valid R4, LOINC-coded, and never inventing licensed wording."""

import json

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from confide.instruments import all_instruments, apply_wording, get, questionnaire, wording_template

BASE = "https://confide.example.org"
LOINC = "http://loinc.org"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
CODES = [i.code for i in all_instruments()]


def ordinals(item: dict) -> list[float]:
    return [
        ext["valueDecimal"]
        for option in item["answerOption"]
        for ext in option.get("extension", [])
        if ext["url"] == ORDINAL
    ]


@pytest.mark.parametrize("code", CODES)
def test_every_questionnaire_validates_as_fhir_r4(code):
    body = questionnaire(get(code), BASE)
    json.dumps(body)
    parsed = Questionnaire.model_validate(body)
    assert parsed.url == f"{BASE}/fhir/Questionnaire/{code}"
    assert parsed.status == "active"
    assert parsed.title == get(code).name
    assert parsed.name and parsed.name[0].isupper() and parsed.name.isalnum()
    assert get(code).licence.text in parsed.copyright


def test_a_trailing_slash_on_the_base_url_is_not_doubled():
    assert questionnaire(get("gad7"), BASE + "/")["url"] == f"{BASE}/fhir/Questionnaire/gad7"


@pytest.mark.parametrize("code", CODES)
def test_scored_items_are_required_with_their_scored_value_as_ordinal(code):
    instrument = get(code)
    items = questionnaire(instrument, BASE)["item"]
    assert len(items) == len(instrument.all_items)
    for definition, item in zip(instrument.all_items, items, strict=True):
        assert item["linkId"] == definition.key
        assert item["type"] == "choice"
        assert item["required"] is definition.scored
        if definition.scored:
            assert ordinals(item) == list(definition.values)
        else:
            assert ordinals(item) == []


def test_phq9_carries_its_loinc_panel_item_and_answer_codes():
    body = questionnaire(get("phq9"), BASE)
    assert body["code"] == [{"system": LOINC, "code": "44249-1"}]
    items = body["item"]
    assert [i["code"][0]["code"] for i in items[:9]] == [
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
    assert all(i["code"][0]["system"] == LOINC for i in items)
    for item in items[:9]:
        codings = [o["valueCoding"] for o in item["answerOption"]]
        assert [(c["system"], c["code"]) for c in codings] == [
            (LOINC, "LA6568-5"),
            (LOINC, "LA6569-3"),
            (LOINC, "LA6570-1"),
            (LOINC, "LA6571-9"),
        ]
        assert codings[0]["display"] == "Not at all"
    assert items[9]["code"][0]["code"] == "69722-7"
    assert items[0]["text"] == "Little interest or pleasure in doing things"
    assert "LOINC" in body["copyright"]


def test_instruments_without_a_loinc_panel_carry_no_code():
    for code in ("gad2", "who5", "ucla3"):
        assert "code" not in questionnaire(get(code), BASE)
    for code in ("who5", "ucla3"):
        assert all("code" not in item for item in questionnaire(get(code), BASE)["item"])


def test_gad2_keeps_the_gad7_item_codes_without_a_panel_code():
    items = questionnaire(get("gad2"), BASE)["item"]
    assert [i["code"][0]["code"] for i in items] == ["69725-0", "68509-9"]


def test_answers_without_a_loinc_code_use_confides_own_code_system():
    option = questionnaire(get("who5"), BASE)["item"][0]["answerOption"][0]
    assert option["valueCoding"] == {
        "system": f"{BASE}/fhir/CodeSystem/who5",
        "code": "5",
        "display": "All of the time",
    }


def test_epds_reverse_items_carry_their_reversed_scores():
    items = questionnaire(get("epds"), BASE)["item"]
    assert ordinals(items[0]) == [0, 1, 2, 3]
    assert ordinals(items[2]) == [3, 2, 1, 0]


@pytest.mark.parametrize("code", ["epds", "phqa"])
def test_unloaded_licensed_wording_is_a_placeholder_never_invented(code):
    instrument = get(code)
    body = questionnaire(instrument, BASE)
    for definition, item in zip(instrument.all_items, body["item"], strict=True):
        assert item["text"] == f"Item {definition.number} (licensed wording not loaded)"
    for item in body["item"][: instrument.item_count]:
        for option in item["answerOption"]:
            display = option["valueCoding"].get("display")
            assert display is None or display.endswith("(licensed wording not loaded)")
    assert "Instructions" not in body["description"]


def test_loaded_licensed_wording_appears_in_the_questionnaire():
    data = wording_template(get("epds"))
    data["stem"] = "Stem."
    for item in data["items"]:
        item["text"] = f"Question {item['number']}"
        for option in item["options"]:
            option["label"] = f"Scores {option['value']}"
    body = questionnaire(apply_wording(get("epds"), data), BASE)
    assert body["item"][2]["text"] == "Question 3"
    assert body["item"][2]["answerOption"][0]["valueCoding"]["display"] == "Scores 3"
    assert "Stem." in body["description"]
