"""The demo diaries: busy, varied, never overlapping, and the same after a second load."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from confide.practice.demo.people import load_people
from confide.practice.demo.places import load_places
from confide.practice.models import Clinician
from confide.scheduling.demo import load_demo
from confide.scheduling.models import Appointment, Availability, Status

pytestmark = pytest.mark.django_db


def test_the_demo_gives_every_clinician_a_busy_diary_and_loads_twice_safely():
    load_places()
    load_people()
    added = load_demo()
    assert added > 100
    assert load_demo() == 0
    for clinician in Clinician.objects.filter(user__isnull=False):
        assert Availability.objects.filter(clinician=clinician).exists(), clinician
    now = timezone.now()
    live = Appointment.objects.live()
    assert live.filter(start__gt=now).count() > 30
    assert Appointment.objects.filter(status=Status.ATTENDED, session_number__gt=1).exists()
    assert Appointment.objects.filter(status=Status.NO_SHOW).exists()
    assert Appointment.objects.filter(status=Status.CANCELLED).exists()
    for key in ("clinician_id", "client_id", "room_id"):
        rows = sorted(
            (getattr(a, key), a.start, a.end) for a in live if getattr(a, key) is not None
        )
        for (k1, _, end1), (k2, start2, _) in itertools.pairwise(rows):
            assert k1 != k2 or end1 <= start2
