"""Shared pieces of the interop tests: the real fixtures and a response builder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"
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
