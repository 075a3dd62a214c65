"""Which questionnaire a QuestionnaireResponse answers, and what its linkIds stand for.

A response names its questionnaire in several ways: a Questionnaire it contains, Confide's own
canonical URL, the LOINC canonical form of the panel (http://loinc.org/q/<panel>), a server's
copy named by the panel code (.../Questionnaire/<panel>), or the URL of a questionnaire
published elsewhere (known.py). Each way yields the instrument when the questionnaire names
one, and a map from linkId to LOINC item code. Pure Python: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from confide.instruments.model import Instrument, Item
from confide.interop.known import KNOWN, KNOWN_IDS, LOINC, LOINC_FORM_LINK_IDS

LOINC_CANONICAL = re.compile(r"^https?://loinc\.org/q/(?P<code>\d{1,8}-\d)$")
BY_ID = re.compile(r"(?:^|/)Questionnaire/(?P<id>[A-Za-z0-9\-.]{1,64})$")
LOINC_CODE = re.compile(r"^\d{1,8}-\d$")


class ImportProblem(ValueError):
    """The response cannot be imported; `errors` lists (field, message), each naming the culprit."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(message for _, message in errors))


def codes_of(codings: Any) -> list[str]:
    """LOINC codes among `codings` (a coding without a system is read as LOINC)."""
    return [
        c["code"]
        for c in codings or []
        if isinstance(c, dict) and c.get("code") and c.get("system", LOINC) == LOINC
    ]


# Real questionnaires nest a few levels (LHC-Forms' deepest test form: 4); far deeper is an
# error in the sender, refused by name rather than left to exhaust the stack.
MAX_DEPTH = 32


def walk(items: Any, path: str = "item", depth: int = 0) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every item, nested in groups or under answers, with its JSON path."""
    if depth > MAX_DEPTH:
        raise ImportProblem([(path, f"Items are nested more than {MAX_DEPTH} levels deep.")])
    for index, item in enumerate(items or []):
        if isinstance(item, dict):
            here = f"{path}[{index}]"
            yield here, item
            yield from walk(item.get("item"), f"{here}.item", depth + 1)
            for a_index, answer in enumerate(item.get("answer") or []):
                if isinstance(answer, dict):
                    yield from walk(answer.get("item"), f"{here}.answer[{a_index}].item", depth + 1)


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
        self.known_codes = self.totals.union(*self.item_codes.values())

    def item_by_loinc(self, instrument: Instrument, code: str) -> Item | None:
        for item in instrument.all_items:
            if item.loinc == code:
                return item
        return None

    def choose(self, codes: set[str]) -> Instrument | None:
        """The instrument with the fewest items whose item codes include all of `codes`."""
        fits = [self.by_code[c] for c, own in self.item_codes.items() if own and codes <= own]
        return min(fits, key=lambda i: len(i.all_items)) if fits else None

    def code_in_link_id(self, link_id: str) -> str | None:
        """The LOINC item code a linkId is spelt as: "44250-9", LHC-Forms' "/44250-9", or a
        nested "/44249-1/44250-9". Only codes of Confide's own items count."""
        last = link_id.rstrip("/").rsplit("/", 1)[-1]
        return last if LOINC_CODE.match(last) and last in self.known_codes else None


@dataclass(frozen=True)
class Resolved:
    """What the questionnaire reference told us."""

    instrument: Instrument | None = None  # when the questionnaire names one
    links: Mapping[str, str] = field(default_factory=dict)  # linkId -> LOINC item code
    own_keys: Mapping[str, str] = field(default_factory=dict)  # linkId -> Confide item key
    ignored: frozenset[str] = frozenset()
    reference: str = ""  # as given, for messages


def _own_prefix(base_url: str) -> str:
    return f"{base_url.rstrip('/')}/fhir/Questionnaire/"


def _by_panel(code: str, catalogue: Catalogue, reference: str) -> Resolved | None:
    instrument = catalogue.by_panel.get(code)
    if instrument is None:
        return None
    return Resolved(instrument, dict(LOINC_FORM_LINK_IDS.get(code, {})), reference=reference)


