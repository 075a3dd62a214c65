"""Who may do what with the practice's money: decided here, and only here.

- Billing staff are the practice admin (everything: the fee schedule, invoices, payments,
  refunds, adjustments, reports and exports) and intake, the front desk: they schedule the
  self-pay clients, so they issue Good Faith Estimates, make invoices and take payments, but
  do not change fees, refund, adjust or read the practice's reports.
- A clinician reviews and finalises the draft charges of their own sessions, reads the billing
  of their own clients and their own production, and enters diagnoses for their own clients.
- A client sees their own invoices, estimates and superbills, and pays by card in the portal.
- Diagnoses are clinical: read as `practice.access.may_read_clinical` says (the client's
  clinicians; an admin only through break-glass; intake never), and by the client themself.
"""

from __future__ import annotations

from typing import Any

from confide.accounts.models import Role
from confide.audit.actor import Actor
from confide.practice.access import may_read_clinical, role_of

BILLING_STAFF = (Role.ADMIN, Role.INTAKE)


def _user(who: Any) -> Any:
    """Rules take an Actor or a user."""
    return who.user if isinstance(who, Actor) else who


def is_billing_staff(who: Any) -> bool:
    return role_of(_user(who)) in BILLING_STAFF


def is_admin(who: Any) -> bool:
    return role_of(_user(who)) == Role.ADMIN


def may_edit_fees(who: Any) -> bool:
    return is_admin(who)


def may_refund_or_adjust(who: Any) -> bool:
    return is_admin(who)


def may_read_reports(who: Any) -> bool:
    return is_admin(who)


def is_own_clinician(who: Any, client: Any) -> bool:
    user = _user(who)
    return (
        role_of(user) == Role.CLINICIAN and client.assignments.filter(clinician__user=user).exists()
    )


def may_review_charge(who: Any, charge: Any) -> bool:
    """The clinician who held the session, or an admin."""
    user = _user(who)
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    return role == Role.CLINICIAN and charge.clinician.user_id == user.pk


def may_enter_diagnosis(who: Any, client: Any) -> bool:
    """Only the client's own clinician (break-glass is for reading, not writing)."""
    return is_own_clinician(who, client)


def may_read_diagnoses(who: Any, client: Any) -> bool:
    user = _user(who)
    if role_of(user) == Role.CLIENT:
        return client.user_id == user.pk
    return may_read_clinical(user, client)
