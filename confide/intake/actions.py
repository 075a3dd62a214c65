"""Changes to consultation requests: the public form, the API, the staff pages and the demo
all come through here, so checks, history and the audit trail are the same whichever door."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from confide.assessments.actions import attach_screening
from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action
from confide.intake import triage
from confide.intake.models import (
    CloseReason,
    ConsultationRequest,
    ForWhom,
    RequestEvent,
    Status,
)
from confide.practice.access import may_triage
from confide.practice.actions import create_client
from confide.practice.crisis import crisis
from confide.practice.models import Client, Clinician, Location
from confide.scheduling.actions import book_appointment
from confide.screening.actions import claim_screening
from confide.screening.models import KeptScreening

logger = logging.getLogger(__name__)

# Which moves a coordinator may make by hand; "booked" only comes from accept_request.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.NEW: (Status.CONTACTED, Status.MATCHED, Status.CLOSED),
    Status.CONTACTED: (Status.MATCHED, Status.CLOSED),
    Status.MATCHED: (Status.CONTACTED, Status.CLOSED),
    Status.BOOKED: (Status.CLOSED,),
    Status.CLOSED: (Status.NEW,),  # reopened: someone got back in touch
}


def _require_triage(actor: Actor) -> None:
    if not may_triage(actor.user):
        raise PermissionDenied("Only intake or an admin handle consultation requests.")


def _event(
    cr: ConsultationRequest,
    user: Any,
    from_status: str,
    to_status: str,
    *,
    close_reason: str = "",
    note: str = "",
) -> RequestEvent:
    name = ""
    if user is not None and getattr(user, "is_authenticated", False):
        name = user.get_full_name() or user.username
    return RequestEvent.objects.create(
        request=cr,
        actor=user if name else None,
        actor_name=name or "the requester",
        from_status=from_status,
        to_status=to_status,
        close_reason=close_reason,
        note=note[:300],
    )


def submit_request(actor: Actor, data: Mapping[str, Any]) -> ConsultationRequest:
    """Store a validated request (RequestForm.cleaned_data), claim its code, triage it, and
    send the requester a confirmation that holds no health details.

    Raises ValidationError on `code` if the code was used by someone else meanwhile.
    """
    kept: KeptScreening | None = data.get("code")
    with transaction.atomic():
        if kept is not None:
            claim_screening(kept)
        assessments = list(kept.assessments.all()) if kept else []
        urgency = triage.assess(
            risk_flag=any(a.risk for a in assessments), text=data.get("details", "")
        )
        location: Location | None = data.get("location")
        cr = ConsultationRequest.objects.create(
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            preferred_contact=data["preferred_contact"],
            for_whom=data["for_whom"],
            their_first_name=data.get("their_first_name", "").strip()
            if data["for_whom"] == ForWhom.CHILD
            else "",
            their_last_name=data.get("their_last_name", "").strip()
            if data["for_whom"] == ForWhom.CHILD
            else "",
            age_group=data["age_group"],
            date_of_birth=data.get("date_of_birth"),
            concerns=list(data["concerns"]),
            details=data.get("details", ""),
            format=data["format"],
            location=location,
            languages=[lang.slug for lang in data.get("languages") or []],
            days=sorted(int(d) for d in data["days"]),
            day_parts=list(data["day_parts"]),
            consent=bool(data["consent"]),
            kept_screening=kept,
            urgent=urgency.urgent,
            urgent_reasons=list(urgency.reasons),
            severity=triage.severity_rank(a.severity for a in assessments),
        )
        _event(cr, None, "", Status.NEW, note=f"Received ({actor.via})")
        record(Action.CREATE, actor=actor, obj=cr, detail="Consultation request")
    # The id only: names, contacts and concerns are health information and stay out of logs.
    logger.info("Consultation request %s received (urgent=%s)", cr.pk, cr.urgent)
    send_confirmation(cr)
    return cr


def send_confirmation(cr: ConsultationRequest) -> None:
    """Email the requester that we have their request: no concerns, no scores, no names of
    clinicians; anyone who reads their inbox learns only that they contacted the practice."""
    if not cr.email:
        return
    practice = settings.CONFIDE_PRACTICE
    context = {"first_name": cr.first_name, "practice": practice, "crisis": crisis()}
    send_mail(
        subject=f"{practice['name']}: we have your request",
        message=render_to_string("intake/email/confirmation.txt", context),
        from_email=None,
        recipient_list=[cr.email],
    )


@transaction.atomic
def change_status(
    actor: Actor,
    cr: ConsultationRequest,
    to_status: str,
    *,
    close_reason: str = "",
    note: str = "",
) -> ConsultationRequest:
    """Move a request along new → contacted → matched → (booked) → closed, with history."""
    _require_triage(actor)
    current = ConsultationRequest.objects.select_for_update().get(pk=cr.pk)
    if to_status not in TRANSITIONS.get(current.status, ()):
        target = Status(to_status).label if to_status in Status.values else to_status
        raise ValidationError(
            {
                "status": f"A request that is {current.get_status_display().lower()} cannot be "
                f"moved to {target.lower()}."
            }
        )
    if to_status == Status.CLOSED and close_reason not in CloseReason.values:
        raise ValidationError({"close_reason": "Choose why the request is closed."})
    before = current.status
    current.status = to_status
    current.close_reason = close_reason if to_status == Status.CLOSED else ""
    current.save(update_fields=["status", "close_reason", "updated_at"])
    _event(current, actor.user, before, to_status, close_reason=current.close_reason, note=note)
    record(Action.UPDATE, actor=actor, obj=current, detail=f"Status {before} → {to_status}")
    cr.status, cr.close_reason = current.status, current.close_reason
    return current


def client_data(cr: ConsultationRequest, date_of_birth: Any) -> dict[str, Any]:
    """The new client's record, taken from the request so that nothing is typed twice."""
    data: dict[str, Any] = {
        "first_name": cr.client_first_name,
        "last_name": cr.client_last_name,
        "date_of_birth": date_of_birth,
        "preferred_contact": cr.preferred_contact,
        "perinatal": "parenting_postpartum" in cr.concerns and cr.for_whom != ForWhom.CHILD,
    }
    if cr.for_whom == ForWhom.CHILD:
        data.update(
            guardian_name=cr.requester_name,
            guardian_phone=cr.phone,
            guardian_email=cr.email,
        )
    else:
        data.update(email=cr.email, phone=cr.phone)
    return data


