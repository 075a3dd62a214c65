"""Changes the public check makes: anonymous counts, a result kept at the person's request,
and a kept result claimed by the consultation request that brings it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from confide.assessments.actions import record_assessment
from confide.assessments.models import Source
from confide.audit.actor import Actor
from confide.instruments import Instrument, Result
from confide.screening.models import KeptScreening, ScreeningTally, hash_code, new_code

# One answered questionnaire: the instrument, its item answers and any extra answers.
Answered = tuple[Instrument, Sequence[int | None], Mapping[str, int | None]]


def count_results(results: Iterable[tuple[Instrument, Result]]) -> None:
    """Keep only anonymous counts of a finished check: instrument, band and week."""
    today = timezone.localdate()
    week = today - timedelta(days=today.weekday())
    for instrument, result in results:
        severity = result.severity or "not_scorable"
        tally, _ = ScreeningTally.objects.get_or_create(
            instrument=instrument.code, severity=severity, week=week
        )
        ScreeningTally.objects.filter(pk=tally.pk).update(count=F("count") + 1)


@transaction.atomic
def keep_screening(
    actor: Actor, audience: str, answered: Iterable[Answered]
) -> tuple[str, KeptScreening]:
    """Store a result under a one-time code the person can give with a consultation request.

    Only the code's hash is stored; the code itself is returned once, to be shown.
    """
    code = new_code()
    kept = KeptScreening.objects.create(
        code_hash=hash_code(code),
        audience=audience,
        expires_at=timezone.now() + timedelta(days=settings.CONFIDE_KEPT_RESULT_DAYS),
    )
    for instrument, responses, extras in answered:
        record_assessment(
            instrument,
            responses,
            extras=extras,
            source=Source.PUBLIC_CHECK,
            actor=actor,
            kept_screening=kept,
        )
    return code, kept


def claim_screening(kept: KeptScreening) -> None:
    """Claim a kept result for the request that brings its code, once.

    A conditional update: two requests sent with one code at once claim it once; the loser
    gets a ValidationError on `code`.
    """
    claimed = KeptScreening.objects.filter(
        pk=kept.pk, claimed_at__isnull=True, expires_at__gt=timezone.now()
    ).update(claimed_at=timezone.now())
    if not claimed:
        raise ValidationError({"code": "This code has already been used."})
