"""The one way an answered questionnaire becomes a stored, scored Assessment.

`record_assessment` scores and stores; it checks no permission, so it is called only by the
actions that do (outcomes' `record_client_assessment` for every door to a client's record,
screening's `keep_screening` for the anonymous check) and by the demo. When the assessment is
a client's, `assessment_stored` tells whoever listens (outcomes: risk alerts, the course).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from confide import instruments
from confide.assessments.catalog import cutoffs
from confide.assessments.models import Assessment
from confide.assessments.signals import assessment_stored
from confide.audit.actor import Actor


def score_responses(
    instrument: instruments.Instrument,
    responses: Sequence[int | None],
    extras: Mapping[str, int | None] | None = None,
) -> instruments.Result:
    """Score with the practice's settings; raises instruments.ResponseError on bad input."""
    return instruments.score(instrument, responses, extras=extras, cutoffs=cutoffs())


@transaction.atomic
def record_assessment(
    instrument: instruments.Instrument,
    responses: Sequence[int | None],
    *,
    source: str,
    extras: Mapping[str, int | None] | None = None,
    taken_at: datetime | None = None,
    actor: Actor | None = None,
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
    if assessment.client_id is not None:
        assessment_stored.send(Assessment, assessment=assessment, actor=actor)
    return assessment


@transaction.atomic
def attach_screening(actor: Actor, kept_screening: Any, client: Any) -> list[Assessment]:
    """Make a kept public check part of a new client's record (their baseline scores).

    Whoever takes the request on checks who may (see intake's `accept_request`).
    """
    found = list(Assessment.objects.filter(kept_screening=kept_screening, client__isnull=True))
    for assessment in found:
        assessment.client = client
        assessment.save(update_fields=["client"])
        assessment_stored.send(Assessment, assessment=assessment, actor=actor)
    return found
