"""Read a completed QuestionnaireResponse from another system into Confide's answer positions.

The Questionnaire is resolved (contained, Confide's own canonical URL, or a known published
one) to learn each linkId's LOINC item code; answers are mapped by item code and answer code,
never by linkId spelling. Nothing is scored here: the caller hands the positions to Confide's
one scoring engine. Pure Python: no Django.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from confide.instruments.model import Instrument, Item
from confide.interop.known import ANSWER_ALIASES, KNOWN, KNOWN_IDS, LOINC


class ImportProblem(ValueError):
    """The response cannot be imported; `errors` lists (field, message), each naming the culprit."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(message for _, message in errors))


@dataclass(frozen=True)
class Parsed:
    instrument: str
    responses: list[int | None]
    extras: dict[str, int | None]
    subject: str  # the reference as given, e.g. "Patient/<uuid>"
    authored: datetime | None
    answered_link_ids: tuple[str, ...] = field(default=())


# An item of the response, resolved: Confide's instrument code and item key.
_Ref = tuple[str, str]


def _own_prefix(base_url: str) -> str:
    return f"{base_url.rstrip('/')}/fhir/Questionnaire/"


def _codes_of(codings: Any) -> list[str]:
    return [
        c["code"]
        for c in codings or []
        if isinstance(c, dict) and c.get("code") and c.get("system", LOINC) == LOINC
    ]


def _walk(items: Any, path: str = "item") -> Iterator[tuple[str, dict[str, Any]]]:
    for index, item in enumerate(items or []):
        if isinstance(item, dict):
            here = f"{path}[{index}]"
            yield here, item
            yield from _walk(item.get("item"), f"{here}.item")
            for a_index, answer in enumerate(item.get("answer") or []):
                if isinstance(answer, dict):
                    yield from _walk(answer.get("item"), f"{here}.answer[{a_index}].item")


class Catalogue:
    """Confide's instruments indexed by LOINC panel, total and item codes."""

    def __init__(self, instruments: Iterable[Instrument]) -> None:
        self.by_code: dict[str, Instrument] = {i.code: i for i in instruments}
        self.by_panel = {i.loinc_panel: i for i in self.by_code.values() if i.loinc_panel}
        self.totals = {i.loinc_total for i in self.by_code.values() if i.loinc_total}
        self.item_codes: dict[str, set[str]] = {
            i.code: {item.loinc for item in i.all_items if item.loinc}
            for i in self.by_code.values()
        }

    def item_by_loinc(self, instrument: Instrument, code: str) -> Item | None:
        for item in instrument.all_items:
            if item.loinc == code:
                return item
        return None

    def choose(self, codes: set[str]) -> Instrument | None:
        """The instrument with the fewest items whose item codes include all of `codes`."""
        fits = [self.by_code[c] for c, own in self.item_codes.items() if own and codes <= own]
        return min(fits, key=lambda i: len(i.all_items)) if fits else None


def _resolve_questionnaire(
    data: Mapping[str, Any], base_url: str, catalogue: Catalogue
) -> tuple[Instrument | None, dict[str, str], dict[str, str]]:
    """Return (instrument if the questionnaire names it, linkId -> LOINC, linkId -> own key)."""
    reference = data.get("questionnaire")
    if not reference:
        return None, {}, {}
    if not isinstance(reference, str):
        raise ImportProblem([("questionnaire", "Give the questionnaire as a canonical URL.")])
    if reference.startswith("#"):
        for contained in data.get("contained") or []:
            if (
                isinstance(contained, dict)
                and contained.get("resourceType") == "Questionnaire"
                and contained.get("id") == reference[1:]
            ):
                links = {
                    item["linkId"]: codes[0]
                    for _, item in _walk(contained.get("item"))
                    if isinstance(item.get("linkId"), str)
                    and (codes := _codes_of(item.get("code")))
                }
                panels = [catalogue.by_panel.get(c) for c in _codes_of(contained.get("code"))]
                return next((p for p in panels if p), None), links, {}
        raise ImportProblem(
            [("questionnaire", f"No contained Questionnaire with id {reference[1:]!r}.")]
        )
    url = reference.split("|", 1)[0]
    own = _own_prefix(base_url)
    if url.startswith(own) and url[len(own) :] in catalogue.by_code:
        instrument = catalogue.by_code[url[len(own) :]]
        return instrument, {}, {item.key: item.key for item in instrument.all_items}
    if url.startswith("Questionnaire/") and url[len("Questionnaire/") :] in KNOWN_IDS:
        url = KNOWN_IDS[url[len("Questionnaire/") :]]
    if url in KNOWN:
        known = KNOWN[url]
        return catalogue.by_panel.get(known.panel), dict(known.link_ids), {}
    return None, {}, {}


