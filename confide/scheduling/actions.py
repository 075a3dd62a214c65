"""Booking, moving and cancelling appointments: the page, the API, the admin and the demo all
come through here, so the rules, the no-double-booking guarantee and the audit trail are the
same whichever door is used.

The race: two people book the same clinician (or client, or room) at the same moment; both
check, both see the slot free, both insert. On PostgreSQL the exclusion constraints of
migration 0002 reject the second insert (we turn the IntegrityError into SlotTaken). On SQLite
the check and the insert run inside one IMMEDIATE transaction (settings: transaction_mode),
which takes the database's write lock before the check, so a second booker waits, then sees
the first one's row.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action
from confide.core.errors import Conflict
from confide.core.timefmt import clock, local, short_when
from confide.practice.models import Client, Clinician, Location, Room
from confide.scheduling import feeds, signals, slots
from confide.scheduling.access import may_manage_diary
from confide.scheduling.models import (
    DEFAULT_ZONE,
    Appointment,
    Availability,
    AvailabilityException,
    CalendarFeed,
    CancelledBy,
    Format,
    Kind,
    Status,
    primary_location,
)

MAX_LENGTH = timedelta(hours=3)
# Used when a virtual session's clinician has no location to take hours from.
DEFAULT_HOURS = [slots.WeeklyBlock(d, time(8), time(20), DEFAULT_ZONE) for d in range(6)]
# Constraint names of migration 0002 -> the field that is taken.
CONSTRAINT_FIELDS = {
    "appointment_no_clinician_overlap": "clinician",
    "appointment_no_client_overlap": "client",
    "appointment_no_room_overlap": "room",
}


class SlotTaken(Conflict):
    """The clinician, the client or the room already has a live appointment at that time."""

    def __init__(self, message: str, *, field: str = "start") -> None:
        super().__init__(message, field=field)


def _audit(action: str, appt: Appointment, actor: Actor, detail: str) -> None:
    """One audit row per change to an appointment, on the client's record."""
    record(action, actor=actor, obj=appt, client_id=appt.client_id, detail=detail)


def _check_permission(actor: Actor, clinician: Clinician, client: Client | None = None) -> None:
    user = actor.user
    if user is None:  # the system itself (demo loader, management commands)
        return
    if not may_manage_diary(user, clinician):
        raise PermissionDenied("You can only book and change your own appointments.")
    if client is not None and not Client.objects.visible_to(user).filter(pk=client.pk).exists():
        raise PermissionDenied("That client is not one of yours.")


def _hours_blocks(place: Location | None) -> list[slots.WeeklyBlock]:
    if place is None:
        return DEFAULT_HOURS
    return [
        slots.WeeklyBlock(h.weekday, h.opens, h.closes, place.time_zone)
        for h in place.opening_hours.all()
    ]


def _hours_text(place: Location | None) -> str:
    if place is None:
        return "Mon – Sat: 8am to 8pm"
    return "; ".join(place.hours_summary()) or "closed every day"


def availability_blocks(clinician: Clinician) -> list[slots.WeeklyBlock]:
    rows = Availability.objects.filter(clinician=clinician).select_related("location")
    return [
        slots.WeeklyBlock(
            r.weekday,
            r.starts,
            r.ends,
            r.location.time_zone,
            str(r.location_id),
            r.format_set,
            r.location.name,
        )
        for r in rows
    ]


def days_off(clinician: Clinician) -> list[slots.DayOff]:
    rows = AvailabilityException.objects.filter(Q(clinician=clinician) | Q(clinician__isnull=True))
    return [slots.DayOff(r.first_day, r.last_day) for r in rows]


