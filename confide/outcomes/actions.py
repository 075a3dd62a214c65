"""Changes in measurement-based care: one function each, called by pages, the API and tasks.

Permission checks and the audit trail live here, so every door behaves the same way.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from confide.accounts.models import Role
from confide.assessments import catalog
from confide.assessments.models import Assessment, Source
from confide.audit.log import record
from confide.audit.models import Action
from confide.instruments import UnknownInstrument
from confide.outcomes.models import (
    DEFAULT_MEASURES,
    SCHEDULABLE,
    MeasureLink,
    MeasureSchedule,
    RiskAlert,
    hash_token,
)
from confide.practice import access
from confide.practice.models import Client


def link_hours() -> int:
    return int(getattr(settings, "CONFIDE_MEASURE_LINK_HOURS", 72))


# --- risk alerts -----------------------------------------------------------------------


def on_assessment_recorded(assessment: Assessment) -> RiskAlert | None:
    """Called by record_assessment() for every source: a positive safety item on a client's
    questionnaire opens an alert for their primary clinician (intake when none)."""
    if not assessment.risk or assessment.client_id is None:
        return None
    assignment = (
        assessment.client.assignments.select_related("clinician")
        .order_by("-primary", "assigned_at")
        .first()
    )
    alert, created = RiskAlert.objects.get_or_create(
        assessment=assessment,
        defaults={
            "client_id": assessment.client_id,
            "clinician": assignment.clinician if assignment else None,
            "created_at": assessment.created_at or timezone.now(),
        },
    )
    if created:
        record(
            Action.CREATE,
            obj=alert,
            client_id=assessment.client_id,
            via="system",
            detail=f"Risk alert from {assessment.get_source_display()}",
        )
    return alert


def may_handle_alert(user: Any, alert: RiskAlert) -> bool:
    """The alert's clinician, or intake for an alert with no clinician."""
    role = access.role_of(user)
    if role == Role.CLINICIAN:
        return alert.clinician is not None and alert.clinician.user_id == user.pk
    if role == Role.INTAKE:
        return alert.clinician is None
    return False


@transaction.atomic
def acknowledge_alert(
    request: HttpRequest, alert: RiskAlert, action_taken: str, *, via: str = "page"
) -> RiskAlert:
    """Close an alert, saying what was done. The words are required and kept on the alert
    (not in the audit row, which holds no clinical content)."""
    user = request.user
    if not may_handle_alert(user, alert):
        raise PermissionDenied("This alert is for another member of staff.")
    action_taken = (action_taken or "").strip()
    if len(action_taken) < 5:
        raise ValidationError({"action_taken": "Say what was done (at least 5 characters)."})
    if not alert.is_open:
        raise ValidationError({"action_taken": "This alert has already been acknowledged."})
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = user
    alert.action_taken = action_taken
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "action_taken"])
    record(
        Action.UPDATE,
        request=request,
        obj=alert,
        client_id=alert.client_id,
        via=via,
        detail="Risk alert acknowledged",
    )
    return alert


# --- the measure schedule --------------------------------------------------------------


def available_measures() -> list[str]:
    """Schedulable codes whose wording this practice can show (EPDS needs its licence)."""
    return [code for code in SCHEDULABLE if catalog.get_instrument(code).available]


def measures_for(client: Client) -> list[str]:
    schedule = getattr(client, "measure_schedule", None)
    try:
        codes = schedule.instruments if schedule else None
    except MeasureSchedule.DoesNotExist:  # pragma: no cover - getattr covers the usual case
        codes = None
    return list(codes or DEFAULT_MEASURES)


def _require_clinician_of(user: Any, client: Client) -> None:
    if access.role_of(user) != Role.CLINICIAN or not access.may_read_clinical(user, client):
        raise PermissionDenied("Only the client's clinician can do this.")


@transaction.atomic
def set_schedule(
    request: HttpRequest, client: Client, instruments: Sequence[str], *, via: str = "page"
) -> MeasureSchedule:
    _require_clinician_of(request.user, client)
    allowed = available_measures()
    codes = [c for c in SCHEDULABLE if c in instruments]
    unknown = sorted(set(instruments) - set(allowed))
    if unknown:
        raise ValidationError(
            {"instruments": f"Not available to schedule here: {', '.join(unknown)}."}
        )
    if not codes:
        raise ValidationError({"instruments": "Choose at least one questionnaire."})
    schedule, _ = MeasureSchedule.objects.update_or_create(
        client=client, defaults={"instruments": codes, "updated_by": request.user}
    )
    record(
        Action.UPDATE,
        request=request,
        obj=schedule,
        client_id=client.pk,
        via=via,
        detail="Measures: " + ", ".join(codes),
    )
    return schedule


