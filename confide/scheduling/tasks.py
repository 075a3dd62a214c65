"""Background work: the email reminder a day before an appointment (django-tasks).

Sent once: the task first claims the appointment with a conditional UPDATE (only a row whose
reminder_sent_at is still empty is claimed), so a worker that restarts, or the same task
enqueued twice, finds nothing left to claim.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from confide.audit.actor import Actor, Via
from confide.audit.log import record
from confide.audit.models import Action
from confide.core.timefmt import day_and_clock, long_when
from confide.scheduling.models import Appointment, Format, Status
from confide.telehealth.links import join_url

REMINDER_AHEAD = timedelta(hours=24)


def due_reminders() -> list[str]:
    """Ids of booked appointments starting within a day whose reminder has not gone out."""
    now = timezone.now()
    return [
        str(pk)
        for pk in Appointment.objects.filter(
            status=Status.BOOKED,
            reminder_sent_at__isnull=True,
            start__gt=now,
            start__lte=now + REMINDER_AHEAD,
        ).values_list("pk", flat=True)
    ]


def reminder_text(appt: Appointment) -> tuple[str, str]:
    """Subject and body: when, with whom, where; nothing clinical."""
    when = long_when(appt.start, appt.zone)
    if appt.format == Format.VIRTUAL or appt.location is None:
        # Confide's own link: it opens the room only around the appointment's time.
        where = f"by video: {join_url(appt)}"
    else:
        where = f"in person at {appt.location.name}, {', '.join(appt.location.address_lines)}"
    practice = settings.CONFIDE_PRACTICE
    body = (
        f"Hello {appt.client.preferred_name or appt.client.first_name},\n\n"
        f"This is a reminder of your appointment with {appt.clinician.full_name} on {when}, "
        f"{where}.\n\nIf you need to change it, please call us on {practice['phone']}.\n\n"
        f"{practice['name']}\n"
    )
    return f"Reminder: your appointment on {day_and_clock(appt.start, appt.zone)}", body


@task()
def send_reminder(appointment_id: str) -> bool:
    """Email the client once; return whether this run sent it."""
    now = timezone.now()
    claimed = Appointment.objects.filter(
        pk=appointment_id, status=Status.BOOKED, reminder_sent_at__isnull=True, start__gt=now
    ).update(reminder_sent_at=now)
    if not claimed:
        return False
    appt = Appointment.objects.with_people().get(pk=appointment_id)
    to = appt.client.email or appt.client.guardian_email
    if not to:
        return False
    subject, body = reminder_text(appt)
    try:
        send_mail(subject, body, None, [to])
    except Exception:
        # Give the claim back so the next run can try again; then let the worker log it.
        Appointment.objects.filter(pk=appt.pk, reminder_sent_at=now).update(reminder_sent_at=None)
        raise
    record(
        Action.UPDATE,
        actor=Actor.system(Via.WORKER),
        obj=appt,
        client_id=appt.client_id,
        detail="Reminder emailed",
    )
    return True
