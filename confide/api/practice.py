"""Clinicians, clients and their assessments (staff, token auth; API.md 'The practice')."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import StrictInt

from confide.api.auth import staff_actor, token_auth
from confide.assessments.models import Source
from confide.audit.actor import Actor
from confide.audit.log import record_many
from confide.audit.models import Action
from confide.outcomes.actions import record_client_assessment
from confide.practice import access, actions
from confide.practice.models import Client, ClientStatus, Clinician

router = Router(auth=token_auth, tags=["practice"])


# --- clinicians ------------------------------------------------------------------------


class ClinicianOut(Schema):
    id: UUID
    first_name: str
    last_name: str
    credentials: str
    display_name: str
    bio: str
    populations: list[str]
    problem_areas: list[str]
    modalities: list[str]
    languages: list[str]
    locations: list[str]
    formats: list[str]
    accepting_new_clients: bool
    caseload_limit: int
    active: bool


class ClinicianIn(Schema):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    credentials: str = Field("", max_length=100)
    bio: str = ""
    populations: list[str] = []
    problem_areas: list[str] = []
    modalities: list[str] = []
    languages: list[str] = []
    locations: list[str] = []
    offers_virtual: bool = True
    offers_in_person: bool = True
    accepting_new_clients: bool = True
    caseload_limit: int = Field(25, ge=0, le=500)


class ClinicianPatch(Schema):
    first_name: str | None = Field(None, min_length=1, max_length=100)
    last_name: str | None = Field(None, min_length=1, max_length=100)
    credentials: str | None = Field(None, max_length=100)
    bio: str | None = None
    populations: list[str] | None = None
    problem_areas: list[str] | None = None
    modalities: list[str] | None = None
    languages: list[str] | None = None
    locations: list[str] | None = None
    offers_virtual: bool | None = None
    offers_in_person: bool | None = None
    accepting_new_clients: bool | None = None
    caseload_limit: int | None = Field(None, ge=0, le=500)
    active: bool | None = None


TAGS = actions.TAGS


def _clinician_out(c: Clinician) -> dict[str, Any]:
    return {
        **{f: getattr(c, f) for f in ("id", "first_name", "last_name", "credentials", "bio")},
        "display_name": c.display_name,
        **{name: [t.slug for t in getattr(c, name).all()] for name in TAGS},
        "formats": c.formats,
        "accepting_new_clients": c.accepting_new_clients,
        "caseload_limit": c.caseload_limit,
        "active": c.active,
    }


def _with_tags(data: dict[str, Any]) -> dict[str, Any]:
    """The body as the action takes it: tag slugs resolved to rows (422 naming an unknown)."""
    return {**data, **actions.tags_from_slugs(data)}


@router.get("/clinicians", response=list[ClinicianOut], summary="List clinicians")
def list_clinicians(request: HttpRequest) -> list[dict[str, Any]]:
    staff_actor(request)
    return [_clinician_out(c) for c in Clinician.objects.with_profile()]


@router.get("/clinicians/{clinician_id}", response=ClinicianOut, summary="A clinician")
def get_clinician(request: HttpRequest, clinician_id: UUID) -> dict[str, Any]:
    staff_actor(request)
    return _clinician_out(get_object_or_404(Clinician.objects.with_profile(), pk=clinician_id))


@router.post("/clinicians", response={201: ClinicianOut}, summary="Add a clinician")
def create_clinician(request: HttpRequest, payload: ClinicianIn) -> Status:
    actor = staff_actor(request)
    clinician = actions.create_clinician(actor, _with_tags(payload.dict()))
    return Status(201, _clinician_out(Clinician.objects.with_profile().get(pk=clinician.pk)))


@router.patch("/clinicians/{clinician_id}", response=ClinicianOut, summary="Change a clinician")
def patch_clinician(
    request: HttpRequest, clinician_id: UUID, payload: ClinicianPatch
) -> dict[str, Any]:
    actor = staff_actor(request)
    clinician = get_object_or_404(Clinician, pk=clinician_id)
    actions.update_clinician(actor, clinician, _with_tags(payload.dict(exclude_unset=True)))
    return _clinician_out(Clinician.objects.with_profile().get(pk=clinician.pk))


# --- clients ---------------------------------------------------------------------------


class ClientOut(Schema):
    id: UUID
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: date
    age: int
    population: str
    perinatal: bool
    email: str
    phone: str
    preferred_contact: str
    emergency_contact_name: str
    emergency_contact_phone: str
    emergency_contact_relationship: str
    guardian_name: str
    guardian_phone: str
    guardian_email: str
    status: str
    clinicians: list[UUID]
    created_at: datetime


class ClientIn(Schema):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    preferred_name: str = ""
    date_of_birth: date
    perinatal: bool = False
    email: str = ""
    phone: str = ""
    preferred_contact: str = "phone"
    emergency_contact_name: str = ""
    emergency_contact_phone: str = ""
    emergency_contact_relationship: str = ""
    guardian_name: str = ""
    guardian_phone: str = ""
    guardian_email: str = ""
    status: ClientStatus = ClientStatus.WAITING
    clinicians: list[UUID] = []


class ClientPatch(Schema):
    first_name: str | None = Field(None, min_length=1, max_length=100)
    last_name: str | None = Field(None, min_length=1, max_length=100)
    preferred_name: str | None = None
    date_of_birth: date | None = None
    perinatal: bool | None = None
    email: str | None = None
    phone: str | None = None
    preferred_contact: str | None = None
    emergency_contact_name: str | None = None
    emergency_contact_phone: str | None = None
    emergency_contact_relationship: str | None = None
    guardian_name: str | None = None
    guardian_phone: str | None = None
    guardian_email: str | None = None
    status: ClientStatus | None = None


def _client_out(c: Client) -> dict[str, Any]:
    data = {name: getattr(c, name) for name in ClientOut.model_fields if hasattr(c, name)}
    data["clinicians"] = [a.clinician_id for a in c.assignments.all()]
    return data


@router.get("/clients", response=list[ClientOut], summary="List the clients you may see")
@paginate(LimitOffsetPagination)
def list_clients(request: HttpRequest) -> Any:
    return ClientsAudited(staff_actor(request))


class ClientsAudited:
    """A sliceable list that audits exactly the page of clients it returns."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.queryset = Client.objects.visible_to(actor.user).prefetch_related("assignments")

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        page = list(self.queryset[index])
        record_many(Action.READ, page, actor=self.actor, client_of=lambda c: c.pk)
        return [_client_out(c) for c in page]


