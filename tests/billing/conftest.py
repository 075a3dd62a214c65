"""Money fixtures: the personas, the demo places, the demo fee schedule, and helpers to hold a
session and mark it attended through the scheduling actions (so the hooks run)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from confide.audit.actor import Actor, Via
from confide.billing.demo import load_fee_schedule
from confide.scheduling.booking import book_appointment, set_outcome
from confide.scheduling.models import Appointment
from tests.practice.personas import build_world
from tests.scheduling.conftest import work_at

NY = ZoneInfo("America/New_York")


def actor(user, via=Via.PAGE):
    return Actor(user=user, via=via)


@pytest.fixture
def world(db):
    from confide.practice.demo.places import load_places

    places = {p.slug: p for p in load_places()}
    w = build_world()
    work_at(w.alice_clinician, places["greenwich"])
    work_at(w.bob_clinician, places["manhattan"])
    w.places = places
    return w


@pytest.fixture
def fees(world):
    return {s.code: s for s in load_fee_schedule()}


def held_session(
    world,
    *,
    days_ago=2,
    kind="ipt_session",
    minutes=50,
    fmt="virtual",
    status="attended",
    client=None,
    clinician=None,
):
    """A past appointment (saved directly: booking refuses the past) marked through set_outcome."""
    client = client or world.carol
    clinician = clinician or world.alice_clinician
    day = timezone.localdate() - timedelta(days=days_ago)
    start = datetime(day.year, day.month, day.day, 10, tzinfo=NY)
    appt = Appointment.objects.create(
        clinician=clinician,
        client=client,
        start=start,
        end=start + timedelta(minutes=minutes),
        format=fmt,
        kind=kind,
        location=None if fmt == "virtual" else world.places["greenwich"],
    )
    if status:
        set_outcome(clinician.user, appt, status)
    return appt


def book_ahead(world, *, days=14, client=None, clinician=None, by=None):
    client = client or world.carol
    clinician = clinician or world.alice_clinician
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() > 4:
        day += timedelta(days=1)
    start = datetime(day.year, day.month, day.day, 11, tzinfo=NY)
    return book_appointment(
        by or world.intake,
        clinician=clinician,
        client=client,
        start=start,
        end=start + timedelta(minutes=50),
        format="virtual",
    )
