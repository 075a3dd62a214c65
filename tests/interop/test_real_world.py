"""Questionnaires as real systems send them: published examples and the shapes their tools write.

The pure importer only: what each response maps to and how Confide scores it.
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confide import instruments
from confide.interop.answers import plain
from confide.interop.importer import ImportProblem
from tests.factories import BASE, FREQUENCY, GAD7_CODES, LOINC, PHQ9_CODES, fixture, parse, score
from tests.factories.fhir_shapes import DECLINED, DOORS, SAFETY_CASES, r4_of_argonaut


def problems(data) -> list[tuple[str, str]]:
    with pytest.raises(ImportProblem) as caught:
        parse(data)
    return caught.value.errors


# --- the published examples, as they are -------------------------------------------------


def test_us_core_example_scores_the_12_its_own_total_says():
    data = fixture("uscore-QuestionnaireResponse-phq-9-example.json")
    parsed = parse(data)
    assert parsed.instrument == "phq9"
    assert parsed.responses == [2, 2, 2, 2, 1, 1, 2, 0, 0]
    assert parsed.extras == {"difficulty": 1}  # LA6573-5 "Somewhat difficult"
    result = score(parsed)
    sent_total = next(i for i in data["item"] if i["linkId"] == "/44261-6")
    assert result.total == sent_total["answer"][0]["valueDecimal"] == 12
    assert "risk" not in result.flags and "risk_unanswered" not in result.flags


def test_sdc_example_is_scored_by_confide_not_by_the_total_it_carries():
    # The SDC example's items are nested under H1/T1 and answered from SDC's own code system
    # CSPHQ9; it says 13, but its answers (0,0,0,1,2,1,3,2,1) add up to 10: its value set
    # weighs "Nearly every day" 4, against its own CodeSystem and LOINC (3).
    data = fixture("sdc-QuestionnaireResponse-PHQ9.json")
    parsed = parse(data)
    assert parsed.responses == [0, 0, 0, 1, 2, 1, 3, 2, 1]
    result = score(parsed)
    assert result.total == 10 and result.severity == "moderate"
    assert "risk" in result.flags  # item 9 "Several days"
    assert data["item"][0]["item"][-1]["answer"][0]["valueQuantity"]["value"] == 13


def test_argonaut_example_in_r4_form_maps_its_nested_groups():
    parsed = parse(r4_of_argonaut(fixture("argonaut-QuestionnaireResponse-example-phq9.STU3.json")))
    assert parsed.instrument == "phq9"
    assert parsed.responses == [0] * 9 and parsed.extras == {"difficulty": 0}
    assert parsed.identifier == ("", "questionnaireresponse-example-phq9")


def test_argonaut_example_as_published_is_stu3_and_says_so():
    errors = problems(fixture("argonaut-QuestionnaireResponse-example-phq9.STU3.json"))
    assert errors[0][0] == "questionnaire"
    assert "STU3" in errors[0][1]


def test_mii_gad7_example_scores_13_as_its_comment_says_and_skips_its_promis_score():
    parsed = parse(fixture("mii-QuestionnaireResponse-mii-exa-pro-gad-7-response.json"))
    assert parsed.instrument == "gad7"
    assert parsed.responses == [2, 3, 2, 1, 2, 1, 2]
    assert score(parsed).total == 13


def test_confides_answer_codes_are_the_ones_lhc_forms_reads_from_loinc():
    # LHC-Forms' PHQ-9 is generated from LOINC: each item's answer list, in order, with its
    # ordinal value. Confide's options must carry the same codes and score the same values.
    lforms = fixture("lforms-R4-phq9-Questionnaire.json")
    phq9 = instruments.get("phq9")
    for q_item in lforms["item"]:
        item = next((i for i in phq9.all_items if f"/{i.loinc}" == q_item["linkId"]), None)
        if item is None or "answerOption" not in q_item:
            continue
        codes = [o["valueCoding"]["code"] for o in q_item["answerOption"]]
        assert [o.code for o in item.options] == codes, item.key
        ordinals = [
            next((e["valueDecimal"] for e in o.get("extension", []) if "ordinal" in e["url"]), None)
            for o in q_item["answerOption"]
        ]
        if item.scored:
            assert [o.value for o in item.options] == ordinals, item.key


# --- every shape, with a positive, a negative and an unanswered safety item ---------------


@pytest.mark.parametrize("door", sorted(DOORS))
@pytest.mark.parametrize("case", sorted(SAFETY_CASES))
def test_every_shape_reads_item_9_whether_positive_negative_or_unanswered(door, case):
    values = SAFETY_CASES[case]
    parsed = parse(DOORS[door]("Patient/x", values))
    assert parsed.instrument == "phq9", door
    assert parsed.responses == values, door
    flags = score(parsed).flags
    assert ("risk" in flags) == (case == "positive"), (door, flags)
    assert ("risk_unanswered" in flags) == (case == "unanswered"), (door, flags)


@pytest.mark.parametrize("door", sorted(DOORS))
def test_every_shape_reads_a_declined_item_9_as_unanswered_never_as_no(door):
    data = DOORS[door]("Patient/x", SAFETY_CASES["negative"])
    # Replace the answer of whichever item holds item 9 with "asked-declined".
    nine = parse(data).answered_link_ids[8] if door != "lhc_contained" else "/44260-8"
    for item in _flat(data["item"]):
        if item["linkId"] == nine:
            item["answer"] = [copy.deepcopy(DECLINED)]
    parsed = parse(data)
    assert parsed.responses[8] is None
    assert "risk_unanswered" in score(parsed).flags and "risk" not in score(parsed).flags


def _flat(items):
    for item in items:
        yield item
        yield from _flat(item.get("item", []))


@given(st.sampled_from(sorted(DOORS)), st.lists(st.integers(0, 3), min_size=9, max_size=9))
def test_every_shape_scores_the_sum(door, values):
    assert score(parse(DOORS[door]("Patient/x", values))).total == sum(values)


# --- the questionnaire, named in each way -------------------------------------------------


def _phq9_with(reference):
    return {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "subject": {"reference": "Patient/x"},
        "questionnaire": reference,
        "item": [
            {"linkId": f"/{code}", "answer": [{"valueCoding": {"code": FREQUENCY[1]}}]}
            for code in PHQ9_CODES[:2]
        ],
    }


@pytest.mark.parametrize(
    "reference",
    [
        "http://loinc.org/q/44249-1",
        "http://loinc.org/q/44249-1|2.76",
        "Questionnaire/44249-1",
        "https://fhir.loinc.org/Questionnaire/44249-1",
        "http://hl7.org/fhir/us/core/Questionnaire/phq-9-example|7.0.0",
    ],
)
def test_the_panel_named_by_the_questionnaire_decides_even_for_two_answers(reference):
    # Items 1 and 2 alone would be a PHQ-2; a PHQ-9 with seven unanswered stays a PHQ-9.
    parsed = parse(_phq9_with(reference))
    assert parsed.instrument == "phq9"
    assert parsed.responses[8] is None
    assert "risk_unanswered" in score(parsed).flags


def test_the_phq2_by_its_loinc_canonical():
    parsed = parse(_phq9_with("http://loinc.org/q/55757-9"))
    assert (parsed.instrument, score(parsed).total) == ("phq2", 2)


def test_two_items_without_a_questionnaire_are_a_phq2():
    data = _phq9_with(None)
    del data["questionnaire"]
    assert parse(data).instrument == "phq2"


def test_an_unknown_questionnaire_with_item_code_link_ids_is_read_by_its_codes():
    # uwcirg's ISACC/CDC PHQ-9 uses its own URL and LHC-Forms' "/<item code>" linkIds.
    assert parse(_phq9_with("http://www.cdc.gov/ncbddd/fasd/phq9")).instrument == "phq2"


def test_a_loinc_form_of_an_instrument_without_item_codes_says_what_to_send():
    data = _phq9_with("http://loinc.org/q/101697-1")
    data["item"] = [{"linkId": "1", "answer": [{"valueInteger": 2}]}]
    (field, message), *_ = problems(data)
    assert field == "questionnaire"
    assert "PCL-5" in message and f"{BASE}/fhir/Questionnaire/pcl5" in message


def test_pco_gad7_with_loincs_question_numbers_and_its_more_days_than_not():
    # HL7 PCO's copy of LOINC's GAD-7 form: linkIds 57541-57547, and item 2 listing
    # LA18938-3 "More days than not" for the value 2.
    codes = [FREQUENCY[1]] * 7
    codes[1] = "LA18938-3"
    data = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "subject": {"reference": "Patient/x"},
        "questionnaire": "http://hl7.org/fhir/us/pco/Questionnaire/69737-5|1.0.0",
        "item": [
            {"linkId": str(57541 + n), "answer": [{"valueCoding": {"system": LOINC, "code": c}}]}
            for n, c in enumerate(codes)
        ]
        + [{"linkId": "58628", "answer": [{"valueDecimal": 8}]}],
    }
    parsed = parse(data)
    assert parsed.instrument == "gad7"
    assert parsed.responses == [1, 2, 1, 1, 1, 1, 1]


# --- answers: what is accepted, and what is refused by name --------------------------------


def test_an_answer_code_from_another_items_list_is_refused_naming_item_and_code():
    data = DOORS["us_core"]("Patient/x", SAFETY_CASES["negative"])
    nine = next(i for i in data["item"] if i["linkId"] == "/44260-8")
    nine["answer"] = [{"valueCoding": {"system": LOINC, "code": "LA18938-3"}}]
    (field, message), *_ = problems(data)
    assert field == f"item[{data['item'].index(nine)}].answer[0]"
    assert "LA18938-3" in message and "PHQ-9 item 9" in message and "/44260-8" in message
    assert "LA6568-5" in message  # and what it does accept


def test_a_code_from_an_unknown_system_is_refused_naming_it():
    data = DOORS["sdc"]("Patient/x", SAFETY_CASES["negative"])
    data["item"][0]["item"][0]["answer"][0]["valueCoding"]["system"] = "http://example.org/cs"
    (field, message), *_ = problems(data)
    assert field == "item[0].item[0].answer[0]"
    assert "http://example.org/cs|Several-days" in message and "PHQ-9 item 1" in message


@pytest.mark.parametrize(
    ("text", "value"),
    [("Nearly everyday", 3), ("nearly every day.", 3), ("NOT AT ALL", 0), ("Several days", 1)],
)
def test_value_string_matches_an_options_text_however_it_is_spelt(text, value):
    data = DOORS["strings"]("Patient/x", [0] * 9)
    data["item"][8]["answer"] = [{"valueString": text}]
    assert parse(data).responses[8] == value


def test_value_string_that_is_no_option_is_refused_with_the_options():
    data = DOORS["strings"]("Patient/x", [0] * 9)
    data["item"][8]["answer"] = [{"valueString": "Sometimes"}]
    (field, message), *_ = problems(data)
    assert field == "item[8].answer[0]"
    assert "'Sometimes'" in message and "PHQ-9 item 9" in message and "'Not at all'" in message


def test_an_integer_no_option_scores_is_refused():
    data = DOORS["integers"]("Patient/x", [0] * 9)
    data["item"][8]["answer"] = [{"valueInteger": 4}]
    (field, message), *_ = problems(data)
    assert field == "item[8].answer[0]" and "scores 4" in message


def test_the_same_item_twice_is_refused():
    data = DOORS["loinc_canonical"]("Patient/x", [0] * 9)
    data["item"][0]["item"].append({"linkId": "/44260-8", "answer": [{"valueInteger": 0}]})
    assert any("a second time" in m for _, m in problems(data))


def test_a_response_with_every_answer_declined_answers_nothing():
    data = DOORS["loinc_form"]("Patient/x", [0] * 9)
    for item in data["item"]:
        item["answer"] = [copy.deepcopy(DECLINED)]
    assert problems(data) == [("item", "The response answers no question.")]


def test_gad7_item_codes_as_bare_link_ids_from_the_phr_format_ig():
    data = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "subject": {"reference": "Patient/x"},
        "item": [{"linkId": c, "answer": [{"valueInteger": 1}]} for c in GAD7_CODES],
    }
    assert (parse(data).instrument, score(parse(data)).total) == ("gad7", 7)


def test_no_two_options_of_any_item_read_alike_as_text():
    for instrument in instruments.all_instruments():
        for item in instrument.all_items:
            labels = [plain(o.label) for o in item.options if o.label]
            assert len(labels) == len(set(labels)), (instrument.code, item.key)


# --- what identifies the response ---------------------------------------------------------


def test_identity_is_read_but_a_loinc_form_code_is_not_an_identity():
    data = DOORS["us_core"]("Patient/x", [0] * 9)
    data["identifier"] = {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:1"}
    data["meta"]["source"] = "https://ehr.example/fhir"
    parsed = parse(data)
    assert parsed.identifier == ("urn:ietf:rfc:3986", "urn:uuid:1")
    assert (parsed.resource_id, parsed.meta_source) == ("phq-9-example", "https://ehr.example/fhir")
    # Old LHC-Forms responses carry the form's LOINC code as their identifier.
    data["identifier"] = {"system": LOINC, "value": "44249-1"}
    assert parse(data).identifier is None


# --- the other instruments with safety items: through Confide's own Questionnaire ----------


def _own(code, positions, extras=None):
    instrument = instruments.get(code)
    system = f"{BASE}/fhir/CodeSystem/{code}"
    answers = dict(zip((i.key for i in instrument.items), positions, strict=True))
    answers.update(extras or {})
    items = []
    for item in instrument.all_items:
        position = answers.get(item.key)
        if position is not None:
            value = str(item.options[position].value)
            items.append(
                {"linkId": item.key, "answer": [{"valueCoding": {"system": system, "code": value}}]}
            )
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{BASE}/fhir/Questionnaire/{code}",
        "status": "completed",
        "subject": {"reference": "Patient/x"},
        "item": items,
    }


# PHQ-A item 9 (positions from the top: 0 = "not at all") and its two yes/no suicide questions
# (position 0 = "Yes"); EPDS item 10 (position 3 = "never", the no-risk answer).
NO_NO = {"suicidal_thoughts_past_month": 1, "suicide_attempt_lifetime": 1}
SAFETY_ELSEWHERE = [
    ("phqa", [0] * 8 + [1], NO_NO, "positive"),
    ("phqa", [0] * 9, {**NO_NO, "suicidal_thoughts_past_month": 0}, "positive"),
    ("phqa", [0] * 9, NO_NO, "negative"),
    ("phqa", [0] * 8 + [None], NO_NO, "unanswered"),
    ("phqa", [0] * 9, {"suicide_attempt_lifetime": 1}, "unanswered"),
    ("epds", [0] * 9 + [0], None, "positive"),
    ("epds", [0] * 9 + [3], None, "negative"),
    ("epds", [0] * 9 + [None], None, "unanswered"),
]


@pytest.mark.parametrize(("code", "positions", "extras", "case"), SAFETY_ELSEWHERE)
def test_phqa_and_epds_safety_items_through_confides_own_questionnaire(
    code, positions, extras, case
):
    parsed = parse(_own(code, positions, extras))
    flags = score(parsed).flags
    assert ("risk" in flags) == (case == "positive"), flags
    assert ("risk_unanswered" in flags) == (case == "unanswered"), flags


def test_a_phqa_yes_no_question_may_be_answered_with_value_boolean():
    data = _own("phqa", [0] * 9, {"suicide_attempt_lifetime": 1})
    data["item"].append(
        {"linkId": "suicidal_thoughts_past_month", "answer": [{"valueBoolean": True}]}
    )
    parsed = parse(data)
    assert parsed.extras["suicidal_thoughts_past_month"] == 0  # "Yes", the top option
    assert "risk" in score(parsed).flags


def test_items_nested_absurdly_deep_are_refused_by_name_not_by_a_crash():
    data = DOORS["loinc_form"]("Patient/x", [0] * 9)
    group = {"linkId": "g", "item": []}
    data["item"].append(group)
    for _ in range(40):
        inner = {"linkId": "g", "item": []}
        group["item"].append(inner)
        group = inner
    (field, message), *_ = problems(data)
    assert "nested more than 32 levels" in message and field.startswith("item[9]")
