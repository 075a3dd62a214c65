"""One answer of a QuestionnaireResponse, read as the position of one of an item's options.

Real senders answer the same option in several ways: a LOINC answer code with or without its
system (or an alias LOINC lists for that item), a code from another known code system, the
option's score as an integer, or the option's text. Each is checked against the item's own
answer list; anything else is refused with a message naming the item and what was sent.
Pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from typing import Any

from confide.instruments.model import Instrument, Item
from confide.interop.known import ANSWER_ALIASES, ANSWER_SYSTEMS, DATA_ABSENT, LOINC

# What `position` returns for an answer that says the question was not answered.
NOT_ANSWERED = None


def plain(text: str) -> str:
    """Text reduced to its letters and digits, case folded: "Nearly everyday" and "nearly
    every day." read alike, while no two options of one item do (checked in tests)."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _where(instrument: Instrument, item: Item, link_id: str) -> str:
    return f"{instrument.short_name} item {item.number} (linkId {link_id!r})"


def _listed(item: Item) -> str:
    codes = [o.code for o in item.options if o.code]
    return ", ".join(codes)


def _by_code(instrument: Instrument, item: Item, code: str, link_id: str) -> int | str:
    code = ANSWER_ALIASES.get((item.loinc or "", code), code)
    for position, option in enumerate(item.options):
        if option.code == code:
            return position
    where = _where(instrument, item, link_id)
    if listed := _listed(item):
        return f"Answer code {code!r} is not in the answer list of {where}: {listed}."
    return (
        f"Answer code {code!r} for {where}: this item has no LOINC answer codes; give "
        "valueInteger (the option's score) or valueString (the option's text)."
    )


def _by_text(instrument: Instrument, item: Item, text: Any, link_id: str) -> int | str:
    wanted = plain(text) if isinstance(text, str) else ""
    for position, option in enumerate(item.options):
        if option.label and plain(option.label) == wanted:
            return position
    labels = "; ".join(f"{o.label!r}" for o in item.options if o.label)
    where = _where(instrument, item, link_id)
    if not labels:
        return f"{where} has no wording loaded to match {text!r} against: give its code."
    return f"{text!r} is not one of the answers of {where}: {labels}."


def _by_value(instrument: Instrument, item: Item, value: Any, link_id: str) -> int | str:
    if not isinstance(value, bool) and isinstance(value, int | float) and float(value).is_integer():
        with suppress(ValueError):  # no option scores it: say so below
            return item.position_of(int(value))
    scores = ", ".join(str(v) for v in item.values)
    return f"No option of {_where(instrument, item, link_id)} scores {value}: it scores {scores}."


def _by_boolean(instrument: Instrument, item: Item, value: Any, link_id: str) -> int | str:
    labels = {plain(o.label): n for n, o in enumerate(item.options)}
    if set(labels) == {"yes", "no"} and isinstance(value, bool):
        return labels["yes" if value else "no"]
    return f"{_where(instrument, item, link_id)} is not a yes/no question: give its code."


def _as_int(code: str) -> int | str:
    try:
        return int(code)
    except ValueError:
        return code


def position(
    instrument: Instrument,
    item: Item,
    answer: Mapping[str, Any],
    *,
    link_id: str,
    own_system: str,
) -> int | str | None:
    """The chosen option's position from the top (from 0); NOT_ANSWERED for a declined or
    absent answer; or a message saying what is wrong with the answer."""
    if "valueCoding" in answer:
        coding = answer["valueCoding"] or {}
        system, code = coding.get("system"), coding.get("code")
        if system == DATA_ABSENT:
            return NOT_ANSWERED  # "asked-declined" and the like: unanswered, never "no"
        if (system, code) in ANSWER_SYSTEMS:
            system, code = LOINC, ANSWER_SYSTEMS[(str(system), str(code))]
        if system == own_system and code:
            # Confide's own code system codes each option by the value it scores.
            return _by_value(instrument, item, _as_int(code), link_id)
        if system in (None, LOINC) and code:
            return _by_code(instrument, item, code, link_id)
        if system in (None, LOINC) and coding.get("display"):
            return _by_text(instrument, item, coding["display"], link_id)
        return (
            f"Answer code {system or '(no system)'}|{code or '(no code)'} for "
            f"{_where(instrument, item, link_id)} is from no code system Confide reads: give a "
            "LOINC answer code."
        )
    for kind in ("valueInteger", "valueDecimal"):
        if kind in answer:
            return _by_value(instrument, item, answer[kind], link_id)
    if "valueString" in answer:
        return _by_text(instrument, item, answer["valueString"], link_id)
    if "valueBoolean" in answer:
        return _by_boolean(instrument, item, answer["valueBoolean"], link_id)
    kinds = ", ".join(k for k in answer if k.startswith("value")) or "no value"
    return (
        f"Unsupported answer ({kinds}) for {_where(instrument, item, link_id)}: give a "
        "valueCoding, valueInteger or valueString."
    )
