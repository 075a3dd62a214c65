"""Good Faith Estimates drafted from the course of treatment, and the $400 watch.

The course comes from the accepted IPT formulation (its number of sessions and kind of course);
before there is one, from the usual course for the client's population (standard IPT: 12 of
12-16 sessions; IPT-A: 12; brief IPT: 8). The figures are `estimate.course_figures`; the
deadline is `deadlines.deadline`. Only the actions in actions.py write estimates.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone

from confide.billing import codes, estimate
from confide.billing.models import (
    GFE_COVERAGE,
    BillingAccount,
    Charge,
    ChargeStatus,
    Estimate,
    EstimateStatus,
    PracticeBilling,
    Service,
)
from confide.billing.pricing import fee_for, place_and_modifiers
from confide.ipt import course as ipt_course
from confide.practice.models import Client, Clinician

logger = logging.getLogger(__name__)

COURSE_SPAN = {
    ipt_course.STANDARD: (ipt_course.MIN_SESSIONS, ipt_course.MAX_SESSIONS),
    ipt_course.IPT_A: (12, 12),
    ipt_course.BRIEF: (8, 8),
}
PERIOD = timedelta(days=365)  # a recurring course's estimate covers up to 12 months


@dataclass(frozen=True)
class Basis:
    label: str
    sessions: int
    fewest: int
    most: int
    formulation_version: int | None


def needs_estimates(client: Client) -> bool:
    """Self-pay and uninsured clients are owed Good Faith Estimates (self-pay is the default)."""
    account = BillingAccount.objects.filter(client=client).first()
    return account is None or account.coverage in GFE_COVERAGE


def course_basis(client: Client) -> Basis:
    from confide.ipt.actions import accepted_formulation, population_of
    from confide.ipt.models import Plan

    formulation = accepted_formulation(client)
    if formulation is not None:
        kind, sessions, version = formulation.course, formulation.sessions, formulation.version
    else:
        population = population_of(client, Plan.objects.filter(client=client).first())
        kind = ipt_course.course_kind_for(population)
        sessions, version = COURSE_SPAN[kind][0], None
    fewest, most = COURSE_SPAN.get(kind, (sessions, sessions))
    label = f"Interpersonal Psychotherapy: {ipt_course.COURSE_LABELS.get(kind, kind)}"
    return Basis(label, sessions, fewest, most, version)


def _line(service: Service, clinician: Clinician, fmt: str) -> estimate.LineIn:
    place, mods = place_and_modifiers(fmt, service)
    return estimate.LineIn(
        code=service.code,
        description=service.name,
        unit_fee=fee_for(service, clinician),
        quantity=1,
        modifiers=tuple(mods),
        place_of_service=place,
    )


def figures_for(client: Client, clinician: Clinician, basis: Basis, fmt: str) -> estimate.Figures:
    session_code = PracticeBilling.current().session_code
    found = {s.code: s for s in Service.objects.filter(code__in=[codes.INTAKE, session_code])}
    for needed in (codes.INTAKE, session_code):
        if needed not in found:
            raise ValidationError(
                {"code": f"Add {needed} to the fee schedule before drafting an estimate."}
            )
    had_intake = (
        Charge.objects.filter(client=client, clinician=clinician, code=codes.INTAKE)
        .exclude(status=ChargeStatus.VOID)
        .exists()
    )
    return estimate.course_figures(
        intake=None if had_intake else _line(found[codes.INTAKE], clinician, fmt),
        session=_line(found[session_code], clinician, fmt),
        sessions=basis.sessions,
        fewest=basis.fewest,
        most=basis.most,
    )


def current_diagnoses(client: Client) -> list[dict[str, str]]:
    return [
        {"code": d.code, "description": d.description, "primary": d.primary}
        for d in client.diagnoses.current()
    ]


def next_session_on(client: Client, clinician: Clinician) -> date | None:
    from confide.scheduling.models import Appointment

    appt = (
        Appointment.objects.live()
        .filter(client=client, clinician=clinician, start__gt=timezone.now())
        .order_by("start")
        .first()
    )
    return appt.local_start.date() if appt else None


def billed_against(est: Estimate) -> Decimal:
    """Final charges for services by this provider in the estimate's period, after their
    adjustments: what the $400 rule compares with the estimate."""
    charges = Charge.objects.filter(
        client=est.client,
        clinician=est.clinician,
        status=ChargeStatus.FINAL,
        date_of_service__gte=est.period_start,
        date_of_service__lte=est.period_end,
    ).exclude(code="")
    billed = sum((c.fee * c.units for c in charges), Decimal("0"))
    adjusted = charges.aggregate(s=Sum("adjustments__amount"))["s"] or Decimal("0")
    return billed + adjusted


def excess_of(est: Estimate) -> Decimal:
    return estimate.excess(billed_against(est), est.total)


def check_excess(client_id: Any, clinician_id: Any) -> Estimate | None:
    """Warn the practice the first time billed charges run $400 or more over an issued
    estimate (the client may then dispute the bill)."""
    est = (
        Estimate.objects.filter(
            client_id=client_id, clinician_id=clinician_id, status=EstimateStatus.ISSUED
        )
        .select_related("client", "clinician")
        .first()
    )
    if est is None or est.exceeded_at is not None:
        return None
    if not estimate.may_dispute(billed_against(est), est.total):
        return None
    est.exceeded_at = timezone.now()
    est.save(update_fields=["exceeded_at"])
    from confide.billing.notifications import warn_excess

    warn_excess(est)
    return est


def exceeded() -> list[Estimate]:
    """Issued estimates whose billed charges ran $400 or more over, for the staff warning."""
    rows = list(
        Estimate.objects.filter(status=EstimateStatus.ISSUED, exceeded_at__isnull=False)
        .select_related("client", "clinician")
        .order_by("-exceeded_at")
    )
    for est in rows:
        est.excess = excess_of(est)
    return rows
