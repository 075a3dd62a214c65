"""The practice admin sets weekly hours and closures in the admin, within opening hours."""

import pytest

from confide.scheduling.models import Availability, AvailabilityException
from tests.factories import build_world, sign_in

pytestmark = pytest.mark.django_db


def test_the_admin_sets_availability_within_the_locations_hours(client, places):
    world = build_world()
    sign_in(client, world.admin)
    url = "/admin/scheduling/availability/add/"
    data = {
        "clinician": world.alice_clinician.pk,
        "location": places[0].pk,
        "weekday": 0,
        "starts": "07:00",
        "ends": "12:00",
        "formats": "both",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert not Availability.objects.exists()
    data["starts"] = "09:00"
    assert client.post(url, data).status_code == 302
    assert Availability.objects.get().starts.hour == 9


def test_the_admin_closes_the_practice_for_a_holiday(client, places):
    world = build_world()
    sign_in(client, world.admin)
    response = client.post(
        "/admin/scheduling/availabilityexception/add/",
        {"first_day": "2026-12-25", "last_day": "2026-12-25", "reason": "holiday", "note": "x"},
    )
    assert response.status_code == 302
    closure = AvailabilityException.objects.get()
    assert closure.clinician is None


def test_clinicians_cannot_open_the_admin(client, places):
    world = build_world()
    sign_in(client, world.alice)
    assert client.get("/admin/scheduling/availability/").status_code == 302
