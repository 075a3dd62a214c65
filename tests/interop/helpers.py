"""Shared pieces of the interop tests: the real fixtures and a response builder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from confide import instruments
from confide.interop.importer import Parsed, parse_response

FIXTURES = Path(__file__).parent / "fixtures"
BASE = "https://confide.example"  # the tests' CONFIDE_BASE_URL
LOINC = "http://loinc.org"
FREQUENCY = ("LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9")
PHQ9_CODES = (
    "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3",
    "44260-8",
)  # fmt: skip
GAD7_CODES = ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7")


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


def mii_response(subject: str) -> dict[str, Any]:
    data = fixture("mii-QuestionnaireResponse-mii-exa-pro-phq-9-response.json")
    data["subject"] = {"reference": subject}
    return data


def lhc_response(subject: str, values: list[int], *, system: bool = True) -> dict[str, Any]:
    """A PHQ-9 response as LHC-Forms writes it, with its Questionnaire contained."""
    questionnaire = fixture("lforms-R4-phq9-Questionnaire.json")
    questionnaire["id"] = "phq9"
    items = []
    for code, value in zip(PHQ9_CODES, values, strict=True):
        coding = {"code": FREQUENCY[value]}
        if system:
            coding["system"] = LOINC
        items.append({"linkId": f"/{code}", "answer": [{"valueCoding": coding}]})
    items.append({"linkId": "/44261-6", "answer": [{"valueDecimal": sum(values)}]})
    return {
        "resourceType": "QuestionnaireResponse",
        "contained": [questionnaire],
        "questionnaire": "#phq9",
        "status": "completed",
        "subject": {"reference": subject},
        "authored": "2026-01-05T10:00:00-05:00",
        "item": items,
    }


def gad7_response(subject: str, answers: list[dict[str, Any]]) -> dict[str, Any]:
    """A GAD-7 with the MII's canonical URL and linkIds, each answer given as-is."""
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": "https://www.medizininformatik-initiative.de/fhir/ext/modul-pro/"
        "Questionnaire/mii-qst-pro-gad-7|2024.0.0",
        "status": "completed",
        "subject": {"reference": subject},
        "item": [
            {"linkId": f"phq-gad7-q0{n}", "answer": [answer]}
            for n, answer in enumerate(answers, start=1)
        ],
    }


def parse(data: Any) -> Parsed:
    """The pure importer with every shipped instrument."""
    return parse_response(data, base_url=BASE, instruments=instruments.all_instruments())


def score(parsed: Parsed) -> instruments.Result:
    return instruments.score(
        instruments.get(parsed.instrument), parsed.responses, extras=parsed.extras
    )


def post(client: Any, token: str, body: Any) -> Any:
    """POST a QuestionnaireResponse to the import, as an integration would."""
    return client.post(
        "/api/v1/fhir/QuestionnaireResponse",
        data=json.dumps(body),
        content_type="application/fhir+json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
