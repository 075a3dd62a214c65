"""Scheduling fixtures: the personas, the demo places, and clinicians who work there."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from confide.practice.demo.places import load_places
from confide.practice.models import Location
from confide.scheduling.models import Availability
from tests.practice.personas import build_world

NY = ZoneInfo("America/New_York")


def work_at(clinician, location, *, days=range(6), starts=time(8), ends=time(20), formats="both"):
    """Give a clinician weekly availability at a location (and the location on their profile)."""
    clinician.locations.add(location)
    for day in days:
        Availability.objects.create(
            clinician=clinician,
            location=location,
            weekday=day,
            starts=starts,
            ends=ends,
            formats=formats,
        )


def next_weekday(weekday: int, hour: int, minute: int = 0, *, weeks_ahead: int = 1) -> datetime:
    """A local New York time on the given weekday, at least a few days from now."""
    today = datetime.now(NY).date() + timedelta(weeks=weeks_ahead)
    day = today + timedelta(days=(weekday - today.weekday()) % 7)
    return datetime.combine(day, time(hour, minute), NY)


@pytest.fixture
def world(db):
    places = {p.slug: p for p in load_places()}
    w = build_world()
    work_at(w.alice_clinician, places["greenwich"])
    work_at(w.bob_clinician, places["manhattan"])
    w.places = places
    return w


@pytest.fixture
def greenwich(world) -> Location:
    return world.places["greenwich"]
