"""A PHQ-9 QuestionnaireResponse in each shape real systems send, with any answers.

Each builder takes nine values (0-3, or None for a question left unanswered) and returns a
response as that system writes it. Real published examples (fixtures/) are used as they are,
with only the answers swapped; the others follow the rules the source states (see the README in
fixtures/). Every shape is tested with a positive, a negative and an unanswered item 9.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from tests.factories import BASE, FREQUENCY, LOINC, PHQ9_CODES, fixture, lhc_response, mii_response

TEXTS = ("Not at all", "Several days", "More than half the days", "Nearly every day")
CSPHQ9 = "http://hl7.org/fhir/uv/sdc/CodeSystem/CSPHQ9"
CSPHQ9_CODES = ("Not-at-all", "Several-days", "More than half the days", "Nearly every day")
DECLINED = {
    "valueCoding": {
        "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason",
        "code": "asked-declined",
        "display": "Asked But Declined",
    }
}

Values = list[int | None]


def _coding(value: int, *, system: bool = True) -> dict[str, Any]:
    coding = {"code": FREQUENCY[value], "display": TEXTS[value]}
    if system:
        coding["system"] = LOINC
    return {"valueCoding": coding}


def _set_answers(items: list[dict[str, Any]], link_ids: list[str], answers: list[Any]) -> None:
    """Give each listed item its answer; an answer of None removes the item's answer."""
    by_link = {item["linkId"]: item for item in _flat(items)}
    for link_id, answer in zip(link_ids, answers, strict=True):
        item = by_link[link_id]
        if answer is None:
            item.pop("answer", None)
        else:
            item["answer"] = [answer]


