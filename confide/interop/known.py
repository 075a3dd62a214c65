"""Questionnaires other systems send, as linkId -> LOINC item code maps, and answer-code quirks.

Derived from the real resources in shared/reference/fhir/ (instruments.md §2). A response is
mapped to Confide's items by these LOINC item codes, never by how a linkId happens to be spelt.
Pure Python: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LOINC = "http://loinc.org"

_PHQ9_ITEM_CODES = (
    "44250-9",
    "44255-8",
    "44259-0",
    "44254-1",
    "44251-7",
    "44258-2",
    "44252-5",
    "44253-3",
    "44260-8",
)
_GAD7_ITEM_CODES = ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7")


@dataclass(frozen=True)
class KnownQuestionnaire:
    """A questionnaire published elsewhere: its panel code and linkId -> LOINC item code."""

    name: str
    panel: str
    link_ids: dict[str, str] = field(hash=False)


def _mii_phq9() -> dict[str, str]:
    # The MII Questionnaire names its items "PHQ-9.1"..., while the MII's own example response
    # answers "PHQ.1"...: both spellings occur in the wild, so both are listed.
    links: dict[str, str] = {}
    for prefix in ("PHQ-9", "PHQ"):
        for number, code in enumerate(_PHQ9_ITEM_CODES, start=1):
            links[f"{prefix}.{number}"] = code
        links[f"{prefix}.10"] = "69722-7"
        links[f"{prefix}.Score"] = "44261-6"
    return links


def _mii_gad7() -> dict[str, str]:
    links = {f"phq-gad7-q0{n}": code for n, code in enumerate(_GAD7_ITEM_CODES, start=1)}
    links["phq-gad7-score-total"] = "70274-6"
    return links


def _lhc_phq9() -> dict[str, str]:
    # LHC-Forms (and US Core, generated with it) use "/<LOINC item code>" as the linkId.
    codes = (*_PHQ9_ITEM_CODES, "44261-6", "69722-7")
    return {f"/{code}": code for code in codes}


MII = "https://www.medizininformatik-initiative.de/fhir/ext/modul-pro/Questionnaire/"

# Keyed by canonical URL (without |version).
KNOWN: dict[str, KnownQuestionnaire] = {
    MII + "mii-qst-pro-phq-9": KnownQuestionnaire("MII PHQ-9", "44249-1", _mii_phq9()),
    MII + "mii-qst-pro-gad-7": KnownQuestionnaire("MII GAD-7", "69737-5", _mii_gad7()),
    "http://hl7.org/fhir/us/core/Questionnaire/phq-9-example": KnownQuestionnaire(
        "US Core PHQ-9 example", "44249-1", _lhc_phq9()
    ),
}

# Relative references ("Questionnaire/<id>") that real example responses use for the above.
KNOWN_IDS: dict[str, str] = {url.rsplit("/", 1)[1]: url for url in KNOWN}

# Answer codes some systems send instead of the LL358-3 code, by (item code, answer code):
# GAD-7 item 2 "Not being able to stop or control worrying", value 2 as LA18938-3 "More days
# than not" (instruments.md §2, Medplum sample and other LHC exports).
ANSWER_ALIASES: dict[tuple[str, str], str] = {("68509-9", "LA18938-3"): "LA6570-1"}
