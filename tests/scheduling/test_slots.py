"""The pure time arithmetic: free slots never overlap what is busy, and stay inside blocks."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from confide.scheduling.slots import (
    DayOff,
    WeeklyBlock,
    free_slots,
    overlaps,
    weekly_starts,
    within_any,
)

NY = ZoneInfo("America/New_York")
BLOCKS = [
    WeeklyBlock(d, time(9), time(17), "America/New_York", "g", place="Greenwich") for d in range(5)
]
AFTER = datetime(2026, 3, 2, 0, tzinfo=NY)  # a Monday, the week before the March change


def test_back_to_back_is_not_an_overlap():
    a = datetime(2026, 1, 5, 10, tzinfo=NY)
    assert not overlaps(a, a + timedelta(hours=1), a + timedelta(hours=1), a + timedelta(hours=2))
    assert overlaps(a, a + timedelta(hours=1), a + timedelta(minutes=59), a + timedelta(hours=2))


def test_weekly_starts_keep_local_time_across_november():
    starts = weekly_starts(datetime(2026, 10, 27, 16, tzinfo=NY), 2, "America/New_York")
    assert [s.astimezone(NY).hour for s in starts] == [16, 16]
    assert [s.astimezone(ZoneInfo("UTC")).hour for s in starts] == [20, 21]


def test_days_off_and_day_parts_are_respected():
    slots = free_slots(
        BLOCKS,
        busy=[],
        days_off=[DayOff(date(2026, 3, 2), date(2026, 3, 2))],
        after=AFTER,
        day_parts=["afternoon"],
        limit=2,
    )
    assert [s.local_start.isoformat() for s in slots] == [
        "2026-03-03T12:00:00-05:00",
        "2026-03-03T13:00:00-05:00",
    ]
    assert slots[0].label() == "Tue Mar 3, 12pm"
    assert slots[0].place == "Greenwich"


@given(
    st.lists(st.tuples(st.integers(0, 24 * 14), st.integers(15, 180)), max_size=30),
    st.integers(1, 10),
)
def test_free_slots_never_overlap_busy_time_and_lie_within_availability(busy_spec, limit):
    busy = [
        (AFTER + timedelta(minutes=30 * s), AFTER + timedelta(minutes=30 * s + m))
        for s, m in busy_spec
    ]
    slots = free_slots(BLOCKS, busy=busy, after=AFTER, limit=limit)
    assert len(slots) <= limit
    assert [s.start for s in slots] == sorted({s.start for s in slots})
    for slot in slots:
        assert slot.start >= AFTER
        assert within_any(slot.start, slot.end, BLOCKS)
        assert not any(overlaps(slot.start, slot.end, b, e) for b, e in busy)
