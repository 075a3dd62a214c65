"""iCalendar feed and files (no clinical detail), and the reminder sent exactly once."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from confide.scheduling.actions import book_appointment
from confide.scheduling.models import Appointment, CalendarFeed
from confide.scheduling.tasks import send_reminder
from tests.factories import SYSTEM, next_weekday, sign_in

pytestmark = pytest.mark.django_db
CLINICAL = ("phq", "PHQ", "depress", "diagnos", "note", "score", "IPT")


def booked(world, start, **kw):
    return book_appointment(
        SYSTEM,
        clinician=world.alice_clinician,
        client=kw.pop("client", world.carol),
        start=start,
        end=start + timedelta(minutes=50),
        format="virtual",
        **kw,
    )


def feed_url(client, world) -> str:
    sign_in(client, world.alice)
    response = client.post("/staff/schedule/calendar-link/", {"action": "create"})
    html = response.content.decode()
    start = html.index("/calendar/")
    return html[start : html.index(".ics", start) + 4]


def test_the_clinician_feed_lists_appointments_without_clinical_detail(client, world):
    appt = booked(world, next_weekday(1, 10), session_number=3)
    url = feed_url(client, world)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    assert str(events[0]["summary"]) == "Appointment: Carolina Q."
    assert events[0].decoded("dtstart") == appt.start
    text = response.content.decode()
    assert not any(word in text for word in CLINICAL)
    assert "Quillfeather" not in text and "carolina@" not in text
    token = url.split("/")[-1].removesuffix(".ics")
    assert not CalendarFeed.objects.filter(key_hash=token).exists()  # stored hashed


def test_a_regenerated_or_revoked_feed_stops_working(client, world):
    old = feed_url(client, world)
    new = feed_url(client, world)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    sign_in(client, world.alice)
    client.post("/staff/schedule/calendar-link/", {"action": "revoke"})
    assert client.get(new).status_code == 404


def test_the_client_downloads_their_own_appointment_and_not_anyone_elses(client, world):
    appt = booked(world, next_weekday(2, 11))
    from confide.practice.models import Assignment

    Assignment.objects.create(client=world.dave, clinician=world.alice_clinician)
    other = booked(world, next_weekday(2, 14), client=world.dave)
    sign_in(client, world.carol_user)
    response = client.get(f"/calendar/appointments/{appt.pk}.ics")
    assert response.status_code == 200
    event = next(iter(Calendar.from_ical(response.content).walk("VEVENT")))
    assert str(event["summary"]) == "Appointment with Alice Ames"
    assert not any(word in response.content.decode() for word in CLINICAL)
    assert client.get(f"/calendar/appointments/{other.pk}.ics").status_code == 404


def test_a_reminder_is_sent_once_even_if_run_twice(world):
    start = timezone.now() + timedelta(hours=20)
    appt = Appointment.objects.create(
        clinician=world.alice_clinician,
        client=world.carol,
        start=start,
        end=start + timedelta(minutes=50),
        format="virtual",
    )
    far = Appointment.objects.create(
        clinician=world.alice_clinician,
        client=world.carol,
        start=start + timedelta(days=3),
        end=start + timedelta(days=3, minutes=50),
        format="virtual",
    )
    call_command("send_due_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["carolina@example.com"]
    assert "Alice Ames" in mail.outbox[0].body
    assert not any(word in mail.outbox[0].body for word in CLINICAL)
    # A worker restarting mid-way runs the same task again; nothing more is sent.
    assert send_reminder.call(str(appt.pk)) is False
    call_command("send_due_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    appt.refresh_from_db()
    far.refresh_from_db()
    assert appt.reminder_sent_at is not None and far.reminder_sent_at is None


def test_a_failed_send_gives_the_claim_back(world, monkeypatch):
    start = timezone.now() + timedelta(hours=2)
    appt = Appointment.objects.create(
        clinician=world.alice_clinician,
        client=world.carol,
        start=start,
        end=start + timedelta(minutes=50),
        format="virtual",
    )

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("confide.scheduling.tasks.send_mail", broken)
    with pytest.raises(OSError):
        send_reminder.call(str(appt.pk))
    appt.refresh_from_db()
    assert appt.reminder_sent_at is None
    monkeypatch.undo()
    assert send_reminder.call(str(appt.pk)) is True
    assert len(mail.outbox) == 1
