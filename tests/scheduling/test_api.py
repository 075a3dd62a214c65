"""GET|POST /api/v1/appointments and POST /api/v1/appointments/{id}/cancel."""

from __future__ import annotations

from datetime import timedelta

import pytest

from confide.audit.models import AuditEvent
from confide.scheduling.models import Appointment
from tests.factories import call, next_weekday, token_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/appointments"


def body(world, start, **kw):
    return {
        "clinician": str(kw.pop("clinician", world.alice_clinician.pk)),
        "client": str(kw.pop("client", world.carol.pk)),
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=50)).isoformat(),
        "format": "in_person",
        "location": "greenwich",
        **kw,
    }


def test_booking_gives_201_then_409_for_the_same_slot(client, world):
    token = token_for(client, world.alice)
    start = next_weekday(1, 16)
    response = call(client, token, "post", URL, body(world, start))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "booked" and data["location"] == "greenwich"
    assert data["start"] == start.isoformat()
    again = call(client, token, "post", URL, body(world, start + timedelta(minutes=15)))
    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "clinician"
    assert "already booked" in again.json()["detail"]
    assert Appointment.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"start_hour": 21}, "start"),
        ({"location": None}, "location"),
        ({"location": "nowhere"}, "location"),
        ({"format": "carrier pigeon"}, "format"),
    ],
)
def test_bad_bookings_are_422_naming_the_field(client, world, change, field):
    token = token_for(client, world.intake)
    start = next_weekday(1, change.pop("start_hour", 10))
    response = call(client, token, "post", URL, body(world, start, **change))
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]


def test_the_past_is_422(client, world):
    token = token_for(client, world.intake)
    start = next_weekday(1, 10) - timedelta(weeks=3)
    response = call(client, token, "post", URL, body(world, start))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "start"


def test_a_clinician_lists_only_their_own_and_gets_404_for_anothers(client, world):
    intake = token_for(client, world.intake)
    start = next_weekday(2, 11)
    carol = call(client, intake, "post", URL, body(world, start)).json()
    dave = call(
        client,
        intake,
        "post",
        URL,
        body(
            world,
            start,
            clinician=world.bob_clinician.pk,
            client=world.dave.pk,
            location="manhattan",
        ),
    ).json()
    alice = token_for(client, world.alice)
    listed = call(client, alice, "get", URL)
    assert listed.status_code == 200
    assert [a["id"] for a in listed.json()] == [carol["id"]]
    assert "Thistlewood" not in listed.content.decode()
    for method, url, payload in (
        ("get", f"{URL}/{dave['id']}", None),
        ("post", f"{URL}/{dave['id']}/cancel", {"reason": "mine now"}),
    ):
        response = call(client, alice, method, url, payload)
        assert response.status_code == 404
        assert dave["client"] not in response.content.decode()
    assert Appointment.objects.get(pk=dave["id"]).status == "booked"
    # Alice cannot book for Bob's client, nor in Bob's diary.
    other = call(
        client, alice, "post", URL, body(world, start + timedelta(hours=2), client=world.dave.pk)
    )
    assert other.status_code == 404
    assert call(client, intake, "get", URL).json().__len__() == 2
    assert AuditEvent.objects.filter(client_id=world.carol.pk, via="api", action="read").exists()


def test_cancel_frees_the_slot_and_a_second_cancel_is_422(client, world):
    token = token_for(client, world.alice)
    start = next_weekday(3, 9)
    appt = call(client, token, "post", URL, body(world, start)).json()
    response = call(
        client,
        token,
        "post",
        f"{URL}/{appt['id']}/cancel",
        {"reason": "Client asked", "by": "client"},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancelled_by"] == "client"
    again = call(client, token, "post", f"{URL}/{appt['id']}/cancel", {"reason": "x"})
    assert again.status_code == 422
    assert call(client, token, "post", URL, body(world, start)).status_code == 201


def test_without_staff_credentials_the_routes_are_closed(client, world):
    assert call(client, "nope", "get", URL).status_code == 401
    carol = token_for(client, world.carol_user)
    assert call(client, carol, "get", URL).status_code == 403
