"""API routes for outcomes (see shared/design/API.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

from confide.api.auth import api_actor, token_auth
from confide.outcomes import summary
from confide.practice import access

router = Router(auth=token_auth, tags=["outcomes"])


class PointOut(Schema):
    session: int
    taken_at: datetime
    total: int
    band: str
    risk: bool
    risk_unanswered: bool  # the safety question was left unanswered
    source: str


class RuleOut(Schema):
    text: str
    source: str


class SeriesOut(Schema):
    instrument: str
    name: str
    points: list[PointOut]
    baseline: int
    latest: int
    change: int
    reliable_change: (
        str  # reliable_improvement | reliable_deterioration | no_reliable_change | no_rule
    )
    reliable_change_rule: RuleOut
    response: bool | None
    remission: bool | None


class CourseOut(Schema):
    caseness_at_start: bool | None
    caseness_at_end: bool | None
    recovery: bool | None
    reliable_improvement: bool
    reliable_deterioration: bool
    reliable_recovery: bool | None


class TrackOut(Schema):
    level: str
    reasons: list[str]


class AlertOut(Schema):
    id: UUID
    created_at: datetime
    instrument: str
    source: str
    acknowledged_at: datetime | None
    action_taken: str


class OutcomesOut(Schema):
    client: UUID
    series: list[SeriesOut]
    course: CourseOut
    not_on_track: TrackOut
    alerts: list[AlertOut]


@router.get(
    "/clients/{client_id}/outcomes",
    response=OutcomesOut,
    summary="A client's outcomes: series per instrument with change, reliable change, "
    "response, remission, recovery, and risk alerts",
)
def client_outcomes(request: HttpRequest, client_id: str) -> dict[str, Any]:
    # 404 when not visible at all; 403 when visible but not clinical (intake, admin).
    client = access.clinical_client_for(api_actor(request), client_id, what="Outcomes")
    outcome = summary.outcome_for(client, bands=summary.practice_bands())
    alerts = client.risk_alerts.select_related("assessment").order_by("-created_at")
    return {
        "client": client.pk,
        "series": [
            {
                "instrument": s.code,
                "name": s.name,
                "points": [p.__dict__ for p in s.points],
                "baseline": s.stats.baseline,
                "latest": s.stats.latest,
                "change": s.stats.change,
                "reliable_change": str(s.stats.reliable),
                "reliable_change_rule": {"text": s.stats.rule.text, "source": s.stats.rule.source},
                "response": s.stats.response,
                "remission": s.stats.remission,
            }
            for s in outcome.series
        ],
        "course": {
            "caseness_at_start": outcome.course.caseness_at_start,
            "caseness_at_end": outcome.course.caseness_at_end,
            "recovery": outcome.course.recovered,
            "reliable_improvement": outcome.course.reliable_improvement,
            "reliable_deterioration": outcome.course.reliable_deterioration,
            "reliable_recovery": outcome.course.reliable_recovery,
        },
        "not_on_track": {
            "level": str(outcome.track.level),
            "reasons": list(outcome.track.reasons),
        },
        "alerts": [
            {
                "id": a.pk,
                "created_at": a.created_at,
                "instrument": a.assessment.instrument,
                "source": a.assessment.source,
                "acknowledged_at": a.acknowledged_at,
                "action_taken": a.action_taken,
            }
            for a in alerts
        ],
    }