def _by_url(url: str, base_url: str, catalogue: Catalogue, reference: str) -> Resolved:
    own = _own_prefix(base_url)
    if url.startswith(own) and url[len(own) :] in catalogue.by_code:
        own_instrument = catalogue.by_code[url[len(own) :]]
        keys = {item.key: item.key for item in own_instrument.all_items}
        return Resolved(own_instrument, own_keys=keys, reference=reference)
    if url not in KNOWN and (by_id := BY_ID.search(url)):
        if url.startswith("Questionnaire/"):  # a relative reference, as examples write them
            url = KNOWN_IDS.get(by_id["id"], url)
        # A server's copy of a LOINC form is named by its panel code (LOINC's own server,
        # HL7 PCO): Questionnaire/44249-1.
        if url not in KNOWN and (panel := _by_panel(by_id["id"], catalogue, reference)):
            return panel
    if url in KNOWN:
        known = KNOWN[url]
        instrument = catalogue.by_panel.get(known.panel) if known.panel else None
        links = {**LOINC_FORM_LINK_IDS.get(known.panel or "", {}), **known.link_ids}
        return Resolved(instrument, links, ignored=known.ignored, reference=reference)
    if (loinc := LOINC_CANONICAL.match(url)) and (
        panel := _by_panel(loinc["code"], catalogue, reference)
    ):
        return panel
    return Resolved(reference=reference)


def _contained(
    data: Mapping[str, Any], wanted: str, base_url: str, catalogue: Catalogue
) -> Resolved:
    for contained in data.get("contained") or []:
        if (
            isinstance(contained, dict)
            and contained.get("resourceType") == "Questionnaire"
            and contained.get("id") == wanted
        ):
            break
    else:
        raise ImportProblem([("questionnaire", f"No contained Questionnaire with id {wanted!r}.")])
    reference = f"#{wanted}"
    # Its own URL may be one Confide knows (its linkIds then come with it) ...
    found = Resolved(reference=reference)
    if isinstance(contained.get("url"), str):
        found = _by_url(contained["url"].split("|", 1)[0], base_url, catalogue, reference)
    # ... and its items and panel code say the rest: LHC-Forms gives the panel as `code` and as
    # an identifier in the LOINC system, each item its LOINC code.
    links = {
        item["linkId"]: codes[0]
        for _, item in walk(contained.get("item"))
        if isinstance(item.get("linkId"), str) and (codes := codes_of(item.get("code")))
    }
    panels = codes_of(contained.get("code")) + [
        i.get("value")
        for i in contained.get("identifier") or []
        if isinstance(i, dict) and i.get("system") == LOINC
    ]
    instrument = found.instrument or next(
        (catalogue.by_panel[p] for p in panels if p in catalogue.by_panel), None
    )
    return Resolved(
        instrument,
        {**found.links, **links},
        own_keys=found.own_keys,
        ignored=found.ignored,
        reference=reference,
    )


def resolve(data: Mapping[str, Any], base_url: str, catalogue: Catalogue) -> Resolved:
    """Read the response's `questionnaire`; raise ImportProblem when it cannot be read."""
    reference = data.get("questionnaire")
    if reference is None:
        return Resolved()  # LHC-Forms leaves it out when the form has no URL
    if isinstance(reference, dict):
        raise ImportProblem(
            [
                (
                    "questionnaire",
                    "Give the questionnaire as a canonical URL (FHIR R4), not as a reference "
                    "object (FHIR STU3).",
                )
            ]
        )
    if not isinstance(reference, str) or not reference.strip():
        raise ImportProblem([("questionnaire", "Give the questionnaire as a canonical URL.")])
    if reference.startswith("#"):
        return _contained(data, reference[1:], base_url, catalogue)
    return _by_url(reference.split("|", 1)[0], base_url, catalogue, reference)
