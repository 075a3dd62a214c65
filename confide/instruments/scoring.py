"""The one scoring engine: every instrument is scored here, from its definition alone.

Responses are option POSITIONS from the top, from 0 (API.md); the definition maps each to its
scored value, so reverse-scored items need no special case.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from itertools import product
from typing import TypeGuard

from confide.instruments.model import Band, CountRule, Instrument, Item, Result


class ResponseError(ValueError):
    """An answer set that cannot be scored as given.

    `field` names the first bad entry ("responses[3]", "extras.difficulty"); `errors` lists
    every (field, message) found, so an API can report them all at once.
    """

    def __init__(
        self, message: str, field: str = "responses", errors: Sequence[tuple[str, str]] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors: tuple[tuple[str, str], ...] = tuple(errors) or ((field, message),)

    @classmethod
    def of(cls, errors: Sequence[tuple[str, str]]) -> ResponseError:
        """Build one error from several (field, message) pairs; the first leads."""
        field, message = errors[0]
        return cls(message, field, errors)


class CutoffError(ValueError):
    """A cut-off setting the instrument does not allow."""


def _is_whole(value: object) -> TypeGuard[int]:
    # bool is an int subclass, but True is not an answer position.
    return isinstance(value, int) and not isinstance(value, bool)


def _check_position(item: Item, position: object, field: str) -> tuple[str, str] | None:
    if position is None:
        return None
    if _is_whole(position) and 0 <= position < len(item.options):
        return None
    return (field, f"{item.display_name}: choose one of 0-{len(item.options) - 1}")


def _item_values(instrument: Instrument, responses: object) -> tuple[int | None, ...]:
    """Validate the responses and return each item's scored value (None when missing)."""
    if isinstance(responses, str | bytes) or not isinstance(responses, Sequence):
        raise ResponseError("Give a list with one answer per question (a position or null).")
    if len(responses) != instrument.item_count:
        raise ResponseError(
            f"{instrument.short_name} has {instrument.item_count} questions; "
            f"got {len(responses)} answers."
        )
    errors = [
        error
        for index, (item, position) in enumerate(zip(instrument.items, responses, strict=True))
        if (error := _check_position(item, position, f"responses[{index}]"))
    ]
    if errors:
        raise ResponseError.of(errors)
    return tuple(
        None if p is None else item.options[p].value
        for item, p in zip(instrument.items, responses, strict=True)
    )


def _extra_values(instrument: Instrument, extras: object) -> dict[str, int | None]:
    """Validate the extra (unscored) answers, keyed by item key; return their values."""
    if extras is None:
        extras = {}
    if not isinstance(extras, Mapping):
        raise ResponseError("Give the extra answers as an object keyed by question.", "extras")
    known = {item.key: item for item in instrument.extra_items}
    errors: list[tuple[str, str]] = []
    for key in extras:
        if key not in known:
            expected = ", ".join(known) or "none"
            message = (
                f"{instrument.short_name} has no extra question {key!r} (expected: {expected})."
            )
            errors.append((f"extras.{key}", message))
    for key, item in known.items():
        if error := _check_position(item, extras.get(key), f"extras.{key}"):
            errors.append(error)
    if errors:
        raise ResponseError.of(errors)
    values: dict[str, int | None] = {}
    for key, item in known.items():
        position = extras.get(key)
        values[key] = None if position is None else item.options[position].value
    return values


def resolve_bands(
    instrument: Instrument, cutoffs: Mapping[str, int] | None = None
) -> tuple[tuple[Band, ...], int | None]:
    """Return the bands in force and the adjustable cut-off used (None if the instrument has none).

    `cutoffs` is keyed by instrument code, e.g. {"pcl5": 31}; entries for other instruments are
    ignored, so one practice-wide mapping can be passed for every instrument.
    """
    if cutoffs is not None and not isinstance(cutoffs, Mapping):
        raise CutoffError('Give cut-offs keyed by instrument code, e.g. {"pcl5": 31}.')
    setting = instrument.cutoff
    value = None if cutoffs is None else cutoffs.get(instrument.code)
    if setting is None:
        if value is not None:
            raise CutoffError(f"{instrument.short_name} has no adjustable cut-off.")
        return instrument.bands, None
    if value is None:
        return instrument.bands, setting.default
    if not _is_whole(value) or not setting.minimum <= value <= setting.maximum:
        raise CutoffError(
            f"The {instrument.short_name} cut-off must be a whole number from "
            f"{setting.minimum} to {setting.maximum}; got {value!r}."
        )
    return instrument.bands_with_cutoff(value), value