def _flat(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        out.append(item)
        out.extend(_flat(item.get("item", [])))
    return out


def _response(subject: str, items: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "subject": {"reference": subject},
        "authored": "2026-01-05T10:00:00-05:00",
        **extra,
        "item": items,
    }


def _present(link_ids: list[str], values: Values, answer: Callable[[int], Any]) -> list[Any]:
    return [
        {"linkId": link, "answer": [answer(v)]}
        for link, v in zip(link_ids, values, strict=True)
        if v is not None
    ]


def mii(subject: str, values: Values) -> dict[str, Any]:
    """The MII's own example, answers as bare LOINC codes (no system)."""
    data = mii_response(subject)
    links = [f"PHQ.{n}" for n in range(1, 10)]
    _set_answers(
        data["item"],
        links,
        [None if v is None else {"valueCoding": {"code": FREQUENCY[v]}} for v in values],
    )
    return data


def us_core(subject: str, values: Values) -> dict[str, Any]:
    """HL7 US Core's example (LHC-Forms output): linkIds "/<item code>", coded answers."""
    data = fixture("uscore-QuestionnaireResponse-phq-9-example.json")
    data["subject"] = {"reference": subject}
    links = [f"/{code}" for code in PHQ9_CODES]
    _set_answers(data["item"], links, [None if v is None else _coding(v) for v in values])
    return data


def lhc_contained(subject: str, values: Values) -> dict[str, Any]:
    """LHC-Forms' PHQ-9 Questionnaire contained, answers without the code system."""
    data = lhc_response(subject, [0] * 9, system=False)
    links = [f"/{code}" for code in PHQ9_CODES]
    answers = [None if v is None else _coding(v, system=False) for v in values]
    _set_answers(data["item"], links, answers)
    return data


def lhc_bare(subject: str, values: Values) -> dict[str, Any]:
    """As LHC-Forms writes a response to a form with no URL: no `questionnaire` at all, the
    LOINC panel as an outer group ("/44249-1/44250-9"), answers with code and display only."""
    links = [f"/44249-1/{code}" for code in PHQ9_CODES]
    group = {
        "linkId": "/44249-1",
        "item": _present(links, values, lambda v: _coding(v, system=False)),
    }
    return _response(subject, [group])


def sdc(subject: str, values: Values) -> dict[str, Any]:
    """HL7 SDC's example: nested under H1/T1, answers from SDC's CSPHQ9 code system."""
    data = fixture("sdc-QuestionnaireResponse-PHQ9.json")
    data["subject"] = {"reference": subject}
    links = [f"H1/T1/Q{n}" for n in range(1, 10)]
    answers = [
        None
        if v is None
        else {"valueCoding": {"system": CSPHQ9, "code": CSPHQ9_CODES[v], "display": TEXTS[v]}}
        for v in values
    ]
    _set_answers(data["item"], links, answers)
    return data


def argonaut(subject: str, values: Values) -> dict[str, Any]:
    """The Argonaut Questionnaire IG's example, made R4 (canonical `questionnaire`, no
    `context`): nested groups g1/g2 with dotted linkIds."""
    data = fixture("argonaut-QuestionnaireResponse-example-phq9.STU3.json")
    data = r4_of_argonaut(data)
    data["subject"] = {"reference": subject}
    links = [f"g1.q{n}" for n in range(1, 10)]
    _set_answers(data["item"], links, [None if v is None else _coding(v) for v in values])
    return data


def r4_of_argonaut(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["questionnaire"] = data["questionnaire"]["reference"]
    data.pop("context")
    data.pop("extension")  # an Argonaut STU3 extension
    return data


def loinc_form(subject: str, values: Values) -> dict[str, Any]:
    """LOINC's own Questionnaire (http://loinc.org/q/44249-1), whose linkIds are LOINC's
    question numbers 14363-14371, with the version LOINC publishes it under."""
    links = [str(n) for n in range(14363, 14372)]
    return _response(
        subject, _present(links, values, _coding), questionnaire="http://loinc.org/q/44249-1|2.76"
    )


def loinc_canonical(subject: str, values: Values) -> dict[str, Any]:
    """The LOINC canonical form with bare item codes as linkIds, as Beda EMR writes them."""
    return _response(
        subject,
        [{"linkId": "phq9", "item": _present(list(PHQ9_CODES), values, _coding)}],
        questionnaire="http://loinc.org/q/44249-1",
    )


def beda(subject: str, values: Values) -> dict[str, Any]:
    """Beda EMR's PHQ-2/PHQ-9 form: hidden bookkeeping items it fills itself, then the items
    in a group, then its own total."""
    hidden = [
        {"linkId": "dateTime", "answer": [{"valueDateTime": "2026-01-05T10:00:00-05:00"}]},
        {"linkId": "patientId", "answer": [{"valueString": "abc"}]},
        {"linkId": "patientName", "answer": [{"valueString": "A Client"}]},
    ]
    group_items = _present(list(PHQ9_CODES), values, _coding)
    total = sum(v for v in values if v is not None)
    group_items.append({"linkId": "phq9-total-score", "answer": [{"valueInteger": total}]})
    return _response(
        subject,
        [*hidden, {"linkId": "phq2phq9", "item": group_items}],
        questionnaire="https://aidbox.emr.beda.software/ui/console#/entities/Questionnaire/phq2phq9",
    )


def codes_on_items(subject: str, values: Values) -> dict[str, Any]:
    """No questionnaire; random linkIds, each item carrying its LOINC code (Aidbox forms)."""
    items = [
        {"linkId": f"x{n}", "code": [{"system": LOINC, "code": code}], "answer": [_coding(v)]}
        for n, (code, v) in enumerate(zip(PHQ9_CODES, values, strict=True))
        if v is not None
    ]
    return _response(subject, items)


def integers(subject: str, values: Values) -> dict[str, Any]:
    """Scores as valueInteger under the LOINC canonical, LHC-Forms linkIds."""
    links = [f"/{code}" for code in PHQ9_CODES]
    answers = _present(links, values, lambda v: {"valueInteger": v})
    return _response(subject, answers, questionnaire="http://loinc.org/q/44249-1")


def strings(subject: str, values: Values) -> dict[str, Any]:
    """Options' text as valueString, as forms built without codes write them."""
    links = [f"/{code}" for code in PHQ9_CODES]
    answers = _present(links, values, lambda v: {"valueString": TEXTS[v]})
    return _response(subject, answers, questionnaire="http://loinc.org/q/44249-1")


def confide(subject: str, values: Values) -> dict[str, Any]:
    """Confide's own Questionnaire and code system, as its export writes them."""
    links = [f"q{n}" for n in range(1, 10)]
    system = f"{BASE}/fhir/CodeSystem/phq9"
    answers = _present(links, values, lambda v: {"valueCoding": {"system": system, "code": str(v)}})
    return _response(subject, answers, questionnaire=f"{BASE}/fhir/Questionnaire/phq9")


DOORS: dict[str, Callable[[str, Values], dict[str, Any]]] = {
    "mii": mii,
    "us_core": us_core,
    "lhc_contained": lhc_contained,
    "lhc_bare": lhc_bare,
    "sdc": sdc,
    "argonaut": argonaut,
    "loinc_form": loinc_form,
    "loinc_canonical": loinc_canonical,
    "beda": beda,
    "codes_on_items": codes_on_items,
    "integers": integers,
    "strings": strings,
    "confide": confide,
}

# Item 9 positive, negative and unanswered, with items 1-8 the same each time.
SAFETY_CASES: dict[str, Values] = {
    "positive": [1, 1, 0, 0, 0, 0, 0, 0, 1],
    "negative": [1, 1, 0, 0, 0, 0, 0, 0, 0],
    "unanswered": [1, 1, 0, 0, 0, 0, 0, 0, None],
}
