"""Build answer sets from scored values, so tests can say what they mean."""

from __future__ import annotations

from collections.abc import Sequence

from confide.instruments import Instrument


def positions(instrument: Instrument, values: Sequence[int | None]) -> list[int | None]:
    """Turn scored values into option positions (what score() takes)."""
    assert len(values) == instrument.item_count
    return [
        None if v is None else item.position_of(v)
        for item, v in zip(instrument.items, values, strict=True)
    ]


def values_for_raw(instrument: Instrument, raw: int) -> list[int]:
    """Scored values summing to `raw`, filling items from the first (item values are contiguous)."""
    remaining = raw - instrument.raw_min_total
    assert 0 <= remaining <= instrument.raw_max_total - instrument.raw_min_total
    values = []
    for item in instrument.items:
        step = min(item.max_value - item.min_value, remaining)
        values.append(item.min_value + step)
        remaining -= step
    return values


def responses_for_raw(instrument: Instrument, raw: int) -> list[int | None]:
    """Option positions whose scored values sum to `raw`."""
    return positions(instrument, values_for_raw(instrument, raw))
