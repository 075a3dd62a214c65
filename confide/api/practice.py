"""Clinicians, clients and their assessments (staff, token auth; API.md 'The practice')."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import StrictInt

from confide.accounts.models import Role
from confide.api.auth import token_auth
from confide.assessments import catalog
from confide.assessments.actions import record_assessment
from confide.assessments.models import Source
from confide.audit.log import record, record_many
from confide.audit.models import Action
from confide.instruments import UnknownInstrument
from confide.practice import access
from confide.practice.actions import create_client, update_client
from confide.practice.models import (
    Client,
    ClientStatus,
    Clinician,
    Language,
    Location,
    Modality,
    Population,
    ProblemArea,
)

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


TAGS = {
    "populations": Population,
    "problem_areas": ProblemArea,
    "modalities": Modality,
    "languages": Language,
    "locations": Location,
}


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


def _staff(request: HttpRequest) -> str:
    role = access.role_of(request.auth)
    if role not in (Role.ADMIN, Role.INTAKE, Role.CLINICIAN):
        raise HttpError(403, "Staff only.")
    return role


def _set_tags(clinician: Clinician, data: dict[str, Any]) -> None:
    """Resolve slugs to rows; an unknown slug is a 422 naming the field and the slug."""
    for name, model in TAGS.items():
        slugs = data.get(name)
        if slugs is None:
            continue
        rows = list(model.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {r.slug for r in rows})
        if unknown:
            raise ValidationError({name: f"Unknown value(s): {', '.join(unknown)}."})
        getattr(clinician, name).set(rows)


@router.get("/clinicians", response=list[ClinicianOut], summary="List clinicians")
def list_clinicians(request: HttpRequest) -> list[dict[str, Any]]:
    _staff(request)
    return [_clinician_out(c) for c in Clinician.objects.with_profile()]


@router.get("/clinicians/{clinician_id}", response=ClinicianOut, summary="A clinician")
def get_clinician(request: HttpRequest, clinician_id: UUID) -> dict[str, Any]:
    _staff(request)
    return _clinician_out(get_object_or_404(Clinician.objects.with_profile(), pk=clinician_id))


@router.post("/clinicians", response={201: ClinicianOut}, summary="Add a clinician")
def create_clinician(request: HttpRequest, payload: ClinicianIn) -> Status:
    if _staff(request) != Role.ADMIN:
        raise HttpError(403, "Only a practice admin can add clinicians.")
    data = payload.dict()
    fields = {k: v for k, v in data.items() if k not in TAGS}
    clinician = Clinician.objects.create(**fields)
    _set_tags(clinician, data)
    record(Action.CREATE, request=request, actor=request.auth, obj=clinician, via="api")
    return Status(201, _clinician_out(clinician))


@router.patch("/clinicians/{clinician_id}", response=ClinicianOut, summary="Change a clinician")
def patch_clinician(
    request: HttpRequest, clinician_id: UUID, payload: ClinicianPatch
) -> dict[str, Any]:
    role = _staff(request)
    clinician = get_object_or_404(Clinician, pk=clinician_id)
    if role != Role.ADMIN and clinician.user_id != request.auth.pk:
        raise HttpError(403, "You can change only your own profile.")
    data = payload.dict(exclude_unset=True)
    if role != Role.ADMIN and ({"active", "caseload_limit"} & data.keys()):
        raise HttpError(403, "Only a practice admin can change that.")
    for name, value in data.items():
        if name not in TAGS:
            setattr(clinician, name, value)
    clinician.save()
    _set_tags(clinician, data)
    record(
        Action.UPDATE,
        request=request,
        actor=request.auth,
        obj=clinician,
        via="api",
        detail="Changed: " + ", ".join(sorted(data)),
    )
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


def _client(request: HttpRequest, client_id: str, action: str = Action.READ) -> Client:
    request.user = request.auth
    return access.client_for(request, client_id, via="api", action=action)


@router.get("/clients", response=list[ClientOut], summary="List the clients you may see")
@paginate(LimitOffsetPagination)
def list_clients(request: HttpRequest) -> Any:
    _staff(request)
    return ClientsAudited(request)


class ClientsAudited:
    """A sliceable list that audits exactly the page of clients it returns."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.queryset = Client.objects.visible_to(request.auth).prefetch_related("assignments")

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        page = list(self.queryset[index])
        record_many(
            Action.READ,
            page,
            request=self.request,
            actor=self.request.auth,
            via="api",
            client_of=lambda c: c.pk,
        )
        return [_client_out(c) for c in page]


@router.get("/clients/{client_id}", response=ClientOut, summary="A client")
def get_client(request: HttpRequest, client_id: str) -> dict[str, Any]:
    _staff(request)
    return _client_out(_client(request, client_id))


@router.post("/clients", response={201: ClientOut}, summary="Add a client")
def post_client(request: HttpRequest, payload: ClientIn) -> Status:
    _staff(request)
    request.user = request.auth
    data = payload.dict()
    clinician_ids = data.pop("clinicians")
    clinicians = list(Clinician.objects.filter(pk__in=clinician_ids))
    if len(clinicians) != len(set(clinician_ids)):
        raise ValidationError({"clinicians": "Unknown clinician id."})
    try:
        client = create_client(request, data, clinicians=clinicians, via="api")
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    return Status(201, _client_out(client))


@router.patch("/clients/{client_id}", response=ClientOut, summary="Change a client")
def patch_client(request: HttpRequest, client_id: str, payload: ClientPatch) -> dict[str, Any]:
    _staff(request)
    client = _client(request, client_id)
    if not access.may_change_client(request.auth, client):
        raise HttpError(403, "You cannot change this client.")
    update_client(request, client, payload.dict(exclude_unset=True), via="api")
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


def _clinical_client(request: HttpRequest, client_id: str) -> Client:
    client = _client(request, client_id)
    if not access.may_read_clinical(request.auth, client):
        raise HttpError(403, "Scores are visible only to the client's clinicians.")
    return client


@router.get(
    "/clients/{client_id}/assessments",
    response=list[AssessmentOut],
    summary="A client's scored questionnaires",
)
def list_assessments(request: HttpRequest, client_id: str) -> Any:
    _staff(request)
    client = _clinical_client(request, client_id)
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
    _staff(request)
    client = _clinical_client(request, client_id)
    try:
        instrument = catalog.get_instrument(payload.instrument)
    except UnknownInstrument:
        raise ValidationError(
            {"instrument": f"Unknown instrument {payload.instrument!r}."}
        ) from None
    assessment = record_assessment(
        instrument,
        payload.responses,
        extras=payload.extras,
        source=Source.API,
        taken_at=payload.taken_at,
        client=client,
        recorded_by=request.auth,
    )
    record(Action.CREATE, request=request, obj=assessment, client_id=client.pk, via="api")
    return Status(201, {**assessment.__dict__, "severity": assessment.severity or None})