def _position(
    instrument: Instrument, item: Item, answer: dict[str, Any], base_url: str
) -> int | str:
    """The chosen option's position from the top, or a message saying what is unknown."""
    own_system = f"{base_url.rstrip('/')}/fhir/CodeSystem/{instrument.code}"
    where = f"{instrument.short_name} {item.display_name.split(' (')[0].lower()}"
    if coding := answer.get("valueCoding"):
        code, system = coding.get("code"), coding.get("system")
        if system in (None, LOINC) and code:
            code = ANSWER_ALIASES.get((item.loinc or "", code), code)
            for position, option in enumerate(item.options):
                if option.code == code:
                    return position
            return f"Unknown answer code {code!r} for {where}."
        if system == own_system and code:
            with suppress(ValueError):  # no option scores it: say so below
                return item.position_of(int(code))
        return f"Unknown answer code {system or ''}|{code} for {where}."
    for kind in ("valueInteger", "valueDecimal"):
        if kind in answer:
            value = answer[kind]
            if float(value).is_integer():
                with suppress(ValueError):  # no option scores it: say so below
                    return item.position_of(int(value))
            return f"No option of {where} scores {value}."
    kinds = ", ".join(k for k in answer if k.startswith("value")) or "no value"
    return f"Unsupported answer ({kinds}) for {where}: give a valueCoding or valueInteger."


def _strip_item_codes(data: dict[str, Any]) -> dict[str, list[str]]:
    """Take the non-standard `code` some systems put on response items; return linkId -> codes."""
    codes: dict[str, list[str]] = {}
    for _, item in _walk(data.get("item")):
        if "code" in item:
            found = _codes_of(item.pop("code"))
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


def parse_response(raw: Any, *, base_url: str, instruments: Iterable[Instrument]) -> Parsed:
    """Map a QuestionnaireResponse (a JSON dict) onto one of `instruments`; raise ImportProblem."""
    if not isinstance(raw, dict) or raw.get("resourceType") != "QuestionnaireResponse":
        raise ImportProblem([("resourceType", "Send a FHIR QuestionnaireResponse.")])
    data = copy.deepcopy(raw)
    item_codes = _strip_item_codes(data)
    model = _validate(data)
    catalogue = Catalogue(instruments)
    errors: list[tuple[str, str]] = []
    if data.get("status") not in ("completed", "amended"):
        errors.append(
            ("status", f"Only a completed response can be imported, not {data.get('status')!r}.")
        )
    subject = (data.get("subject") or {}).get("reference")
    if not subject:
        errors.append(("subject.reference", "Name the client as subject: Patient/<id>."))
    instrument, links, own_keys = _resolve_questionnaire(data, base_url, catalogue)
    links = {**links, **{link: codes[0] for link, codes in item_codes.items()}}

    # Every answered item must be known; totals and display items are skipped.
    answered: list[tuple[str, dict[str, Any]]] = [
        (path, item) for path, item in _walk(data.get("item")) if item.get("answer")
    ]
    unknown = [
        (path, item["linkId"])
        for path, item in answered
        if item["linkId"] not in links and item["linkId"] not in own_keys
    ]
    if unknown and not own_keys and not links:
        reference = data.get("questionnaire") or "(none given)"
        errors.append(
            (
                "questionnaire",
                f"Unknown questionnaire {reference}: contain it, refer to a known one, or give "
                "each item its LOINC code.",
            )
        )
        raise ImportProblem(errors)
    for path, link_id in unknown:
        errors.append((f"{path}.linkId", f"Unknown item {link_id!r}: no item code known for it."))

    if instrument is None:
        codes = {links[item["linkId"]] for _, item in answered if item["linkId"] in links}
        instrument = catalogue.choose(codes - catalogue.totals)
        if instrument is None:
            listed = ", ".join(sorted(codes)) or "none"
            errors.append(
                (
                    "item",
                    f"The item codes ({listed}) belong to no single instrument Confide scores.",
                )
            )
    if errors or instrument is None:
        raise ImportProblem(errors)

    positions: dict[str, int | None] = {}
    for path, item in answered:
        link_id = item["linkId"]
        if link_id in own_keys:
            target = next(i for i in instrument.all_items if i.key == own_keys[link_id])
        else:
            code = links[link_id]
            if code in catalogue.totals or code == instrument.loinc_total:
                continue  # the sender's total: Confide scores for itself
            found = catalogue.item_by_loinc(instrument, code)
            if found is None:
                errors.append(
                    (
                        f"{path}.linkId",
                        f"Item code {code} ({link_id!r}) is not part of the "
                        f"{instrument.short_name}.",
                    )
                )
                continue
            target = found
        if target.key in positions:
            errors.append(
                (f"{path}.linkId", f"{link_id!r} answers {target.display_name} a second time.")
            )
            continue
        if len(item["answer"]) != 1:
            errors.append((f"{path}.answer", f"{link_id!r} needs exactly one answer."))
            continue
        position = _position(instrument, target, item["answer"][0], base_url)
        if isinstance(position, str):
            errors.append((f"{path}.answer[0]", position))
            continue
        positions[target.key] = position
    if errors:
        raise ImportProblem(errors)
    if not positions:
        raise ImportProblem([("item", "The response answers no question.")])

    authored = model.authored
    return Parsed(
        instrument=instrument.code,
        responses=[positions.get(i.key) for i in instrument.items],
        extras={i.key: positions[i.key] for i in instrument.extra_items if i.key in positions},
        subject=str(subject),
        authored=authored if isinstance(authored, datetime) else None,
        answered_link_ids=tuple(item["linkId"] for _, item in answered),
    )
