"""Read a completed QuestionnaireResponse from another system into Confide's answer positions.

The questionnaire is resolved (questionnaires.py) to learn the instrument and each linkId's
LOINC item code; linkIds that are themselves item codes ("44250-9", LHC-Forms' "/44250-9") need
no questionnaire at all. Answers are mapped by item code and answer code (answers.py), never by
linkId spelling. Nothing is scored here: the caller hands the positions to Confide's one
scoring engine. Pure Python: no Django.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from confide.instruments.model import Instrument, Item
from confide.interop import answers
from confide.interop.known import LOINC
from confide.interop.questionnaires import (
    Catalogue,
    ImportProblem,
    Resolved,
    codes_of,
    resolve,
    walk,
)

__all__ = ["Catalogue", "ImportProblem", "Parsed", "parse_response"]


@dataclass(frozen=True)
class Parsed:
    instrument: str
    responses: list[int | None]
    extras: dict[str, int | None]
    subject: str  # the reference as given, e.g. "Patient/<uuid>"
    authored: datetime | None
    answered_link_ids: tuple[str, ...] = field(default=())
    # What makes this response the same one when it is sent again (see interop/dedupe.py).
    identifier: tuple[str, str] | None = None  # (system, value)
    resource_id: str | None = None
    meta_source: str | None = None


def _strip_item_codes(data: dict[str, Any]) -> dict[str, list[str]]:
    """Take the non-standard `code` some systems put on response items; return linkId -> codes."""
    codes: dict[str, list[str]] = {}
    for _, item in walk(data.get("item")):
        if "code" in item:
            found = codes_of(item.pop("code"))
            if found and isinstance(item.get("linkId"), str):
                codes[item["linkId"]] = found
    return codes


def _validate(data: dict[str, Any]) -> Any:
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
    from pydantic import ValidationError

    # A contained Questionnaire is read only for its item codes, and is not held to the letter
    # of R4: LHC-Forms' own PHQ-9 names its calculation variables "q1_value", which R4's `id`
    # type forbids. The response itself must be valid.
    response = {k: v for k, v in data.items() if k != "contained"}
    try:
        return QuestionnaireResponse.model_validate(response)
    except ValidationError as exc:
        raise ImportProblem(
            [
                (
                    ".".join(str(p) for p in e["loc"] if p != "QuestionnaireResponse") or "body",
                    f"Not valid FHIR R4: {e['msg']}.",
                )
                for e in exc.errors()[:20]
            ]
        ) from None


def _identifier(data: dict[str, Any]) -> tuple[str, str] | None:
    identifier = data.get("identifier")
    if not isinstance(identifier, dict) or not identifier.get("value"):
        return None
    system = identifier.get("system") or ""
    # LHC-Forms once wrote the form's LOINC code here: it names the questionnaire, and every
    # response to that form shares it, so it cannot tell one response from another.
    if system == LOINC:
        return None
    return system, str(identifier["value"])


class _Mapper:
    """Maps each answered item of one response onto the items of one instrument."""

    def __init__(
        self, resolved: Resolved, item_codes: dict[str, list[str]], catalogue: Catalogue
    ) -> None:
        self.resolved = resolved
        self.catalogue = catalogue
        self.links = {**resolved.links, **{link: codes[0] for link, codes in item_codes.items()}}

    def code_of(self, link_id: str) -> str | None:
        return self.links.get(link_id) or self.catalogue.code_in_link_id(link_id)

    def known(self, link_id: str) -> bool:
        if self.resolved.own_keys:
            return link_id in self.resolved.own_keys
        return self.code_of(link_id) is not None

    def target(self, instrument: Instrument, link_id: str) -> Item | str | None:
        """The item answered, None for the sender's total, or a message."""
        if self.resolved.own_keys:
            key = self.resolved.own_keys[link_id]
            return next(i for i in instrument.all_items if i.key == key)
        code = self.code_of(link_id)
        assert code is not None
        if code in self.catalogue.totals or code == instrument.loinc_total:
            return None  # the sender's total: Confide scores for itself
        found = self.catalogue.item_by_loinc(instrument, code)
        if found is None:
            return f"Item code {code} ({link_id!r}) is not part of the {instrument.short_name}."
        return found