def band_for(
    instrument: Instrument, total: int, *, cutoffs: Mapping[str, int] | None = None
) -> Band:
    """Return the band covering `total` (on the banded scale); ValueError if out of range."""
    bands, _ = resolve_bands(instrument, cutoffs)
    return _band(bands, total)


def _band(bands: tuple[Band, ...], total: int) -> Band:
    for band in bands:
        if band.covers(total):
            return band
    raise ValueError(f"total {total} is outside every band")


def round_half_up(value: Fraction) -> int:
    """Round to the nearest whole number, halves up (Python's round() sends 4.5 to 4)."""
    return math.floor(value + Fraction(1, 2))


def _rule_met(rule: CountRule, count: int, core_hit: bool, group_counts: Sequence[int]) -> bool:
    if count < rule.min_count:
        return False
    if rule.max_count is not None and count > rule.max_count:
        return False
    if rule.require_any_of and not core_hit:
        return False
    return all(
        have >= need for have, (_, need) in zip(group_counts, rule.group_minimums, strict=True)
    )


def evaluate_rule(
    rule: CountRule, instrument: Instrument, values: Sequence[int | None]
) -> bool | None:
    """Return whether the rule holds, or None when missing items leave it undecided.

    A missing item is tried both ways (endorsed and not). The answer stands only when every
    way agrees: a missing item is never silently read as "not endorsed".
    """
    groups = {s.key: frozenset(s.items) for s in instrument.subscales}
    group_keys = [key for key, _ in rule.group_minimums]
    core = frozenset(rule.require_any_of)
    hits: set[int] = set()
    # Missing items that play the same part in the rule (core or not, which groups) are
    # interchangeable: only how many of each kind are endorsed matters. Counting per kind keeps
    # this small (PCL-5 with every item missing: 6 x 3 x 8 x 7 ways, not 2^20).
    kinds: dict[tuple[bool, tuple[bool, ...]], int] = {}
    for number, lowest in rule.endorsed_at:
        value = values[number - 1]
        if value is None:
            kind = (number in core, tuple(number in groups[g] for g in group_keys))
            kinds[kind] = kinds.get(kind, 0) + 1
        elif value >= lowest:
            hits.add(number)
    outcomes: set[bool] = set()
    for counts in product(*(range(n + 1) for n in kinds.values())):
        chosen = list(zip(kinds, counts, strict=True))
        core_hit = bool(hits & core) or any(c and is_core for (is_core, _), c in chosen)
        group_counts = [
            len(hits & groups[g]) + sum(c for (_, member), c in chosen if member[i])
            for i, g in enumerate(group_keys)
        ]
        outcomes.add(_rule_met(rule, len(hits) + sum(counts), core_hit, group_counts))
        if len(outcomes) > 1:
            return None
    return outcomes.pop()


def _safety(
    instrument: Instrument, values: Sequence[int | None], extras: Mapping[str, int | None]
) -> tuple[list[str], list[str]]:
    """Return (flags, notes) for the safety items; unanswered is never read as no risk."""
    positive: list[str] = []
    unanswered: list[str] = []
    answers = list(zip(instrument.items, values, strict=True)) + [
        (item, extras.get(item.key)) for item in instrument.extra_items
    ]
    for item, value in answers:
        if not item.safety:
            continue
        if value is None:
            unanswered.append(item.display_name)
        elif item.is_safety_positive(value):
            positive.append(item.display_name)
    flags: list[str] = []
    notes: list[str] = []
    if positive:
        flags.append("risk")
        notes.append(
            f"Safety question answered positively ({'; '.join(positive)}): follow up on safety "
            "whatever the total."
        )
    if unanswered:
        flags.append("risk_unanswered")
        notes.append(
            f"Safety question left unanswered ({'; '.join(unanswered)}): this is not read as "
            "'no risk'."
        )
    return flags, notes


