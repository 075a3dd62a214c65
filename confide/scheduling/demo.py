"""The demo practice's diaries: weekly availability for every clinician and a busy fortnight
around today (attended past sessions numbered within each client's course, upcoming weekly
sessions, a few cancellations and no-shows). Deterministic and safe to run again."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from confide.practice.models import Assignment, ClientStatus, Clinician
from confide.scheduling.actions import SlotTaken, save_exclusive
from confide.scheduling.models import (
    Appointment,
    Availability,
    AvailabilityFormats,
    CancelledBy,
    Format,
    Kind,
    Status,
)

PAST_WEEKS = 6
AHEAD_WEEKS = 2
# Day patterns: (weekdays, starts, ends); evening people (mr.hughes) work later.
PATTERNS = {
    "mr.hughes": ([0, 1, 2, 3, 4], time(12), time(20)),
    "ms.moreau": ([0, 1, 2, 3, 5], time(9), time(18)),
    "dr.patel": ([1, 2, 3, 4, 5], time(9), time(17)),
}
DEFAULT_PATTERN = ([0, 1, 2, 3, 4], time(9), time(17))
CANCEL_REASONS = ["Client unwell", "Work travel", "Childcare fell through", "Clinician unwell"]


def _availability(clinician: Clinician, username: str) -> None:
    if Availability.objects.filter(clinician=clinician).exists():
        return
    days, starts, ends = PATTERNS.get(username, DEFAULT_PATTERN)
    places = sorted(clinician.locations.all(), key=lambda p: p.display_order)
    formats = (
        AvailabilityFormats.BOTH
        if clinician.offers_virtual and clinician.offers_in_person
        else AvailabilityFormats.VIRTUAL
        if clinician.offers_virtual
        else AvailabilityFormats.IN_PERSON
    )
    for i, day in enumerate(days):
        place = places[i % len(places)] if places else None
        if place is None:
            continue
        Availability.objects.create(
            clinician=clinician,
            location=place,
            weekday=day,
            starts=starts,
            ends=ends,
            formats=formats,
        )


@transaction.atomic
def load_demo() -> int:
    """Create availability and appointments; return how many appointments were added."""
    now = timezone.now()
    added = 0
    clinicians = list(Clinician.objects.filter(user__isnull=False).select_related("user"))
    for clinician in clinicians:
        _availability(clinician, clinician.user.username)
    assignments = (
        Assignment.objects.filter(client__status=ClientStatus.ACTIVE, primary=True)
        .select_related("client", "clinician")
        .order_by("clinician__last_name", "client__last_name", "client__first_name")
    )
    slot_of: dict[str, int] = {}
    for a in assignments:
        clinician, client = a.clinician, a.client
        blocks = list(Availability.objects.filter(clinician=clinician).select_related("location"))
        if not blocks:
            continue
        index = slot_of.get(str(clinician.pk), 0)
        slot_of[str(clinician.pk)] = index + 1
        block = blocks[index % len(blocks)]
        hour = block.starts.hour + 1 + (index // len(blocks)) * 2
        if hour + 1 > block.ends.hour:
            continue
        zone = ZoneInfo(block.location.time_zone)
        # Each client started their course a different number of weeks ago (a 12-16 week IPT).
        weeks_in = random.Random(f"{client.full_name}").randint(2, 11)  # noqa: S311 - demo
        today = now.astimezone(zone).date()
        this_week_day = today + timedelta(days=(block.weekday - today.weekday()))
        in_person = block.formats != AvailabilityFormats.VIRTUAL and (index % 3 != 0)
        for offset in range(-min(PAST_WEEKS, weeks_in), AHEAD_WEEKS + 1):
            day = this_week_day + timedelta(weeks=offset)
            start = datetime.combine(day, time(hour), zone)
            if Appointment.objects.filter(client=client, start=start).exists():
                continue
            number = weeks_in + offset + 1
            past = start + timedelta(minutes=50) <= now
            appt = Appointment(
                clinician=clinician,
                client=client,
                start=start,
                end=start + timedelta(minutes=50),
                format=Format.IN_PERSON if in_person else Format.VIRTUAL,
                location=block.location if in_person else None,
                room=block.location.rooms.order_by("name")[index % 2] if in_person else None,
                # Virtual sessions use the practice's video rooms (confide/telehealth).
                video_link="",
                kind=Kind.IPT_SESSION if number > 1 else Kind.INTAKE_CONSULTATION,
                session_number=number,
                status=Status.ATTENDED if past else Status.BOOKED,
            )
            # Seeded by client and date, so a second load makes the same choices.
            rng = random.Random(f"{client.full_name} {day}")  # noqa: S311 - demo data
            roll = rng.random()
            if roll < 0.06:
                appt.status = Status.CANCELLED
                appt.cancel_reason = rng.choice(CANCEL_REASONS)
                appt.cancelled_by = rng.choice([CancelledBy.CLIENT, CancelledBy.CLINICIAN])
                appt.cancelled_at = start - timedelta(days=1)
                appt.session_number = None
            elif past and roll < 0.1:
                appt.status = Status.NO_SHOW
            try:
                save_exclusive(appt)
            except SlotTaken:
                continue
            added += 1
    # Earlier runs' upcoming sessions that are now over were attended.
    Appointment.objects.filter(status=Status.BOOKED, end__lte=now).update(status=Status.ATTENDED)
    return added
