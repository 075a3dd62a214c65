"""Week view, day view, booking/moving/cancelling forms, the client and portal panels."""

from __future__ import annotations

from datetime import timedelta

import pytest

from confide.audit.models import AuditEvent
from confide.scheduling.actions import book_appointment
from confide.scheduling.models import Appointment
from tests.factories import SYSTEM, next_weekday, sign_in

pytestmark = pytest.mark.django_db
DAVE = ("Thistlewood", "Davidson")


def booked(world, start, *, clinician=None, client=None, location=None):
    return book_appointment(
        SYSTEM,
        clinician=clinician or world.alice_clinician,
        client=client or world.carol,
        start=start,
        end=start + timedelta(minutes=50),
        format="in_person" if location else "virtual",
        location=location,
    )


def form(start, **kw):
    return {
        "day": start.date().isoformat(),
        "time": start.strftime("%H:%M"),
        "minutes": 50,
        "format": "virtual",
        "kind": "ipt_session",
        "weeks": 1,
        **kw,
    }


def test_a_clinician_sees_their_week_and_not_another_clinicians(client, world):
    start = next_weekday(1, 16)
    mine = booked(world, start)
    booked(world, start, clinician=world.bob_clinician, client=world.dave)
    sign_in(client, world.alice)
    page = client.get("/staff/schedule/", {"week": start.date().isoformat()})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Carolina" in html and str(mine.pk) in html
    assert not any(m in html for m in DAVE)
    other = client.get("/staff/schedule/", {"clinician": world.bob_clinician.pk})
    assert other.status_code == 404
    assert AuditEvent.objects.filter(client_id=world.carol.pk, via="page").exists()


def test_a_clinician_gets_404_on_another_clinicians_appointment(client, world):
    theirs = booked(world, next_weekday(2, 10), clinician=world.bob_clinician, client=world.dave)
    sign_in(client, world.alice)
    for method, url, data in (
        ("get", f"/staff/schedule/appointments/{theirs.pk}/", None),
        (
            "post",
            f"/staff/schedule/appointments/{theirs.pk}/cancel/",
            {"reason": "x", "by": "clinician"},
        ),
        ("post", f"/staff/schedule/appointments/{theirs.pk}/move/", form(next_weekday(3, 10))),
    ):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404
        assert not any(m in response.content.decode() for m in DAVE)
    theirs.refresh_from_db()
    assert theirs.status == "booked" and theirs.local_start.weekday() == 2


def test_booking_from_the_page_then_a_clash_is_a_clear_409_message(client, world):
    sign_in(client, world.intake)
    start = next_weekday(1, 10)
    data = form(start, clinician=world.alice_clinician.pk, client=world.carol.pk)
    response = client.post("/staff/schedule/book/", data)
    assert response.status_code == 302
    assert Appointment.objects.get().local_start.hour == 10
    clash = client.post(
        "/staff/schedule/book/",
        form(start, clinician=world.alice_clinician.pk, client=world.dave.pk),
    )
    assert clash.status_code == 409
    assert "already booked" in clash.content.decode()
    assert Appointment.objects.count() == 1


def test_the_booking_form_names_the_field_for_out_of_hours(client, world):
    sign_in(client, world.intake)
    start = next_weekday(1, 21)
    response = client.post(
        "/staff/schedule/book/",
        form(start, clinician=world.alice_clinician.pk, client=world.carol.pk),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Start time:" in html and "opening hours" in html


def test_a_weekly_series_from_the_page_reports_skipped_weeks(client, world):
    sign_in(client, world.alice)
    start = next_weekday(3, 15)
    booked(world, start + timedelta(weeks=1), client=world.carol)
    response = client.post(
        "/staff/schedule/book/",
        form(
            start,
            clinician=world.alice_clinician.pk,
            client=world.carol.pk,
            weeks=4,
            session_number=1,
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Booked 3 of 4" in html and "Not booked" in html
    assert sorted(
        Appointment.objects.exclude(session_number=None).values_list("session_number", flat=True)
    ) == [1, 2, 3]


def test_move_and_cancel_from_the_appointment_page(client, world):
    appt = booked(world, next_weekday(4, 10))
    sign_in(client, world.alice)
    assert client.get(f"/staff/schedule/appointments/{appt.pk}/").status_code == 200
    new = next_weekday(4, 14)
    response = client.post(f"/staff/schedule/appointments/{appt.pk}/move/", form(new))
    assert response.status_code == 302
    appt.refresh_from_db()
    assert appt.local_start.hour == 14
    response = client.post(f"/staff/schedule/appointments/{appt.pk}/cancel/", {"by": "client"})
    assert response.status_code == 422 and "Reason" in response.content.decode()
    response = client.post(
        f"/staff/schedule/appointments/{appt.pk}/cancel/", {"reason": "Flu", "by": "client"}
    )
    assert response.status_code == 302
    appt.refresh_from_db()
    assert appt.status == "cancelled"


def test_the_day_view_shows_rooms_and_hides_other_clinicians_clients(client, world):
    greenwich = world.places["greenwich"]
    from tests.factories import work_at

    work_at(world.bob_clinician, greenwich)
    start = next_weekday(1, 10)
    booked(world, start, location=greenwich)
    booked(world, start, clinician=world.bob_clinician, client=world.dave, location=greenwich)
    sign_in(client, world.alice)
    page = client.get("/staff/schedule/locations/greenwich/", {"day": start.date().isoformat()})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Room 1" in html and "Family room" in html
    assert "Carolina" in html and "Booked" in html
    assert not any(m in html for m in DAVE)


def test_the_week_view_query_count_does_not_grow_with_appointments(
    client, world, django_assert_max_num_queries
):
    sign_in(client, world.intake)
    start = next_weekday(1, 8)
    booked(world, start)
    url = f"/staff/schedule/?clinician={world.alice_clinician.pk}&week={start.date()}"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for hour in range(9, 18):
        booked(world, start.replace(hour=hour), client=world.carol)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_client_page_and_the_portal_show_appointments(client, world):
    appt = booked(world, next_weekday(2, 10))
    sign_in(client, world.intake)
    html = client.get(f"/staff/clients/{world.carol.pk}/").content.decode()
    assert "Appointments" in html and "Alice Ames" in html
    client.logout()
    sign_in(client, world.carol_user)
    html = client.get("/portal/").content.decode()
    assert "Your appointments" in html and f"/calendar/appointments/{appt.pk}.ics" in html