@router.get("/clients/{client_id}", response=ClientOut, summary="A client")
def get_client(request: HttpRequest, client_id: str) -> dict[str, Any]:
    return _client_out(access.client_for(staff_actor(request), client_id))


@router.post("/clients", response={201: ClientOut}, summary="Add a client")
def post_client(request: HttpRequest, payload: ClientIn) -> Status:
    actor = staff_actor(request)
    data = payload.dict()
    clinician_ids = data.pop("clinicians")
    clinicians = list(Clinician.objects.filter(pk__in=clinician_ids))
    if len(clinicians) != len(set(clinician_ids)):
        raise ValidationError({"clinicians": "Unknown clinician id."})
    client = actions.create_client(actor, data, clinicians=clinicians)
    return Status(201, _client_out(client))


@router.patch("/clients/{client_id}", response=ClientOut, summary="Change a client")
def patch_client(request: HttpRequest, client_id: str, payload: ClientPatch) -> dict[str, Any]:
    actor = staff_actor(request)
    client = access.client_for(actor, client_id)
    actions.update_client(actor, client, payload.dict(exclude_unset=True))
    return _client_out(client)


# --- assessments -----------------------------------------------------------------------


class AssessmentIn(Schema):
    instrument: str
    responses: list[StrictInt | None]
    extras: dict[str, StrictInt | None] | None = None
    taken_at: datetime | None = None


class AssessmentOut(Schema):
    id: UUID
    instrument: str
    total: int | None
    max_total: int
    severity: str | None
    flags: list[str]
    prorated: bool
    scorable: bool
    subscales: dict[str, int]
    source: str
    taken_at: datetime


SCORES = "Scores"


@router.get(
    "/clients/{client_id}/assessments",
    response=list[AssessmentOut],
    summary="A client's scored questionnaires",
)
def list_assessments(request: HttpRequest, client_id: str) -> Any:
    client = access.clinical_client_for(staff_actor(request), client_id, what=SCORES)
    return [
        {**a.__dict__, "severity": a.severity or None}
        for a in client.assessments.order_by("taken_at")
    ]


@router.post(
    "/clients/{client_id}/assessments",
    response={201: AssessmentOut},
    summary="Record a scored questionnaire",
)
def post_assessment(request: HttpRequest, client_id: str, payload: AssessmentIn) -> Status:
    actor = staff_actor(request)
    client = access.clinical_client_for(actor, client_id, what=SCORES)
    assessment = record_client_assessment(
        actor,
        client,
        payload.instrument,
        payload.responses,
        extras=payload.extras,
        taken_at=payload.taken_at,
        source=Source.API,
    )
    return Status(201, {**assessment.__dict__, "severity": assessment.severity or None})