def validate_times(
    *,
    clinician: Clinician,
    start: datetime,
    end: datetime,
    format: str,
    location: Location | None,
    room: Room | None,
    kind: str,
    now: datetime | None = None,
) -> str:
    """Raise ValidationError naming the field if the session cannot be held then; return the
    zone it is shown in."""
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, datetime) or timezone.is_naive(value):
            raise ValidationError({name: "Give a date and time with its time zone."})
    if format not in Format.values:
        raise ValidationError({"format": "Choose virtual or in person."})
    if kind not in Kind.values:
        raise ValidationError({"kind": "Unknown kind of appointment."})
    if end <= start:
        raise ValidationError({"end": "The end must be after the start."})
    if end - start > MAX_LENGTH:
        raise ValidationError({"end": "An appointment can last at most 3 hours."})
    if format == Format.IN_PERSON:
        if location is None:
            raise ValidationError({"location": "An in-person session needs a location."})
        if not clinician.offers_in_person:
            raise ValidationError(
                {"format": f"{clinician.full_name} does not see clients in person."}
            )
        if room is not None and room.location_id != location.pk:
            raise ValidationError({"room": f"{room.name} is not at {location.name}."})
    else:
        if room is not None:
            raise ValidationError({"room": "A virtual session does not take a room."})
        if not clinician.offers_virtual:
            raise ValidationError(
                {"format": f"{clinician.full_name} does not offer video sessions."}
            )
    if start < (now or timezone.now()):
        raise ValidationError({"start": "That time is in the past."})

    place = location or primary_location(clinician)
    zone = place.time_zone if place else DEFAULT_ZONE
    hours = _hours_blocks(place)
    if not slots.within_any(start, end, hours):
        starts_inside = slots.within_any(start, start + timedelta(minutes=1), hours)
        where = place.name if place else "The practice"
        raise ValidationError(
            {
                "end" if starts_inside else "start": (
                    f"Outside the opening hours of {where} ({_hours_text(place)}), "
                    f"in its time zone ({zone})."
                )
            }
        )
    blocks = [
        b
        for b in availability_blocks(clinician)
        if format in b.formats
        and (format == Format.VIRTUAL or (location is not None and b.location == str(location.pk)))
    ]
    if not slots.within_any(start, end, blocks):
        raise ValidationError(
            {
                "start": f"Outside {clinician.full_name}'s availability for "
                f"{Format(format).label.lower()} sessions."
            }
        )
    if slots.on_day_off(start, end, zone, days_off(clinician)):
        raise ValidationError({"start": f"{clinician.full_name} is not working that day."})
    return zone


def _free_room(location: Location, start: datetime, end: datetime, exclude: Any = None) -> Room:
    taken = (
        Appointment.objects.live()
        .overlapping(start, end)
        .filter(room__location=location)
        .exclude(pk=exclude)
        .values_list("room_id", flat=True)
    )
    room = location.rooms.exclude(pk__in=list(taken)).order_by("name").first()
    if room is None:
        raise SlotTaken(f"No room is free at {location.name} at that time.", field="room")
    return room


def _raise_if_overlap(appt: Appointment) -> None:
    clash = Appointment.objects.live().overlapping(appt.start, appt.end).exclude(pk=appt.pk)
    zone = appt.zone
    for name, value, who in (
        ("clinician", appt.clinician_id, appt.clinician.full_name),
        ("client", appt.client_id, appt.client.full_name),
        ("room", appt.room_id, appt.room.name if appt.room else ""),
    ):
        if value is None:
            continue
        other = clash.filter(**{f"{name}_id": value}).order_by("start").first()
        if other is not None:
            raise SlotTaken(
                f"{who} is already booked from {short_when(other.start, zone)} to "
                f"{clock(local(other.end, zone))}: choose another time.",
                field=name,
            )


def _taken_from(exc: IntegrityError, appt: Appointment) -> SlotTaken | None:
    cause = exc.__cause__
    name = getattr(getattr(cause, "diag", None), "constraint_name", None) or ""
    if name not in CONSTRAINT_FIELDS:
        return None
    field_name = CONSTRAINT_FIELDS[name]
    return SlotTaken(
        f"That time was just taken: the {field_name} is already booked then. Choose another time.",
        field=field_name,
    )


def save_exclusive(appt: Appointment) -> Appointment:
    """Check for overlaps and save, as one serialized step (see the module docstring)."""
    with transaction.atomic():
        _raise_if_overlap(appt)
        try:
            with transaction.atomic():
                appt.save()
        except IntegrityError as exc:
            taken = _taken_from(exc, appt)
            if taken is None:
                raise
            raise taken from None
    return appt


