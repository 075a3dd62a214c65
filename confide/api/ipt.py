"""IPT formulation and plan suggestions (staff, token auth; API.md 'IPT and interoperability').

Same access rules as the pages: 404 for a client who is not yours, 403 for staff who may see
the client but not the clinical record (intake; an admin without break-glass).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Router, Schema

from confide.api.auth import api_actor, token_auth
from confide.audit.actor import Actor
from confide.audit.models import Action
from confide.ipt import actions, modalities, safety
from confide.ipt.models import Adjunct, Formulation

router = Router(auth=token_auth, tags=["ipt"])


class AreaSuggestionOut(Schema):
    area: str
    label: str
    evidence: list[str]
    source: str
    last_resort: bool
    stage_hint: str


class VersionOut(Schema):
    version: int
    accepted_on: date | None
    created_by: str
    created_at: datetime


class FormulationOut(Schema):
    version: int
    areas: list[str]
    dispute_stage: str
    text: str
    focus: str
    sessions: int
    weeks: int
    course: str
    accepted_on: date | None
    accepted_by: str | None
    created_by: str
    created_at: datetime
    locked: bool


class FormulationDoc(Schema):
    client: UUID
    current: FormulationOut | None
    versions: list[VersionOut]
    suggested_areas: list[AreaSuggestionOut]


class FormulationIn(Schema):
    areas: list[str] = Field(min_length=1)
    dispute_stage: str = ""
    text: str = Field(min_length=1, max_length=20000)
    focus: str = Field(min_length=1, max_length=2000)
    sessions: int | None = Field(None, ge=8, le=20)
    weeks: int = Field(ge=8, le=26)
    course: str | None = None
    accepted_on: date | None = Field(
        None, description="The date the client explicitly accepted it: locks this version."
    )


class SuggestionOut(Schema):
    code: str
    label: str
    rationale: list[str]
    cautions: list[str]
    source: str
    strength: int
    decision: str | None
    reason: str | None


class RuleOut(Schema):
    code: str
    label: str
    when: str
    source: str


class OpenAlertOut(Schema):
    id: UUID
    created_at: datetime
    instrument: str
    source: str


class CautionOut(Schema):
    key: str
    label: str
    text: str
    now: str = Field(description="This client's evidence that it needs checking now, or ''.")


class SuggestionsDoc(Schema):
    client: UUID
    open_alerts: list[OpenAlertOut] = Field(
        description="Open risk alerts for this client: read these before any suggestion."
    )
    cautions: list[CautionOut] = Field(
        description="The course's published exclusions to check first (IPT-A); else empty."
    )
    cautions_source: str
    population: str
    scores: dict[str, int | None]
    areas: list[str]
    indicators: list[str]
    pcl5_cutoff: int
    suggestions: list[SuggestionOut]
    rules: list[RuleOut]


def _username(user: Any) -> str:
    return getattr(user, "username", "") or ""


def _formulation_out(f: Formulation) -> dict[str, Any]:
    return {
        **{
            k: getattr(f, k)
            for k in (
                "version",
                "areas",
                "dispute_stage",
                "text",
                "focus",
                "sessions",
                "weeks",
                "course",
                "accepted_on",
                "created_at",
                "locked",
            )
        },
        "accepted_by": _username(f.accepted_by) or None,
        "created_by": _username(f.created_by),
    }


def _doc(actor: Actor, client: Any) -> dict[str, Any]:
    versions = list(client.ipt_formulations.select_related("created_by", "accepted_by"))
    current = versions[0] if versions else None
    if current is not None:
        actions.audit_reads(actor, [current], client)
    return {
        "client": client.pk,
        "current": _formulation_out(current) if current else None,
        "versions": [
            {
                "version": v.version,
                "accepted_on": v.accepted_on,
                "created_by": _username(v.created_by),
                "created_at": v.created_at,
            }
            for v in versions
        ],
        "suggested_areas": [
            {**s.__dict__, "evidence": list(s.evidence)} for s in actions.area_suggestions(client)
        ],
    }


@router.get(
    "/clients/{client_id}/formulation", response=FormulationDoc, summary="A client's formulation"
)
def get_formulation(request: HttpRequest, client_id: UUID) -> dict[str, Any]:
    actor = api_actor(request)
    return _doc(actor, actions.clinical_client(actor, client_id))


@router.put(
    "/clients/{client_id}/formulation",
    response=FormulationDoc,
    summary="Write the formulation (a new version once accepted)",
)
def put_formulation(request: HttpRequest, client_id: UUID, payload: FormulationIn) -> dict:
    actor = api_actor(request)
    client = actions.clinical_client(actor, client_id, action=Action.UPDATE)
    formulation = actions.save_formulation(actor, client, payload.dict())
    if payload.accepted_on is not None:
        actions.accept_formulation(actor, client, formulation, payload.accepted_on)
    return _doc(actor, client)


@router.get(
    "/clients/{client_id}/plan/suggestions",
    response=SuggestionsDoc,
    summary="Adjunct modalities suggested for this client, with reasons and cautions",
)
def plan_suggestions(request: HttpRequest, client_id: UUID) -> dict[str, Any]:
    actor = api_actor(request)
    client = actions.clinical_client(actor, client_id)
    profile, suggestions = actions.modality_suggestions(client)
    decided = {a.modality: a for a in Adjunct.objects.filter(plan__client=client)}
    actions.audit_reads(actor, list(decided.values()), client)
    first = safety.panel(actor.user, client, actions.course_for(client))
    return {
        "client": client.pk,
        "open_alerts": [
            {
                "id": row["alert"].pk,
                "created_at": row["alert"].created_at,
                "instrument": row["alert"].assessment.instrument,
                "source": row["alert"].assessment.source,
            }
            for row in first["alerts"]
        ],
        "cautions": [
            {
                "key": c.caution.key,
                "label": c.caution.label,
                "text": c.caution.text,
                "now": c.now,
            }
            for c in first["cautions"]
        ],
        "cautions_source": first["cautions_source"] if first["cautions"] else "",
        "population": profile.population,
        "scores": dict(profile.scores),
        "areas": sorted(profile.areas),
        "indicators": sorted(profile.indicators),
        "pcl5_cutoff": profile.pcl5_cutoff or modalities.pcl5_cutoff_default(),
        "suggestions": [
            {
                "code": s.code,
                "label": s.label,
                "rationale": list(s.rationale),
                "cautions": list(s.cautions),
                "source": s.source,
                "strength": s.strength,
                "decision": decided[s.code].decision if s.code in decided else None,
                "reason": decided[s.code].reason if s.code in decided else None,
            }
            for s in suggestions
        ],
        "rules": [
            {"code": r.code, "label": r.label, "when": r.when, "source": r.source}
            for r in modalities.RULES
        ],
    }
