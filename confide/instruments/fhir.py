"""Render an instrument as a FHIR R4 Questionnaire, validated with the fhir.resources models.

Items follow the LHC-Forms PHQ-9 pattern (instruments.md §2): LOINC item codes where known,
LOINC answer codes with system http://loinc.org, and the `ordinalValue` extension carrying the
scored value. Licensed wording that is not loaded is never invented: a placeholder says so.
"""

from __future__ import annotations

import json
import re
from typing import Any

from confide.instruments.model import Instrument, Item, Option

LOINC = "http://loinc.org"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
LOINC_NOTICE = (
    "LOINC codes are from LOINC (https://loinc.org), used under the LOINC licence "
    "(https://loinc.org/license/)."
)


def _placeholder(item: Item) -> str:
    return f"Item {item.number} (licensed wording not loaded)"


def _answer(
    instrument: Instrument, item: Item, position: int, option: Option, base_url: str
) -> dict[str, Any]:
    coding: dict[str, str]
    if option.code:
        coding = {"system": LOINC, "code": option.code}
        # A LOINC code has LOINC's own display; with the label withheld, give none rather
        # than a placeholder that would contradict it.
        if option.label:
            coding["display"] = option.label
    else:
        # No LOINC answer code is known: use Confide's own code system for the instrument,
        # where the code is the option's scored value (unique within an item).
        coding = {
            "system": f"{base_url}/fhir/CodeSystem/{instrument.code}",
            "code": str(option.value),
            "display": option.label or f"Option {position + 1} (licensed wording not loaded)",
        }
    answer: dict[str, Any] = {"valueCoding": coding}
    if item.scored:
        # Unscored answers (the difficulty question, yes/no) carry no ordinal, so that a
        # form filler summing ordinals cannot fold them into the total.
        answer["extension"] = [{"url": ORDINAL_VALUE, "valueDecimal": option.value}]
    return answer


def _item(instrument: Instrument, item: Item, base_url: str) -> dict[str, Any]:
    text = item.text or _placeholder(item)
    entry: dict[str, Any] = {
        "linkId": item.key,
        "prefix": str(item.number),
        "text": text,
        "type": "choice",
        "required": item.scored,
        "answerOption": [
            _answer(instrument, item, position, option, base_url)
            for position, option in enumerate(item.options)
        ],
    }
    if item.loinc:
        # No display: LOINC's own display for the code differs from the printed wording.
        entry["code"] = [{"system": LOINC, "code": item.loinc}]
    return entry


def _uses_loinc(instrument: Instrument) -> bool:
    return bool(
        instrument.loinc_panel
        or any(i.loinc or any(o.code for o in i.options) for i in instrument.all_items)
    )


def questionnaire(instrument: Instrument, base_url: str) -> dict[str, Any]:
    """Return the instrument as a FHIR R4 Questionnaire, as a JSON-able dict.

    `base_url` is the practice's public address, e.g. "https://example.org"; the Questionnaire
    url is `{base_url}/fhir/Questionnaire/{code}`.
    """
    # Imported here so that scoring never pays for loading the FHIR models.
    from fhir.resources.R4B.questionnaire import Questionnaire

    base_url = base_url.rstrip("/")
    description = instrument.description
    if instrument.stem:
        description += f"\n\nInstructions: {instrument.stem}"
    copyright_text = instrument.licence.text
    if _uses_loinc(instrument):
        copyright_text += " " + LOINC_NOTICE
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "url": f"{base_url}/fhir/Questionnaire/{instrument.code}",
        # A computable name: letters and digits only, starting with a capital (FHIR que-0).
        "name": re.sub(r"[^A-Za-z0-9]", "", instrument.short_name).upper(),
        "title": instrument.name,
        "status": "active",
        "subjectType": ["Patient"],
        "description": description,
        "copyright": copyright_text,
        "item": [_item(instrument, item, base_url) for item in instrument.all_items],
    }
    if instrument.loinc_panel:
        resource["code"] = [{"system": LOINC, "code": instrument.loinc_panel}]
    validated = Questionnaire.model_validate(resource)
    return json.loads(validated.model_dump_json())
