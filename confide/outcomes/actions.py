"""Changes in measurement-based care: one function each, called by pages, the API and tasks.

Permission checks and the audit trail live here, so every door behaves the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from confide.accounts.models import Role
from confide.assessments import catalog
from confide.assessments.actions import record_assessment
from confide.assessments.models import Assessment, Source
from confide.audit.actor import Actor, Via
from confide.audit.log import record
from confide.audit.models import Action
from confide.instruments import Instrument, UnknownInstrument
from confide.outcomes.models import (
    DEFAULT_MEASURES,
    SCHEDULABLE,
    MeasureLink,
    MeasureSchedule,
    RiskAlert,
)
from confide.practice import access
from confide.practice.models import Client


def link_hours() -> int:
    return int(settings.CONFIDE_MEASURE_LINK_HOURS)


# --- risk alerts -----------------------------------------------------------------------


def open_risk_alert(assessment: Assessment, actor: Actor | None = None) -> RiskAlert | None:
    """A positive safety item on a client's questionnaire, from any source, opens an alert for
    their primary clinician (intake when none). Called when an assessment is stored (see
    signals.py); opening it twice opens one alert."""
    client = assessment.client
    if not assessment.risk or client is None:
        return None
    assignment = (
        client.assignments.select_related("clinician").order_by("-primary", "assigned_at").first()
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
            actor=actor or Actor.system(Via.WORKER),
            obj=alert,
            client_id=assessment.client_id,
            detail=f"Risk alert from {assessment.get_source_display()}",
        )
    return alert


@transaction.atomic
def acknowledge_alert(actor: Actor, alert: RiskAlert, action_taken: str) -> RiskAlert:
    """Close an alert, saying what was done. The words are required and kept on the alert
    (not in the audit row, which holds no clinical content)."""
    user = actor.user
    if not access.may_handle_alert(user, alert):
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
        actor=actor,
        obj=alert,
        client_id=alert.client_id,
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


def _require_clinician_of(actor: Actor, client: Client) -> None:
    if actor.role != Role.CLINICIAN or not access.may_read_clinical(actor.user, client):
        raise PermissionDenied("Only the client's clinician can do this.")


@transaction.atomic
def set_schedule(actor: Actor, client: Client, instruments: Sequence[str]) -> MeasureSchedule:
    """Choose the questionnaires the client answers before each session."""
    _require_clinician_of(actor, client)
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
        client=client, defaults={"instruments": codes, "updated_by": actor.user}
    )
    record(
        Action.UPDATE,
        actor=actor,
        obj=schedule,
        client_id=client.pk,
        detail="Measures: " + ", ".join(codes),
    )
    return schedule


# --- one-time links --------------------------------------------------------------------


@transaction.atomic
def create_link(actor: Actor, client: Client) -> MeasureLink:
    """Create a link for the client's scheduled measures and queue the email that carries it.

    The token is made in the task that sends the email, so it is never stored anywhere:
    not in this table, and not in the task queue.
    """
    _require_clinician_of(actor, client)
    if not client.email:
        raise ValidationError({"email": "The client has no email address to send the link to."})
    codes = [c for c in measures_for(client) if c in available_measures()]
    now = timezone.now()
    link = MeasureLink.objects.create(
        client=client,
        instruments=codes,
        created_at=now,
        expires_at=now + timedelta(hours=link_hours()),
        created_by=actor.user,
    )
    record(Action.CREATE, actor=actor, obj=link, client_id=client.pk)
    from confide.outcomes.tasks import send_measure_link

    link_id = str(link.pk)
    transaction.on_commit(lambda: send_measure_link.enqueue(link_id))
    return link


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
    actor: Actor,
    link: MeasureLink,
    answers: Mapping[str, tuple[list[int | None], dict[str, int | None]]],
) -> list[Assessment]:
    """Store the answers given through a link and spend the link (single use).

    The row is locked and re-checked so that two submissions at once store one set.
    """
    fresh = MeasureLink.objects.select_for_update().get(pk=link.pk)
    if not fresh.is_usable:
        raise ValidationError({"link": "This link has already been used or has expired."})
    fresh.used_at = timezone.now()
    fresh.save(update_fields=["used_at"])
    return [
        record_client_assessment(
            actor,
            fresh.client,
            instrument,
            *answers[instrument.code],
            source=Source.PORTAL,
            link=fresh,
        )
        for instrument in link_instruments(fresh)
    ]


# --- recording a questionnaire ---------------------------------------------------------------


def _may_record(actor: Actor, client: Client, link: MeasureLink | None) -> bool:
    if link is not None:
        # The client answering their own link: the link is the permission, spent just now.
        return link.client_id == client.pk and link.used_at is not None
    return access.may_record_assessment(actor.user, client)


def _available(instrument: Instrument | str) -> Instrument:
    code = instrument if isinstance(instrument, str) else instrument.code
    try:
        found = catalog.get_instrument(code)
    except UnknownInstrument:
        raise ValidationError({"instrument": f"Unknown questionnaire {code!r}."}) from None
    if not found.available:
        raise ValidationError(
            {
                "instrument": f"{found.short_name} is licensed and its wording is not loaded "
                "here, so its answers cannot be recorded."
            }
        )
    return found


@transaction.atomic
def record_client_assessment(
    actor: Actor,
    client: Client,
    instrument: Instrument | str,
    responses: Sequence[int | None],
    extras: Mapping[str, int | None] | None = None,
    *,
    source: str = Source.CLINICIAN,
    taken_at: datetime | None = None,
    link: MeasureLink | None = None,
    detail: str = "",
) -> Assessment:
    """Score and store a questionnaire on a client's record: the one way for the clinician's
    page, the API, the pre-session link and the FHIR import, with the same rules for each.

    Only the client's own clinician records one (an admin's break-glass grant is for reading),
    or the client through their link; a licensed instrument needs its wording loaded. Raises
    PermissionDenied, ValidationError naming the field, or instruments.ResponseError.
    """
    if not _may_record(actor, client, link):
        raise PermissionDenied("Only the client's clinician can record a questionnaire.")
    definition = _available(instrument)
    assessment = record_assessment(
        definition,
        responses,
        extras=extras,
        source=source,
        taken_at=taken_at,
        actor=actor,
        client=client,
        recorded_by=actor.user if link is None else None,
    )
    record(Action.CREATE, actor=actor, obj=assessment, client_id=client.pk, detail=detail)
    return assessment