# --- one-time links --------------------------------------------------------------------


@transaction.atomic
def create_link(request: HttpRequest, client: Client, *, via: str = "page") -> MeasureLink:
    """Create a link for the client's scheduled measures and queue the email that carries it.

    The token is made in the task that sends the email, so it is never stored anywhere:
    not in this table, and not in the task queue.
    """
    _require_clinician_of(request.user, client)
    if not client.email:
        raise ValidationError({"email": "The client has no email address to send the link to."})
    codes = [c for c in measures_for(client) if c in available_measures()]
    now = timezone.now()
    link = MeasureLink.objects.create(
        client=client,
        instruments=codes,
        created_at=now,
        expires_at=now + timedelta(hours=link_hours()),
        created_by=request.user,
    )
    record(Action.CREATE, request=request, obj=link, client_id=client.pk, via=via)
    from confide.outcomes.tasks import send_measure_link

    link_id = str(link.pk)
    transaction.on_commit(lambda: send_measure_link.enqueue(link_id))
    return link


def issue_token(link: MeasureLink) -> str:
    """Give the link a fresh random token; return it (to put in the email) and keep its hash."""
    token = secrets.token_urlsafe(32)
    link.token_hash = hash_token(token)
    link.sent_at = timezone.now()
    link.save(update_fields=["token_hash", "sent_at"])
    return token


def link_for_token(token: str) -> MeasureLink | None:
    """The usable link for this token, or None (unknown, used or expired look the same)."""
    if not token or len(token) > 100:
        return None
    link = MeasureLink.objects.select_related("client").filter(token_hash=hash_token(token)).first()
    return link if link is not None and link.is_usable else None


def link_instruments(link: MeasureLink) -> list[Any]:
    found = []
    for code in link.instruments:
        try:
            instrument = catalog.get_instrument(code)
        except UnknownInstrument:
            continue
        if instrument.available:
            found.append(instrument)
    return found


@transaction.atomic
def complete_link(
    request: HttpRequest,
    link: MeasureLink,
    answers: Mapping[str, tuple[list[int | None], dict[str, int | None]]],
) -> list[Assessment]:
    """Store the answers given through a link and spend the link (single use).

    The row is locked and re-checked so that two submissions at once store one set.
    """
    from confide.assessments.actions import record_assessment

    fresh = MeasureLink.objects.select_for_update().get(pk=link.pk)
    if not fresh.is_usable:
        raise ValidationError({"link": "This link has already been used or has expired."})
    fresh.used_at = timezone.now()
    fresh.save(update_fields=["used_at"])
    stored = []
    for instrument in link_instruments(fresh):
        responses, extras = answers[instrument.code]
        assessment = record_assessment(
            instrument, responses, extras=extras, source=Source.PORTAL, client=fresh.client
        )
        record(
            Action.CREATE,
            request=request,
            obj=assessment,
            client_id=fresh.client_id,
            via="link",
        )
        stored.append(assessment)
    return stored


def enter_in_session(
    request: HttpRequest,
    client: Client,
    instrument_code: str,
    responses: list[int | None],
    extras: dict[str, int | None] | None = None,
) -> Assessment:
    """A clinician records the answers a client gives in session."""
    from confide.assessments.actions import record_assessment

    _require_clinician_of(request.user, client)
    try:
        instrument = catalog.get_instrument(instrument_code)
    except UnknownInstrument:
        raise ValidationError(
            {"instrument": f"Unknown questionnaire {instrument_code!r}."}
        ) from None
    if not instrument.available:
        raise ValidationError({"instrument": "This questionnaire's wording is not loaded."})
    assessment = record_assessment(
        instrument,
        responses,
        extras=extras,
        source=Source.CLINICIAN,
        client=client,
        recorded_by=request.user,
    )
    record(Action.CREATE, request=request, obj=assessment, client_id=client.pk, via="page")
    return assessment
