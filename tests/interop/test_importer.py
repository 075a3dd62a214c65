"""The pure importer: real resources from other systems map onto Confide's items by code."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confide import instruments
from confide.interop.importer import ImportProblem
from confide.interop.known import KNOWN
from tests.factories import (
    BASE,
    FREQUENCY,
    GAD7_CODES,
    LOINC,
    gad7_response,
    lhc_response,
    mii_response,
    parse,
    score,
)


def test_the_mii_example_response_scores_27_as_its_own_observation_says():
    # Every one of the nine items is LA6571-9 "Nearly every day" (3): 9 x 3 = 27, the value of
    # the MII's own total Observation; PHQ.10 (difficulty, LA6574-3) is not scored.
    parsed = parse(mii_response("Patient/x"))
    assert parsed.instrument == "phq9"
    assert parsed.responses == [3] * 9
    assert parsed.extras == {"difficulty": 3}  # LA6574-3 "Extremely difficult", the last option
    result = score(parsed)
    assert result.total == 27
    assert result.severity == "severe"
    assert result.risk


def test_the_mii_questionnaires_own_link_ids_map_too():
    data = mii_response("Patient/x")
    for item in data["item"]:
        item["linkId"] = item["linkId"].replace("PHQ.", "PHQ-9.")
    data["questionnaire"] = next(u for u in KNOWN if u.endswith("mii-qst-pro-phq-9"))
    assert score(parse(data)).total == 27


@given(st.lists(st.integers(0, 3), min_size=9, max_size=9), st.booleans())
def test_an_lhc_forms_response_scores_the_sum_with_or_without_the_answer_system(values, system):
    parsed = parse(lhc_response("Patient/x", values, system=system))
    assert parsed.instrument == "phq9"
    assert score(parsed).total == sum(values)


def test_link_id_spelling_does_not_matter_when_the_contained_questionnaire_has_codes():
    data = lhc_response("Patient/x", [1, 2, 0, 0, 0, 0, 0, 0, 0])
    for item in data["contained"][0]["item"]:
        item["linkId"] = "question-" + item["linkId"].strip("/")
    for item in data["item"]:
        item["linkId"] = "question-" + item["linkId"].strip("/")
    assert score(parse(data)).total == 3


def test_gad7_item_2_more_days_than_not_counts_as_2():
    answers = [{"valueCoding": {"system": LOINC, "code": FREQUENCY[1]}} for _ in GAD7_CODES]
    answers[1] = {"valueCoding": {"system": LOINC, "code": "LA18938-3"}}
    parsed = parse(gad7_response("Patient/x", answers))
    assert parsed.instrument == "gad7"
    assert parsed.responses == [1, 2, 1, 1, 1, 1, 1]
    assert score(parsed).total == 8


def test_ordinal_integers_are_accepted():
    answers = [{"valueInteger": v} for v in (3, 3, 2, 2, 1, 0, 0)]
    assert score(parse(gad7_response("Patient/x", answers))).total == 11


def test_item_codes_on_response_items_are_enough_without_a_questionnaire():
    data = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "subject": {"reference": "Patient/x"},
        "item": [
            {
                "linkId": f"x{n}",
                "code": [{"system": LOINC, "code": code}],
                "answer": [{"valueInteger": 2}],
            }
            for n, code in enumerate(GAD7_CODES)
        ],
    }
    parsed = parse(data)
    assert (parsed.instrument, score(parsed).total) == ("gad7", 14)


def test_an_unknown_questionnaire_is_named():
    data = mii_response("Patient/x")
    data["questionnaire"] = "http://example.org/Questionnaire/mystery"
    with pytest.raises(ImportProblem) as caught:
        parse(data)
    assert "http://example.org/Questionnaire/mystery" in str(caught.value)
    assert caught.value.errors[0][0] == "questionnaire"


def test_an_unknown_answer_code_is_named_with_its_item():
    answers = [{"valueCoding": {"code": FREQUENCY[0]}} for _ in GAD7_CODES]
    answers[4] = {"valueCoding": {"code": "LA9999-9"}}
    with pytest.raises(ImportProblem) as caught:
        parse(gad7_response("Patient/x", answers))
    field, message = caught.value.errors[0]
    assert field == "item[4].answer[0]"
    assert "LA9999-9" in message and "GAD-7 item 5" in message


def test_la18938_3_is_only_accepted_where_systems_send_it():
    answers = [{"valueCoding": {"code": FREQUENCY[0]}} for _ in GAD7_CODES]
    answers[0] = {"valueCoding": {"code": "LA18938-3"}}
    with pytest.raises(ImportProblem, match="LA18938-3"):
        parse(gad7_response("Patient/x", answers))


def test_an_unknown_item_in_a_known_questionnaire_is_named():
    data = mii_response("Patient/x")
    data["item"].append({"linkId": "PHQ.99", "answer": [{"valueInteger": 1}]})
    with pytest.raises(ImportProblem) as caught:
        parse(data)
    assert caught.value.errors == [
        ("item[11].linkId", "Unknown item 'PHQ.99': no item code known for it.")
    ]


def test_an_in_progress_or_invalid_response_is_refused():
    data = mii_response("Patient/x")
    data["status"] = "in-progress"
    with pytest.raises(ImportProblem, match="in-progress"):
        parse(data)
    data = mii_response("Patient/x")
    data["authored"] = "yesterday"
    with pytest.raises(ImportProblem) as caught:
        parse(data)
    assert caught.value.errors[0][0] == "authored"
    with pytest.raises(ImportProblem):
        parse({"resourceType": "Observation"})


def test_confides_own_questionnaire_round_trips_an_instrument_without_loinc_items():
    who5 = instruments.get("who5")
    data = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{BASE}/fhir/Questionnaire/who5",
        "status": "completed",
        "subject": {"reference": "Patient/x"},
        "item": [
            {
                "linkId": item.key,
                "answer": [
                    {
                        "valueCoding": {
                            "system": f"{BASE}/fhir/CodeSystem/who5",
                            "code": str(item.options[2].value),
                        }
                    }
                ],
            }
            for item in who5.items
        ],
    }
    parsed = parse(data)
    assert parsed.instrument == "who5"
    assert parsed.responses == [2] * len(who5.items)
