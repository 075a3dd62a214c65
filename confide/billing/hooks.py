"""How billing follows the diary and the plan: listeners on their domain signals.

- an attended appointment, a no-show or a late cancellation drafts a charge for the clinician
  to review (`actions.draft_charge_for`);
- booking a self-pay or uninsured client with a clinician who has no live estimate for them
  drafts a Good Faith Estimate, due as the rule says;
- accepting a formulation whose course differs from the live estimate re-drafts it.

Each listener works in a savepoint: a billing failure is logged and leaves the appointment or
the acceptance as it was; the billing dashboard lists sessions left without a charge.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from confide.audit.actor import Actor

logger = logging.getLogger(__name__)


def on_appointment_changed(
    sender: Any, *, appointment: Any, change: str, actor: Actor, **_: Any
) -> None:
    from confide.billing import actions, estimates
    from confide.scheduling import signals

    if not in_use():
        return
    with transaction.atomic():
        if change in (signals.ATTENDED, signals.NO_SHOW, signals.CANCELLED):
            actions.draft_charge_for(actor, appointment)
        if change == signals.BOOKED and estimates.needs_estimates(appointment.client):
            _estimate_for_booking(actor, appointment)


def _estimate_for_booking(actor: Actor, appointment: Any) -> None:
    from confide.billing import actions
    from confide.billing.models import Estimate, EstimateStatus

    day = appointment.local_start.date()
    live = Estimate.objects.live().filter(
        client=appointment.client, clinician=appointment.clinician
    )
    current = live.first()
    if current is not None and (
        current.status == EstimateStatus.DRAFT or current.period_end >= day
    ):
        return
    actions.draft_estimate(
        actor,
        appointment.client,
        clinician=appointment.clinician,
        reason="scheduled",
        basis_on=timezone.localdate(),
        first_service_on=day,
        format=appointment.format,
    )


def on_formulation_accepted(sender: Any, *, formulation: Any, actor: Actor, **_: Any) -> None:
    from confide.billing import actions, estimates
    from confide.billing.models import Estimate

    if not in_use():
        return
    client = formulation.client
    basis = estimates.course_basis(client)
    with transaction.atomic():
        for est in Estimate.objects.live().filter(client=client).select_related("clinician"):
            if (est.sessions, est.course) == (basis.sessions, basis.label[:120]):
                continue
            actions.draft_estimate(
                actor,
                client,
                clinician=est.clinician,
                reason="changed",
                format=actions._format_of(est),
            )


def in_use() -> bool:
    """Billing follows the diary only once the practice has a fee schedule."""
    from confide.billing.models import Service

    return Service.objects.exists()


def connect() -> None:
    from confide.ipt.signals import formulation_accepted
    from confide.scheduling.signals import appointment_changed

    appointment_changed.connect(on_appointment_changed, dispatch_uid="billing-appointments")
    formulation_accepted.connect(on_formulation_accepted, dispatch_uid="billing-formulations")
