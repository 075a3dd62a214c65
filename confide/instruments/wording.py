"""Licensed wording (EPDS, PHQ-A): loaded by a practice that holds permission, never shipped.

A wording document is JSON shaped like `wording_template(instrument)`:

    {"instrument": "epds",
     "stem": "...",
     "items": [{"number": 1, "text": "...", "options": [{"value": 0, "label": "..."}, ...]}, ...],
     "extra_items": [{"key": "past_year", "text": "..."}, ...]}

Options are listed top to bottom as printed. Each may be a plain label string, or an object
whose optional "value" must equal the scored value Confide has for that position: that catches
options pasted in the wrong order, which would silently invert a reverse-scored item.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from confide.instruments.model import Instrument, Item, Option

_KEYS = {"instrument", "instructions", "permission", "stem", "items", "extra_items"}

_INSTRUCTIONS = (
    "Fill in the stem, each item's text and each option's label exactly as printed on the form "
    "you have permission to use. Options are listed top to bottom; 'value' is the score Confide "
    "gives that position, so put each label against its value. Do not change numbers or values."
)


class WordingError(ValueError):
    """A wording document that does not fit the instrument; the message names every problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


def wording_template(instrument: Instrument) -> dict[str, Any]:
    """Return the JSON skeleton a practice fills in, with the current wording (if any)."""
    template: dict[str, Any] = {
        "instrument": instrument.code,
        "instructions": _INSTRUCTIONS,
        "stem": instrument.stem,
        "items": [
            {
                "number": item.number,
                "text": item.text,
                "options": [{"value": o.value, "label": o.label} for o in item.options],
            }
            for item in instrument.items
        ],
    }
    if instrument.extra_items:
        template["extra_items"] = [
            {
                "key": item.key,
                "number": item.number,
                "text": item.text,
                "options": [{"value": o.value, "label": o.label} for o in item.options],
            }
            for item in instrument.extra_items
        ]
    return template


def _text(value: object, where: str, problems: list[str]) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: the text is missing")
        return ""
    return value.strip()


def _options(item: Item, given: object, where: str, problems: list[str]) -> tuple[Option, ...]:
    """Return the item's options with the given labels, checking count, order and values."""
    if not isinstance(given, Sequence) or isinstance(given, str):
        problems.append(f"{where}: give a list of {len(item.options)} option labels")
        return item.options
    if len(given) != len(item.options):
        problems.append(
            f"{where}: item {item.number} has {len(item.options)} options; "
            f"the wording gives {len(given)}"
        )
        return item.options
    options = []
    for position, (option, entry) in enumerate(zip(item.options, given, strict=True)):
        at = f"{where}[{position}]"
        label: object = entry
        if isinstance(entry, Mapping):
            value = entry.get("value")
            if value is not None and value != option.value:
                problems.append(
                    f"{at}: value {value!r} does not match the score of this position "
                    f"({option.value}); list the options top to bottom as printed"
                )
            label = entry.get("label")
        if not isinstance(label, str) or not label.strip():
            problems.append(f"{at}: the option label is missing")
            label = ""
        options.append(replace(option, label=str(label).strip()))
    return tuple(options)


def _item(
    item: Item, entry: object, where: str, problems: list[str], *, options_required: bool
) -> Item:
    if not isinstance(entry, Mapping):
        problems.append(f"{where}: give an object with the item's text")
        return item
    if "number" in entry and entry["number"] != item.number:
        problems.append(f"{where}: expected item number {item.number}, got {entry['number']!r}")
    if "key" in entry and entry["key"] != item.key:
        problems.append(f"{where}: expected key {item.key!r}, got {entry['key']!r}")
    text = _text(entry.get("text"), f"{where}.text", problems)
    if "options" in entry or options_required:
        options = _options(item, entry.get("options"), f"{where}.options", problems)
    else:
        options = item.options
    return replace(item, text=text, options=options)


def apply_wording(instrument: Instrument, data: Mapping[str, Any]) -> Instrument:
    """Return a copy of `instrument` with the wording filled in and `available=True`.

    Raises WordingError naming every problem: a wrong item count, a missing text or option
    label, an option value out of place, an unknown key.
    """
    if not isinstance(data, Mapping):
        raise WordingError(["the wording must be a JSON object"])
    problems: list[str] = []
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        problems.append(f"unknown keys: {', '.join(map(str, unknown))}")
    if "instrument" in data and data["instrument"] != instrument.code:
        problems.append(
            f"instrument: this wording is for {data['instrument']!r}, not {instrument.code!r}"
        )

    stem = data.get("stem", instrument.stem)
    if not isinstance(stem, str):
        problems.append("stem: give the stem as text")
        stem = ""
    elif instrument.licensed_wording and not stem.strip():
        problems.append("stem: the stem (the instructions above the items) is missing")

    items = list(instrument.items)
    given = data.get("items")
    if not isinstance(given, Sequence) or isinstance(given, str):
        problems.append(f"items: give a list of {instrument.item_count} items")
    elif len(given) != instrument.item_count:
        problems.append(
            f"items: {instrument.short_name} has {instrument.item_count} items; "
            f"the wording gives {len(given)}"
        )
    else:
        items = [
            _item(item, entry, f"items[{i}]", problems, options_required=True)
            for i, (item, entry) in enumerate(zip(instrument.items, given, strict=True))
        ]

    extras = list(instrument.extra_items)
    given_extras = data.get("extra_items", [])
    if not isinstance(given_extras, Sequence) or isinstance(given_extras, str):
        problems.append("extra_items: give a list")
    elif len(given_extras) != len(extras):
        problems.append(
            f"extra_items: {instrument.short_name} has {len(extras)} extra items; "
            f"the wording gives {len(given_extras)}"
        )
    else:
        # Extra items' answers (Yes/No, the difficulty scale) are shipped; only their text is
        # licensed, so their options are optional here.
        pairs = zip(instrument.extra_items, given_extras, strict=True)
        extras = [
            _item(item, entry, f"extra_items[{i}]", problems, options_required=False)
            for i, (item, entry) in enumerate(pairs)
        ]

    permission = data.get("permission", instrument.licence.permission)
    if not isinstance(permission, str):
        problems.append("permission: give the permission note as text")
        permission = ""

    if problems:
        raise WordingError(problems)
    return replace(
        instrument,
        stem=stem.strip(),
        items=tuple(items),
        extra_items=tuple(extras),
        licence=replace(instrument.licence, permission=permission.strip()),
        available=True,
    )
