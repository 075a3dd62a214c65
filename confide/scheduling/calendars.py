"""iCalendar output. Titles and locations only: never a diagnosis, a note or a score."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from confide.scheduling.models import Appointment, Format, Status
from confide.telehealth.links import join_url


def _where(appt: Appointment) -> str:
    if appt.format == Format.VIRTUAL:
        # Confide's own link, which checks who and when before handing out the room.
        return f"Video session: {join_url(appt)}"
    place = appt.location
    room = f", {appt.room.name}" if appt.room else ""
    return f"{place.name}{room}: {', '.join(place.address_lines)}" if place else ""


def _event(appt: Appointment, summary: str) -> Event:
    event = Event()
    event.add("uid", f"{appt.pk}@confide")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appt.start)
    event.add("dtend", appt.end)
    event.add("summary", summary)
    event.add("location", _where(appt))
    event.add("status", "CANCELLED" if appt.status == Status.CANCELLED else "CONFIRMED")
    return event


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Confide//Scheduling//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    return cal


def clinician_feed(name: str, appointments: Iterable[Appointment]) -> bytes:
    """A clinician's diary: the client's first name and initial, the place; nothing clinical."""
    cal = _calendar(name)
    for appt in appointments:
        client = appt.client
        who = f"{client.preferred_name or client.first_name} {client.last_name[:1]}."
        cal.add_component(_event(appt, f"Appointment: {who}"))
    return cal.to_ical()


def client_event(appt: Appointment) -> bytes:
    """One appointment for the client's own calendar: 'Appointment with Dr X'."""
    cal = _calendar("Appointment")
    cal.add_component(_event(appt, appt.title))
    return cal.to_ical()