def _no_items_known(resolved: Resolved, base_url: str) -> str:
    instrument = resolved.instrument
    if instrument is not None:
        own = f"{base_url.rstrip('/')}/fhir/Questionnaire/{instrument.code}"
        return (
            f"{resolved.reference} is the {instrument.short_name}, but Confide knows no LOINC "
            f"code for its items: send it with Confide's Questionnaire {own} and its linkIds "
            f"({', '.join(i.key for i in instrument.items[:3])}, ...)."
        )
    reference = resolved.reference or "(none given)"
    return (
        f"Unknown questionnaire {reference}: contain it, refer to a known one, or give each "
        "item its LOINC code."
    )


def parse_response(raw: Any, *, base_url: str, instruments: Iterable[Instrument]) -> Parsed:
    """Map a QuestionnaireResponse (a JSON dict) onto one of `instruments`; raise ImportProblem."""
    if not isinstance(raw, dict) or raw.get("resourceType") != "QuestionnaireResponse":
        raise ImportProblem([("resourceType", "Send a FHIR QuestionnaireResponse.")])
    data = copy.deepcopy(raw)
    item_codes = _strip_item_codes(data)
    catalogue = Catalogue(instruments)
    resolved = resolve(data, base_url, catalogue)
    model = _validate(data)
    errors: list[tuple[str, str]] = []
    if data.get("status") not in ("completed", "amended"):
        errors.append(
            ("status", f"Only a completed response can be imported, not {data.get('status')!r}.")
        )
    subject = (data.get("subject") or {}).get("reference")
    if not subject:
        errors.append(("subject.reference", "Name the client as subject: Patient/<id>."))
    mapper = _Mapper(resolved, item_codes, catalogue)

    # Every answered item must be known; the sender's bookkeeping items are skipped.
    answered = [
        (path, item)
        for path, item in walk(data.get("item"))
        if item.get("answer") and item["linkId"] not in resolved.ignored
    ]
    unknown = [
        (path, item["linkId"]) for path, item in answered if not mapper.known(item["linkId"])
    ]
    if answered and len(unknown) == len(answered):
        errors.append(("questionnaire", _no_items_known(resolved, base_url)))
        raise ImportProblem(errors)
    for path, link_id in unknown:
        errors.append((f"{path}.linkId", f"Unknown item {link_id!r}: no item code known for it."))

    instrument = resolved.instrument
    if instrument is None:
        codes = {mapper.code_of(item["linkId"]) for _, item in answered} - {None}
        instrument = catalogue.choose({c for c in codes if c} - catalogue.totals)
        if instrument is None:
            listed = ", ".join(sorted(c for c in codes if c)) or "none"
            errors.append(
                (
                    "item",
                    f"The item codes ({listed}) belong to no single instrument Confide scores.",
                )
            )
    if errors or instrument is None:
        raise ImportProblem(errors)

    own_system = f"{base_url.rstrip('/')}/fhir/CodeSystem/{instrument.code}"
    positions: dict[str, int | None] = {}
    for path, item in answered:
        link_id = item["linkId"]
        target = mapper.target(instrument, link_id)
        if target is None:
            continue
        if isinstance(target, str):
            errors.append((f"{path}.linkId", target))
            continue
        if target.key in positions:
            errors.append(
                (f"{path}.linkId", f"{link_id!r} answers {target.display_name} a second time.")
            )
            continue
        if len(item["answer"]) != 1:
            errors.append((f"{path}.answer", f"{link_id!r} needs exactly one answer."))
            continue
        found = answers.position(
            instrument, target, item["answer"][0], link_id=link_id, own_system=own_system
        )
        if isinstance(found, str):
            errors.append((f"{path}.answer[0]", found))
            continue
        positions[target.key] = found
    if errors:
        raise ImportProblem(errors)
    if not any(p is not None for p in positions.values()):
        raise ImportProblem([("item", "The response answers no question.")])

    authored = model.authored
    meta = data.get("meta") or {}
    return Parsed(
        instrument=instrument.code,
        responses=[positions.get(i.key) for i in instrument.items],
        extras={i.key: positions[i.key] for i in instrument.extra_items if i.key in positions},
        subject=str(subject),
        authored=authored if isinstance(authored, datetime) else None,
        answered_link_ids=tuple(item["linkId"] for _, item in answered),
        identifier=_identifier(data),
        resource_id=data.get("id") if isinstance(data.get("id"), str) else None,
        meta_source=meta.get("source") if isinstance(meta.get("source"), str) else None,
    )
