"""Instruments and scoring: public, no login (API.md, 'Instruments and scoring')."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import StrictInt

from confide import instruments
from confide.assessments import catalog
from confide.assessments.actions import score_responses

router = Router(tags=["instruments"])


class InstrumentSummary(Schema):
    code: str
    name: str
    recall_days: int | None
    item_count: int
    available: bool


class ScoreRequest(Schema):
    responses: list[StrictInt | None]
    extras: dict[str, StrictInt | None] | None = None


class ScoreResult(Schema):
    instrument: str
    total: int | None
    max_total: int
    severity: str | None
    flags: list[str]
    prorated: bool
    scorable: bool
    subscales: dict[str, int]
    raw_total: int | None = None
    band_label: str | None = None
    notes: list[str] = []


def _instrument(code: str) -> instruments.Instrument:
    try:
        return catalog.get_instrument(code)
    except instruments.UnknownInstrument:
        raise HttpError(404, f"Unknown instrument {code!r}.") from None


def _option(option: instruments.Option, shown: bool) -> dict[str, Any]:
    return {"label": option.label if shown else None, "value": option.value, "code": option.code}


def _item(item: instruments.Item, shown: bool) -> dict[str, Any]:
    return {
        "number": item.number,
        "key": item.key,
        "text": item.text if shown else None,
        "loinc": item.loinc,
        "safety": item.safety,
        "reverse": item.reverse,
        "options": [_option(o, shown) for o in item.options],
    }


@router.get("", response=list[InstrumentSummary], summary="List instruments")
def list_instruments(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": i.code,
            "name": i.name,
            "recall_days": i.recall_days,
            "item_count": i.item_count,
            "available": i.available,
        }
        for i in catalog.all_instruments()
    ]


@router.get("/{code}", summary="An instrument's definition")
def instrument_definition(request: HttpRequest, code: str) -> dict[str, Any]:
    i = _instrument(code)
    # Licensed wording is withheld until the practice has loaded it (instruments.md §0).
    shown = i.available
    return {
        "code": i.code,
        "name": i.name,
        "short_name": i.short_name,
        "available": i.available,
        "recall_days": i.recall_days,
        "recall": i.recall_text if shown else None,
        "stem": i.stem if shown else None,
        "item_count": i.item_count,
        "min_total": i.min_total,
        "max_total": i.max_total,
        "items": [_item(item, shown) for item in i.items],
        "extra_items": [_item(item, shown) for item in i.extra_items],
        "bands": [
            {"slug": b.slug, "low": b.low, "high": b.high, "label": b.label, "meaning": b.meaning}
            for b in i.bands
        ],
        "safety_items": [item.number for item in i.safety_items],
        "subscales": [
            {"key": s.key, "label": s.label, "items": list(s.items)} for s in i.subscales
        ],
        "loinc": {"panel": i.loinc_panel, "total": i.loinc_total},
        "licence": {"holder": i.licence.holder, "text": i.licence.text, "free": i.licence.free},
        "sources": list(i.sources),
    }


@router.post("/{code}/score", response=ScoreResult, summary="Score responses")
def score(request: HttpRequest, code: str, payload: ScoreRequest) -> dict[str, Any]:
    """Each response is the position of the chosen option from the top, from 0, or null."""
    i = _instrument(code)
    result = score_responses(i, payload.responses, payload.extras)
    body = result.to_dict()
    body.update(
        raw_total=result.raw_total,
        band_label=result.band.label if result.band else None,
        notes=list(result.notes),
    )
    return body


@router.get("/{code}/fhir", summary="FHIR R4 Questionnaire")
def instrument_fhir(request: HttpRequest, code: str) -> dict[str, Any]:
    return instruments.questionnaire(_instrument(code), settings.CONFIDE_BASE_URL)