def book_appointment(
    actor: Actor,
    *,
    clinician: Clinician,
    client: Client,
    start: datetime,
    end: datetime,
    format: str,
    location: Location | None = None,
    room: Room | None = None,
    kind: str = Kind.IPT_SESSION,
    session_number: int | None = None,
    video_link: str = "",
    series: uuid.UUID | None = None,
) -> Appointment:
    """Book one appointment; raise SlotTaken on a clash, ValidationError naming the field."""
    _check_permission(actor, clinician, client)
    validate_times(
        clinician=clinician,
        start=start,
        end=end,
        format=format,
        location=location,
        room=room,
        kind=kind,
    )
    if session_number is not None and not 1 <= session_number <= 99:
        raise ValidationError({"session_number": "A session number is between 1 and 99."})
    with transaction.atomic():
        if format == Format.IN_PERSON and room is None and location is not None:
            room = _free_room(location, start, end)
        appt = Appointment(
            clinician=clinician,
            client=client,
            start=start,
            end=end,
            format=format,
            location=location,
            room=room,
            kind=kind,
            session_number=session_number,
            video_link=video_link,
            series=series,
        )
        save_exclusive(appt)
        _audit(Action.CREATE, appt, actor, "Booked")
        signals.changed(appt, signals.BOOKED, actor)
    return appt


@dataclass
class Skipped:
    start: datetime
    reason: str


@dataclass
class SeriesResult:
    booked: list[Appointment] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.booked) + len(self.skipped)


def book_series(
    actor: Actor,
    *,
    clinician: Clinician,
    client: Client,
    first_start: datetime,
    duration: timedelta,
    weeks: int,
    format: str,
    location: Location | None = None,
    room: Room | None = None,
    kind: str = Kind.IPT_SESSION,
    first_session_number: int | None = None,
    video_link: str = "",
) -> SeriesResult:
    """Book the same weekday and local time for `weeks` weeks; skip and report clashes."""
    if not 1 <= weeks <= 20:
        raise ValidationError({"weeks": "A series is 1 to 20 weekly sessions."})
    _check_permission(actor, clinician, client)
    place = location or primary_location(clinician)
    zone = place.time_zone if place else DEFAULT_ZONE
    result = SeriesResult()
    series = uuid.uuid4()
    number = first_session_number
    for start in slots.weekly_starts(first_start, weeks, zone):
        try:
            appt = book_appointment(
                actor,
                clinician=clinician,
                client=client,
                start=start,
                end=start + duration,
                format=format,
                location=location,
                room=room,
                kind=kind,
                session_number=number,
                video_link=video_link,
                series=series,
            )
        except SlotTaken as exc:
            result.skipped.append(Skipped(start, exc.message))
        except ValidationError as exc:
            result.skipped.append(Skipped(start, " ".join(exc.messages)))
        else:
            result.booked.append(appt)
            if number is not None:
                number += 1
    return result


def move_appointment(
    actor: Actor,
    appointment: Appointment,
    *,
    start: datetime,
    end: datetime,
    format: str | None = None,
    location: Location | None = None,
    room: Room | None = None,
) -> Appointment:
    """Reschedule a booked appointment (same guarantee as booking; it never clashes itself)."""
    _check_permission(actor, appointment.clinician)
    if appointment.status != Status.BOOKED:
        raise ValidationError({"status": "Only a booked appointment can be moved."})
    format = format or appointment.format
    if format == Format.VIRTUAL:
        location, room = None, None
    else:
        location = location or appointment.location
    validate_times(
        clinician=appointment.clinician,
        start=start,
        end=end,
        format=format,
        location=location,
        room=room,
        kind=appointment.kind,
    )
    with transaction.atomic():
        appt = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if appt.status != Status.BOOKED:
            raise ValidationError({"status": "Only a booked appointment can be moved."})
        if format == Format.IN_PERSON and room is None and location is not None:
            keep = appt.room if appt.room and appt.room.location_id == location.pk else None
            room = keep or _free_room(location, start, end, exclude=appt.pk)
            if keep is not None:
                clash = (
                    Appointment.objects.live()
                    .overlapping(start, end)
                    .filter(room=keep)
                    .exclude(pk=appt.pk)
                    .exists()
                )
                if clash:
                    room = _free_room(location, start, end, exclude=appt.pk)
        before = appt.start
        appt.start, appt.end, appt.format = start, end, format
        appt.location, appt.room = location, room
        appt.reminder_sent_at = None  # a new time deserves a new reminder
        save_exclusive(appt)
        _audit(Action.UPDATE, appt, actor, f"Moved from {before.isoformat()}")
        signals.changed(appt, signals.MOVED, actor)
    appointment.refresh_from_db()
    return appointment