def score(
    instrument: Instrument | str,
    responses: Sequence[int | None],
    *,
    extras: Mapping[str, int | None] | None = None,
    cutoffs: Mapping[str, int] | None = None,
) -> Result:
    """Score one answer set.

    `responses` holds one entry per scored item, in order: the position of the chosen option
    from the top (from 0), or None when unanswered. `extras` holds the unscored extra items by
    key, the same way. `cutoffs` moves an adjustable cut-off, keyed by instrument code
    ({"pcl5": 31}). Raises ResponseError for answers that cannot be scored as given, and
    CutoffError for a cut-off outside the published range.
    """
    if isinstance(instrument, str):
        # Imported here: the registry imports the definitions, which must not need scoring.
        from confide.instruments.registry import get

        instrument = get(instrument)
    values = _item_values(instrument, responses)
    extra_values = _extra_values(instrument, extras)
    bands, cutoff = resolve_bands(instrument, cutoffs)
    flags, notes = _safety(instrument, values, extra_values)

    answered = sum(v is not None for v in values)
    missing = instrument.item_count - answered
    rule = instrument.missing_rule
    allowed = rule.max_missing if rule else 0
    if missing > allowed:
        why = f"at most {allowed} may be missing" if allowed else "every question must be answered"
        notes.insert(
            0,
            f"Not scorable: {missing} of {instrument.item_count} questions unanswered; "
            f"{why} for a {instrument.short_name} score.",
        )
        return Result(
            instrument=instrument.code,
            total=None,
            raw_total=None,
            max_total=instrument.max_total,
            severity=None,
            band=None,
            flags=tuple(flags),
            prorated=False,
            scorable=False,
            subscales={},
            item_values=values,
            extras=extra_values,
            answered=answered,
            notes=tuple(notes),
            cutoff=cutoff,
        )

    answered_sum = sum(v for v in values if v is not None)
    prorated = missing > 0
    if prorated:
        # Missing items take the mean of the answered ones: sum * n / answered, kept exact
        # as a Fraction so that x.5 rounds up every time.
        raw_total = round_half_up(Fraction(answered_sum * instrument.item_count, answered))
        how = rule.note if rule else ""
        notes.insert(
            0, f"Prorated: {missing} of {instrument.item_count} questions unanswered. {how}"
        )
    else:
        raw_total = answered_sum
    total = instrument.total_transform.apply(raw_total) if instrument.total_transform else raw_total
    band = _band(bands, total)

    subscales = {
        s.key: sum(values[n - 1] or 0 for n in s.items)
        for s in instrument.subscales
        if all(values[n - 1] is not None for n in s.items)
    }

    for count_rule in instrument.count_rules:
        met = evaluate_rule(count_rule, instrument, values)
        if met:
            flags.append(count_rule.flag)
        elif met is None:
            notes.append(f"{count_rule.label}: cannot tell, because of the unanswered questions.")

    if cutoff is not None and instrument.cutoff and cutoff != instrument.cutoff.default:
        notes.append(
            f"Cut-off set to {cutoff} by the practice (default {instrument.cutoff.default}; "
            f"published range {instrument.cutoff.minimum}-{instrument.cutoff.maximum})."
        )

    return Result(
        instrument=instrument.code,
        total=total,
        raw_total=raw_total,
        max_total=instrument.max_total,
        severity=band.slug,
        band=band,
        flags=tuple(flags),
        prorated=prorated,
        scorable=True,
        subscales=subscales,
        item_values=values,
        extras=extra_values,
        answered=answered,
        notes=tuple(notes),
        cutoff=cutoff,
    )
