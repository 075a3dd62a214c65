"""API routes for scheduling (see shared/design/API.md 'Scheduling')."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from confide.api.auth import staff_actor, token_auth
from confide.audit.log import record_many
from confide.audit.models import Action
from confide.practice import access
from confide.practice.models import Clinician, Location, Room
from confide.scheduling.access import appointment_for
from confide.scheduling.actions import book_appointment, cancel_appointment
from confide.scheduling.models import Appointment, CancelledBy, Kind
from confide.scheduling.models import Status as Booked
from confide.telehealth.links import join_url

router = Router(auth=token_auth, tags=["scheduling"])


class AppointmentIn(Schema):
    clinician: UUID
    client: UUID
    start: datetime
    end: datetime
    format: Literal["virtual", "in_person"]
    location: str | None = Field(None, description="Location id or slug; needed in person.")
    room: UUID | None = None
    kind: Kind = Kind.IPT_SESSION
    session_number: int | None = Field(None, ge=1, le=99)
    video_link: str = Field("", max_length=200)


class AppointmentOut(Schema):
    id: UUID
    clinician: UUID
    client: UUID
    start: datetime
    end: datetime
    format: str
    location: str | None
    room: str | None
    video_link: str
    video_url: str | None = Field(
        None,
        description="Confide's link to the session's video room (virtual sessions): it checks "
        "who is asking and the time before handing out the room.",
    )
    kind: str
    session_number: int | None
    status: str
    cancel_reason: str
    cancelled_by: str
    cancelled_at: datetime | None
    created_at: datetime


class CancelIn(Schema):
    reason: str = Field(min_length=1, max_length=200)
    by: CancelledBy = CancelledBy.PRACTICE


def _out(a: Appointment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "clinician": a.clinician_id,
        "client": a.client_id,
        # Shown in the location's zone (the offset says which), stored in UTC.
        "start": a.local_start,
        "end": a.local_end,
        "format": a.format,
        "location": a.location.slug if a.location else None,
        "room": a.room.name if a.room else None,
        "video_link": a.video_link,
        "video_url": join_url(a) if a.format == "virtual" else None,
        "kind": a.kind,
        "session_number": a.session_number,
        "status": a.status,
        "cancel_reason": a.cancel_reason,
        "cancelled_by": a.cancelled_by,
        "cancelled_at": a.cancelled_at,
        "created_at": a.created_at,
    }


def _location(value: str | None) -> Location | None:
    if not value:
        return None
    place = Location.objects.filter(slug=value).first()
    if place is None:
        try:
            place = Location.objects.filter(pk=UUID(value)).first()
        except ValueError:
            place = None
    if place is None:
        raise ValidationError({"location": f"Unknown location {value!r}."})
    return place


@router.get("/appointments", response=list[AppointmentOut], summary="Appointments you may see")
def list_appointments(
    request: HttpRequest,
    clinician: UUID | None = None,
    client: UUID | None = None,
    start_after: datetime | None = None,
    start_before: datetime | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """A clinician sees only their own diary; intake and admin see everyone's."""
    actor = staff_actor(request)
    rows = Appointment.objects.visible_to(actor.user).with_people().order_by("start")
    if clinician:
        rows = rows.filter(clinician_id=clinician)
    if client:
        rows = rows.filter(client_id=client)
    if start_after:
        rows = rows.filter(start__gte=start_after)
    if start_before:
        rows = rows.filter(start__lt=start_before)
    page = list(rows[: max(1, min(limit, 500))])
    record_many(Action.READ, page, actor=actor, client_of=lambda a: a.client_id)
    return [_out(a) for a in page]


@router.post(
    "/appointments",
    response={201: AppointmentOut, 409: dict},
    summary="Book an appointment (409 when the slot is taken)",
)
def post_appointment(request: HttpRequest, payload: AppointmentIn) -> Any:
    actor = staff_actor(request)
    try:
        clinician = Clinician.objects.get(pk=payload.clinician)
    except Clinician.DoesNotExist:
        raise ValidationError({"clinician": "Unknown clinician."}) from None
    client = access.client_for(actor, payload.client)
    location = _location(payload.location)
    room = None
    if payload.room:
        room = Room.objects.filter(pk=payload.room).first()
        if room is None:
            raise ValidationError({"room": "Unknown room."})
    appt = book_appointment(
        actor,
        clinician=clinician,
        client=client,
        start=payload.start,
        end=payload.end,
        format=payload.format,
        location=location,
        room=room,
        kind=payload.kind,
        session_number=payload.session_number,
        video_link=payload.video_link,
    )
    return Status(201, _out(Appointment.objects.with_people().get(pk=appt.pk)))


@router.get("/appointments/{appointment_id}", response=AppointmentOut, summary="An appointment")
def get_appointment(request: HttpRequest, appointment_id: UUID) -> dict[str, Any]:
    return _out(appointment_for(staff_actor(request), appointment_id))


@router.post(
    "/appointments/{appointment_id}/cancel",
    response=AppointmentOut,
    summary="Cancel an appointment, freeing its slot",
)
def cancel(request: HttpRequest, appointment_id: UUID, payload: CancelIn) -> dict[str, Any]:
    actor = staff_actor(request)
    appt = appointment_for(actor, appointment_id)
    if appt.status != Booked.BOOKED:
        raise ValidationError({"status": f"This appointment is {appt.get_status_display()}."})
    cancel_appointment(actor, appt, payload.reason, payload.by)
    return _out(Appointment.objects.with_people().get(pk=appt.pk))
