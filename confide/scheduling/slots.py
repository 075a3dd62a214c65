"""Time arithmetic for the schedule: plain Python, no Django.

Everything here takes aware datetimes and `zoneinfo` zones. Weekly rules (opening hours,
availability) are wall-clock times in a location's zone, so a 4pm session stays at 4pm local
time across the daylight saving changes even though its UTC instant moves by an hour.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from confide.core.timefmt import short_when

DAY_PARTS = {
    "morning": (time(0), time(12)),
    "afternoon": (time(12), time(17)),
    "evening": (time(17), time(23, 59, 59)),
}


@dataclass(frozen=True)
class WeeklyBlock:
    """A recurring stretch of a week, in wall-clock time of `zone` (availability or hours)."""

    weekday: int  # 0 = Monday
    starts: time
    ends: time
    zone: str
    location: str | None = None  # an opaque key of the place the block belongs to
    formats: frozenset[str] = frozenset({"virtual", "in_person"})
    place: str = ""  # the place's name, for people


@dataclass(frozen=True)
class DayOff:
    """A stretch of whole days (holiday, leave) in a zone, from `first` to `last` inclusive."""

    first: date
    last: date


@dataclass(frozen=True)
class Slot:
    """A free period a client could be booked into."""

    start: datetime
    end: datetime
    format: str
    location: str | None
    zone: str
    place: str = ""

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(ZoneInfo(self.zone))

    def label(self) -> str:
        """'Tue Mar 10, 4pm': how people say when an opening is."""
        return short_when(self.start, self.zone)


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open intervals [start, end): back-to-back sessions do not overlap."""
    return a_start < b_end and b_start < a_end


def local_bounds(day: date, starts: time, ends: time, zone: str) -> tuple[datetime, datetime]:
    """The aware instants of a wall-clock stretch on a given day in a zone."""
    tz = ZoneInfo(zone)
    return datetime.combine(day, starts, tz), datetime.combine(day, ends, tz)


def within_block(start: datetime, end: datetime, block: WeeklyBlock) -> bool:
    """True if [start, end) lies inside the block on the block's weekday in its zone."""
    local_start = start.astimezone(ZoneInfo(block.zone))
    if local_start.weekday() != block.weekday:
        return False
    opens, closes = local_bounds(local_start.date(), block.starts, block.ends, block.zone)
    return opens <= start and end <= closes


def within_any(start: datetime, end: datetime, blocks: Iterable[WeeklyBlock]) -> bool:
    return any(within_block(start, end, b) for b in blocks)


def on_day_off(start: datetime, end: datetime, zone: str, days_off: Iterable[DayOff]) -> bool:
    tz = ZoneInfo(zone)
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    return any(d.first <= last and first <= d.last for d in days_off)


def weekly_starts(first: datetime, weeks: int, zone: str) -> list[datetime]:
    """The same local weekday and clock time for `weeks` weeks, in UTC-correct instants.

    Adding 7 days to the local wall time (not 168 hours to the instant) keeps a Tuesday 4pm
    session at 4pm after the clocks change.
    """
    tz = ZoneInfo(zone)
    local = first.astimezone(tz).replace(tzinfo=None)
    return [(local + timedelta(weeks=i)).replace(tzinfo=tz) for i in range(weeks)]


def _days(after: date, count: int) -> Iterator[date]:
    for i in range(count):
        yield after + timedelta(days=i)


def free_slots(
    blocks: Sequence[WeeklyBlock],
    *,
    busy: Sequence[tuple[datetime, datetime]],
    days_off: Sequence[DayOff] = (),
    after: datetime,
    duration: timedelta = timedelta(minutes=50),
    step: timedelta = timedelta(minutes=60),
    formats: Iterable[str] = ("virtual", "in_person"),
    locations: Iterable[str] | None = None,
    day_parts: Iterable[str] | None = None,
    horizon_days: int = 28,
    limit: int = 5,
) -> list[Slot]:
    """The first `limit` free slots after `after`: availability minus days off minus busy.

    Slots start at the block's start and every `step` after; a slot is offered once per start
    time, in the first wanted format the block allows (in person before virtual when both are
    wanted at a place, since a room is the scarcer thing).
    """
    wanted_formats = [f for f in ("in_person", "virtual") if f in set(formats)]
    wanted_places = set(locations) if locations is not None else None
    parts = [DAY_PARTS[p] for p in day_parts] if day_parts else None
    busy_sorted = sorted(busy)
    found: dict[datetime, Slot] = {}
    zones = {b.zone for b in blocks} or {"UTC"}
    first_day = min(after.astimezone(ZoneInfo(z)).date() for z in zones)
    for day in _days(first_day, horizon_days + 1):
        for block in sorted(blocks, key=lambda b: (b.starts, b.location or "")):
            if block.weekday != day.weekday():
                continue
            kinds = [f for f in wanted_formats if f in block.formats]
            if wanted_places is not None:
                # Places narrow in-person sessions only: a video session can be had from anywhere.
                kinds = [f for f in kinds if f == "virtual" or block.location in wanted_places]
            if not kinds:
                continue
            opens, closes = local_bounds(day, block.starts, block.ends, block.zone)
            start = opens
            while start + duration <= closes:
                end = start + duration
                local_time = start.astimezone(ZoneInfo(block.zone)).time()
                if (
                    start >= after
                    and start not in found
                    and (parts is None or any(lo <= local_time < hi for lo, hi in parts))
                    and not on_day_off(start, end, block.zone, days_off)
                    and not any(overlaps(start, end, s, e) for s, e in busy_sorted)
                ):
                    found[start] = Slot(
                        start, end, kinds[0], block.location, block.zone, block.place
                    )
                start += step
        if len(found) >= limit:
            break
    return [found[k] for k in sorted(found)][:limit]
