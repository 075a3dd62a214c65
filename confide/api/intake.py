"""Consultation requests (API.md 'Intake'): the public form's twin, intake's queue, matches."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from confide.api.auth import api_actor, token_auth
from confide.audit.actor import Actor
from confide.audit.log import record, record_many
from confide.audit.models import Action
from confide.core.ratelimit import retry_after
from confide.intake import actions, ranking
from confide.intake.forms import RequestForm
from confide.intake.models import ConsultationRequest
from confide.practice.access import may_triage

router = Router(auth=token_auth, tags=["intake"])

LIST_SIZE = 200


class RequestIn(Schema):
    first_name: str
    last_name: str
    email: str = ""
    phone: str = ""
    preferred_contact: str
    for_whom: str
    their_first_name: str = ""
    their_last_name: str = ""
    age_group: str
    date_of_birth: date | None = None
    concerns: list[str]
    details: str = ""
    format: str = "either"
    location: str | None = Field(None, description="A location slug, or null for either.")
    languages: list[str] = Field([], description="Language slugs.")
    days: list[int] = Field(description="Weekdays that suit, 0 = Monday.")
    day_parts: list[str] = Field(description="morning, afternoon and/or evening.")
    code: str = Field("", description="The one-time code from the symptom check, if kept.")
    consent: bool


class RequestCreated(Schema):
    id: UUID
    status: str


class RequestOut(Schema):
    id: UUID
    status: str
    close_reason: str
    created_at: datetime
    urgent: bool
    urgent_reasons: list[str]
    severity: int
    name: str
    for_whom: str
    age_group: str
    concerns: list[str]
    format: str
    has_screening: bool


class OpeningOut(Schema):
    start: datetime
    end: datetime
    format: str
    location: str | None


class MatchOut(Schema):
    clinician: UUID
    name: str
    score: float
    reasons: list[str]
    summary: str
    first_opening: OpeningOut | None


class ExcludedOut(Schema):
    clinician: UUID
    name: str
    reasons: list[str]


class MatchesOut(Schema):
    matches: list[MatchOut]
    excluded: list[ExcludedOut]


LIST_FIELDS = ("concerns", "languages", "days", "day_parts")


def _form_data(payload: RequestIn) -> MultiValueDict:
    """The JSON body as the form's POST data, so that both doors validate the same way."""
    body = payload.dict()
    data: MultiValueDict[str, str] = MultiValueDict()
    for name, value in body.items():
        if name in LIST_FIELDS:
            data.setlist(name, [str(v) for v in value])
        elif name == "consent":
            data[name] = "on" if value else ""
        elif isinstance(value, date):
            data[name] = value.isoformat()
        else:
            data[name] = "" if value is None else str(value)
    return data


@router.post(
    "/consultation-requests",
    auth=None,
    response={201: RequestCreated, 422: dict, 429: dict},
    summary="Ask for a consultation (public, rate limited)",
)
def create_request(request: HttpRequest, payload: RequestIn) -> Status[dict[str, Any]]:
    limit, window = settings.CONFIDE_REQUEST_LIMIT, settings.CONFIDE_REQUEST_WINDOW_SECONDS
    if retry_after(request, "consultation-request-api", limit, window):
        raise HttpError(429, "Too many requests. Please try again later.")
    form = RequestForm(_form_data(payload))
    if not form.is_valid():
        raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
    cr = actions.submit_request(api_actor(request), form.cleaned_data)
    return Status(201, {"id": cr.pk, "status": cr.status})


def _intake_only(request: HttpRequest) -> Actor:
    actor = api_actor(request)
    if not may_triage(actor.user):
        raise PermissionDenied("Only intake or an admin see consultation requests.")
    return actor


@router.get(
    "/consultation-requests", response=list[RequestOut], summary="The intake queue, urgent first"
)
def list_requests(request: HttpRequest, status: str = "open") -> list[dict[str, Any]]:
    actor = _intake_only(request)
    found = ConsultationRequest.objects.all()
    if status == "open":
        found = found.open()
    elif status != "all":
        found = found.filter(status=status)
    rows = list(found.queue_order()[:LIST_SIZE])
    record_many(Action.READ, rows, actor=actor)
    return [
        {
            "id": r.pk,
            "status": r.status,
            "close_reason": r.close_reason,
            "created_at": r.created_at,
            "urgent": r.urgent,
            "urgent_reasons": r.urgent_reasons,
            "severity": r.severity,
            "name": r.requester_name,
            "for_whom": r.for_whom,
            "age_group": r.age_group,
            "concerns": r.concerns,
            "format": r.format,
            "has_screening": r.kept_screening_id is not None,
        }
        for r in rows
    ]


@router.get(
    "/consultation-requests/{request_id}/matches",
    response=MatchesOut,
    summary="Clinicians ranked for a request, each with its reasons",
)
def request_matches(request: HttpRequest, request_id: UUID) -> dict[str, Any]:
    actor = _intake_only(request)
    try:
        cr = ConsultationRequest.objects.select_related("location").get(pk=request_id)
    except ConsultationRequest.DoesNotExist:
        raise Http404("No such request.") from None
    record(Action.READ, actor=actor, obj=cr, detail="Matches")
    matches, excluded = ranking.matches_for(cr)
    return {
        "matches": [ranking.match_dict(m) for m in matches],
        "excluded": [
            {"clinician": e.clinician_id, "name": e.name, "reasons": list(e.reasons)}
            for e in excluded
        ],
    }
