"""Opening hours in words: consecutive days with the same hours fold into one line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_NAMES_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Opening:
    weekday: int  # 0 = Monday, as datetime.weekday()
    opens: time
    closes: time


def format_time(value: time) -> str:
    """8am, 8:30pm, 12pm: the way people write hours."""
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def summarise(openings: Iterable[Opening]) -> list[str]:
    """Return lines like 'Mon – Sat: 8am to 8pm', one per run of days with equal hours."""
    by_day = sorted(openings, key=lambda o: o.weekday)
    runs: list[list[Opening]] = []
    for opening in by_day:
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and opening.weekday == last.weekday + 1
            and (opening.opens, opening.closes) == (last.opens, last.closes)
        ):
            runs[-1].append(opening)
        else:
            runs.append([opening])
    lines = []
    for run in runs:
        first, last = run[0], run[-1]
        days = DAY_NAMES[first.weekday]
        if len(run) > 1:
            days = f"{days} – {DAY_NAMES[last.weekday]}"
        lines.append(f"{days}: {format_time(first.opens)} to {format_time(first.closes)}")
    return lines
