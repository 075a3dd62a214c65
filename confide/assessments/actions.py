"""The one way an answered questionnaire becomes a stored, scored Assessment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.utils import timezone

from confide import instruments
from confide.assessments.catalog import cutoffs
from confide.assessments.models import Assessment


def score_responses(
    instrument: instruments.Instrument,
    responses: Sequence[int | None],
    extras: Mapping[str, int | None] | None = None,
) -> instruments.Result:
    """Score with the practice's settings; raises instruments.ResponseError on bad input."""
    return instruments.score(instrument, responses, extras=extras, cutoffs=cutoffs())


def record_assessment(
    instrument: instruments.Instrument,
    responses: Sequence[int | None],
    *,
    source: str,
    extras: Mapping[str, int | None] | None = None,
    taken_at: datetime | None = None,
    **links: Any,
) -> Assessment:
    """Score the answers and store them with their result."""
    result = score_responses(instrument, responses, extras)
    assessment = Assessment.objects.create(
        instrument=instrument.code,
        responses=list(responses),
        extras=dict(extras or {}),
        total=result.total,
        raw_total=result.raw_total,
        max_total=result.max_total,
        severity=result.severity or "",
        flags=list(result.flags),
        risk="risk" in result.flags,
        risk_unanswered="risk_unanswered" in result.flags,
        prorated=result.prorated,
        scorable=result.scorable,
        subscales=dict(result.subscales),
        source=source,
        taken_at=taken_at or timezone.now(),
        **links,
    )
    # Whatever the source, a positive safety answer on a client's record raises an alert.
    from confide.outcomes.actions import on_assessment_recorded

    on_assessment_recorded(assessment)
    return assessment