def cancel_appointment(
    actor: Actor,
    appointment: Appointment,
    reason: str,
    by: str = CancelledBy.PRACTICE,
) -> Appointment:
    """Cancel a booked appointment, freeing its slot; say why and on whose side."""
    _check_permission(actor, appointment.clinician)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the appointment is cancelled."})
    if by not in CancelledBy.values:
        raise ValidationError(
            {"by": "Say who cancelled: the client, the clinician or the practice."}
        )
    now = timezone.now()
    with transaction.atomic():
        # Conditional update: two people cancelling at once cancel it once.
        done = Appointment.objects.filter(pk=appointment.pk, status=Status.BOOKED).update(
            status=Status.CANCELLED, cancel_reason=reason[:200], cancelled_by=by, cancelled_at=now
        )
        if not done:
            raise ValidationError({"status": "Only a booked appointment can be cancelled."})
        _audit(Action.UPDATE, appointment, actor, f"Cancelled by {by}")
        appointment.refresh_from_db()
        signals.changed(appointment, signals.CANCELLED, actor)
    return appointment


def set_outcome(actor: Actor, appointment: Appointment, status: str) -> Appointment:
    """Mark a started appointment attended or a no-show."""
    _check_permission(actor, appointment.clinician)
    if status not in (Status.ATTENDED, Status.NO_SHOW):
        raise ValidationError({"status": "Choose attended or no-show."})
    if appointment.status == Status.CANCELLED:
        raise ValidationError({"status": "This appointment was cancelled."})
    if appointment.start > timezone.now():
        raise ValidationError({"status": "The appointment has not started yet."})
    appointment.status = status
    appointment.save(update_fields=["status"])  # a save, so the outcomes hear of it
    _audit(Action.UPDATE, appointment, actor, f"Marked {status}")
    signals.changed(appointment, status, actor)
    return appointment


# --- calendar feeds ----------------------------------------------------------------------


@transaction.atomic
def set_calendar_feed(actor: Actor, clinician: Clinician, *, on: bool) -> str | None:
    """Turn the clinician's secret calendar URL off, or make a new one (the old one stops).
    Returns the new token when one is made: shown once, only its hash is kept (feeds.py)."""
    if actor.user is None or clinician.user_id != actor.user.pk:
        raise PermissionDenied("Only the clinician can change their own calendar link.")
    replaced = CalendarFeed.objects.filter(clinician=clinician, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token = None
    if on:
        token, key_hash = feeds.new_token()
        CalendarFeed.objects.create(clinician=clinician, key_hash=key_hash)
        detail = "Calendar link replaced" if replaced else "Calendar link made"
    elif replaced:
        detail = "Calendar link turned off"
    else:
        return None
    record(Action.UPDATE, actor=actor, obj=clinician, detail=detail)
    return token


def first_open_slots(
    clinician: Clinician,
    *,
    after: datetime,
    formats: Iterable[str] = (Format.VIRTUAL, Format.IN_PERSON),
    locations: Iterable[Any] | None = None,
    day_parts: Iterable[str] | None = None,
    limit: int = 5,
    duration: timedelta = timedelta(minutes=50),
) -> list[slots.Slot]:
    """The clinician's first free slots: weekly availability minus days off minus bookings.

    `locations` (Location objects, ids or slugs) narrows in-person slots; None means anywhere.
    `day_parts` is any of "morning", "afternoon", "evening". Four queries, whatever the diary.
    """
    after = max(after, timezone.now())
    offered = set(formats) & set(clinician.formats)
    places = None
    if locations is not None:
        keys = [getattr(p, "pk", p) for p in locations]
        ids = Location.objects.filter(
            Q(slug__in=[str(k) for k in keys]) | Q(pk__in=[k for k in keys if _is_uuid(k)])
        ).values_list("pk", flat=True)
        places = [str(pk) for pk in ids]
    horizon = 28
    busy = list(
        Appointment.objects.live()
        .filter(clinician=clinician, end__gt=after, start__lt=after + timedelta(days=horizon + 1))
        .values_list("start", "end")
    )
    return slots.free_slots(
        availability_blocks(clinician),
        busy=busy,
        days_off=days_off(clinician),
        after=after,
        duration=duration,
        formats=offered,
        locations=places,
        day_parts=day_parts,
        horizon_days=horizon,
        limit=limit,
    )


def _is_uuid(value: Any) -> bool:
    if isinstance(value, uuid.UUID):
        return True
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