def accept_request(
    actor: Actor,
    cr: ConsultationRequest,
    *,
    clinician: Clinician,
    start: datetime,
    end: datetime,
    format: str,
    location: Location | None = None,
    date_of_birth: Any = None,
) -> tuple[Client, Any]:
    """Make the request a client in one step: create the client, assign the clinician, book
    the intake consultation, attach the kept screening as the baseline, mark it booked.

    All or nothing: a clash (SlotTaken) or a bad value (ValidationError naming the field)
    leaves no client, no appointment and the request as it was.
    """
    _require_triage(actor)
    date_of_birth = date_of_birth or cr.date_of_birth
    if date_of_birth is None:
        raise ValidationError({"date_of_birth": "Enter the client's date of birth."})
    with transaction.atomic():
        current = ConsultationRequest.objects.select_for_update().get(pk=cr.pk)
        if current.status in (Status.BOOKED, Status.CLOSED):
            raise ValidationError(
                {"status": f"This request is already {current.get_status_display().lower()}."}
            )
        client = create_client(actor, client_data(current, date_of_birth), clinicians=[clinician])
        appointment = book_appointment(
            actor,
            clinician=clinician,
            client=client,
            start=start,
            end=end,
            format=format,
            location=location,
            kind="intake_consultation",
        )
        if current.kept_screening_id:
            # The check's scores become the client's baseline on their outcome charts, and a
            # risk answer in it the new clinician's to follow up, like any other.
            attach_screening(actor, current.kept_screening, client)
        before = current.status
        current.status = Status.BOOKED
        current.client = client
        current.clinician = clinician
        current.save(update_fields=["status", "client", "clinician", "updated_at"])
        _event(current, actor.user, before, Status.BOOKED, note="Client created and booked")
        record(
            Action.UPDATE,
            actor=actor,
            obj=current,
            client_id=client.pk,
            detail=f"Status {before} → booked",
        )
    cr.status, cr.client, cr.clinician = current.status, client, clinician
    return client, appointment
