"""Questionnaires other systems send, as linkId -> LOINC item code maps, and answer-code quirks.

Every entry was read off a real published resource; where it comes from is written beside it
(tests/interop/fixtures/README.md lists the same sources). A response is mapped to Confide's
items by LOINC item codes, never by how a linkId happens to be spelt: these maps only say which
item code a sender's linkId stands for. Pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

LOINC = "http://loinc.org"
# Answers from this system mean "not answered" (e.g. asked-declined), never a score.
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"

PHQ9_PANEL = "44249-1"
GAD7_PANEL = "69737-5"
PHQ9_TOTAL = "44261-6"
GAD7_TOTAL = "70274-6"
DIFFICULTY = "69722-7"

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
    """A questionnaire published elsewhere: its panel and what its linkIds stand for."""

    name: str
    # None: the form holds more than one instrument, so the answered items decide.
    panel: str | None
    link_ids: Mapping[str, str] = field(hash=False)
    source: str = ""
    # The sender's own bookkeeping items (dates, names), skipped rather than refused.
    ignored: frozenset[str] = frozenset()


def _numbered(prefix: str, codes: tuple[str, ...], start: int = 1) -> dict[str, str]:
    return {f"{prefix}{n}": code for n, code in enumerate(codes, start=start)}


def _mii_phq9() -> dict[str, str]:
    # The MII Questionnaire names its items "PHQ-9.1"..., while the MII's own example response
    # answers "PHQ.1"...: both spellings occur in the wild, so both are listed.
    links: dict[str, str] = {}
    for prefix in ("PHQ-9.", "PHQ."):
        links |= _numbered(prefix, _PHQ9_ITEM_CODES)
        links[f"{prefix}10"] = DIFFICULTY
        links[f"{prefix}Score"] = PHQ9_TOTAL
    return links


def _mii_gad7() -> dict[str, str]:
    return {**_numbered("phq-gad7-q0", _GAD7_ITEM_CODES), "phq-gad7-score-total": GAD7_TOTAL}


def _argonaut_phq9() -> dict[str, str]:
    # Items nested in groups g1 (the nine items and the total) and g2 (the difficulty item).
    return {**_numbered("g1.q", _PHQ9_ITEM_CODES), "g1.s": PHQ9_TOTAL, "g2.q1": DIFFICULTY}


def _sdc_phq9() -> dict[str, str]:
    # The SDC example gives its nine items no LOINC code; their text is the PHQ-9's items 1-9
    # in order, so Q1..Q9 stand for the PHQ-9 item codes in that order. The total is coded.
    return {**_numbered("H1/T1/Q", _PHQ9_ITEM_CODES), "H1/TS": PHQ9_TOTAL}


# LOINC's own FHIR Questionnaires (http://loinc.org/q/<panel>, served by Regenstrief) use
# LOINC's internal question numbers as linkIds, each item carrying its LOINC code.
LOINC_FORM_LINK_IDS: dict[str, dict[str, str]] = {
    # Seen in LOINC's Questionnaire 44249-1 (url http://loinc.org/q/44249-1, publisher
    # Regenstrief Institute), as served at gw.interop.community/cmspqrs/open/Questionnaire.
    # 14372 is the total; it carries no code in that form.
    PHQ9_PANEL: {
        **{str(n): code for n, code in enumerate(_PHQ9_ITEM_CODES, start=14363)},
        "57492": DIFFICULTY,
        "14372": PHQ9_TOTAL,
    },
    # Seen in HL7 Person-Centered Outcomes' copy of LOINC's Questionnaire 69737-5 (url
    # http://hl7.org/fhir/us/pco/Questionnaire/69737-5). That LOINC's own GAD-7 form uses the
    # same numbers is assumed, not verified. 58628 is the total, uncoded there.
    GAD7_PANEL: {
        **{str(n): code for n, code in enumerate(_GAD7_ITEM_CODES, start=57541)},
        "58628": GAD7_TOTAL,
    },
}

MII = "https://www.medizininformatik-initiative.de/fhir/ext/modul-pro/Questionnaire/"
ARGONAUT_PHQ9 = "questionnaire-example-phq9"

# Keyed by canonical URL (without |version).
KNOWN: dict[str, KnownQuestionnaire] = {
    MII + "mii-qst-pro-phq-9": KnownQuestionnaire(
        "MII PHQ-9",
        PHQ9_PANEL,
        _mii_phq9(),
        "medizininformatik-initiative/kerndatensatzmodul-proms",
    ),
    MII + "mii-qst-pro-gad-7": KnownQuestionnaire(
        "MII GAD-7",
        GAD7_PANEL,
        _mii_gad7(),
        "medizininformatik-initiative/kerndatensatzmodul-proms mii-qst-pro-gad-7.fsh",
        # A PROMIS T-score the MII form derives from the total (LOINC 77862-1), not an answer.
        ignored=frozenset({"phq-gad7-promis-tscore"}),
    ),
    # US Core's example was generated with LHC-Forms: its linkIds are "/<item code>", which
    # are read as item codes without a map.
    "http://hl7.org/fhir/us/core/Questionnaire/phq-9-example": KnownQuestionnaire(
        "US Core PHQ-9 example",
        PHQ9_PANEL,
        {},
        "HL7/US-Core input/examples-yaml/Questionnaire-phq-9-example.yml",
    ),
    # The Argonaut Questionnaire IG's PHQ-9, under the URL its own repository gives it and
    # the one LHC-Forms' R4 copy of it gives (argonaut-phq9-ish.json).
    f"http://fhir.org/guides/argonaut/questionnaire/Questionnaire/{ARGONAUT_PHQ9}": (
        KnownQuestionnaire(
            "Argonaut PHQ-9",
            PHQ9_PANEL,
            _argonaut_phq9(),
            "argonautproject/questionnaire source/examples/questionnaire-example-phq9.json",
        )
    ),
    f"http://fhir.org/guides/argonaut-questionnaire/Questionnaire/{ARGONAUT_PHQ9}": (
        KnownQuestionnaire(
            "Argonaut PHQ-9 (LHC-Forms copy)",
            PHQ9_PANEL,
            _argonaut_phq9(),
            "LHNCBC/lforms test/data/R4/argonaut-phq9-ish.json",
        )
    ),
    "http://hl7.org/fhir/uv/sdc/Questionnaire/questionnaire-sdc-profile-example-PHQ9": (
        KnownQuestionnaire(
            "HL7 SDC PHQ-9 example",
            PHQ9_PANEL,
            _sdc_phq9(),
            "HL7/sdc input/fsh/examples/questionnaire-sdc-profile-example-PHQ9.fsh",
        )
    ),
    # Beda EMR's combined PHQ-2/PHQ-9 form: bare item codes as linkIds inside a group, plus
    # hidden items it fills itself. Which instrument it is depends on what was answered.
    "https://aidbox.emr.beda.software/ui/console#/entities/Questionnaire/phq2phq9": (
        KnownQuestionnaire(
            "Beda EMR PHQ-2/PHQ-9",
            None,
            {"phq9-total-score": PHQ9_TOTAL},
            "beda-software/fhir-emr resources/seeds/Questionnaire/phq2phq9.yaml",
            ignored=frozenset({"dateTime", "patientId", "patientName"}),
        )
    ),
}

# Relative references ("Questionnaire/<id>") that real example responses use for the above.
KNOWN_IDS: dict[str, str] = {
    "mii-qst-pro-phq-9": MII + "mii-qst-pro-phq-9",
    "mii-qst-pro-gad-7": MII + "mii-qst-pro-gad-7",
    "phq-9-example": "http://hl7.org/fhir/us/core/Questionnaire/phq-9-example",
    ARGONAUT_PHQ9: f"http://fhir.org/guides/argonaut/questionnaire/Questionnaire/{ARGONAUT_PHQ9}",
    "questionnaire-sdc-profile-example-PHQ9": (
        "http://hl7.org/fhir/uv/sdc/Questionnaire/questionnaire-sdc-profile-example-PHQ9"
    ),
    "phq2phq9": "https://aidbox.emr.beda.software/ui/console#/entities/Questionnaire/phq2phq9",
}

# Answer codes LOINC lists besides an item's LL358-3 code, by (item code, answer code) -> the
# code Confide's option carries. LOINC's GAD-7 form lists item 2 "Not being able to stop or
# control worrying" (68509-9) with LA18938-3 "More days than not" in the place of LA6570-1
# "More than half the days" (value 2): HL7 PCO's copy of LOINC's Questionnaire 69737-5, and
# the Medplum sample and other LHC exports (instruments.md §2).
ANSWER_ALIASES: dict[tuple[str, str], str] = {("68509-9", "LA18938-3"): "LA6570-1"}

# Answer codes from other code systems, by (system, code) -> the LOINC answer code they mean.
CSPHQ9 = "http://hl7.org/fhir/uv/sdc/CodeSystem/CSPHQ9"
ANSWER_SYSTEMS: dict[tuple[str, str], str] = {
    # HL7 SDC's CodeSystem CSPHQ9 (input/fsh/codesystems/CodeSystemCSPHQ9.fsh), whose
    # itemWeight properties are 0-3 in LL358-3's order. (The value set in its examples weighs
    # "Nearly every day" 4.0, a slip: Confide follows the CodeSystem and LOINC, 3.)
    (CSPHQ9, "Not-at-all"): "LA6568-5",
    (CSPHQ9, "Several-days"): "LA6569-3",
    (CSPHQ9, "More than half the days"): "LA6570-1",
    (CSPHQ9, "Nearly every day"): "LA6571-9",
}
