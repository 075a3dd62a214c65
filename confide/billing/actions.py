"""Every change to the practice's money. The pages, the API, the admin, the scheduling and IPT
hooks, the demo and the commands all call these, each with an `Actor`, so the rules (rules.py)
and the audit trail are the same whichever door is used.

Audit rows say what happened and how much, never which diagnosis: codes and notes stay out.

Races, and what stops them:
- two people record payments on one invoice at once: the invoice row is locked
  (`select_for_update`; on SQLite the IMMEDIATE transaction takes the write lock), so the
  second sees the first's payment before checking the balance;
- two refunds of one payment: the payment row is locked and pending refunds count;
- the hook firing twice for one appointment: a partial unique constraint allows one live charge;
- a card payment confirmed by the return page and the webhook at once: a conditional UPDATE
  (pending -> succeeded) lets exactly one of them through;
- two invoices at once: the year's counter row is locked, so numbers never repeat or skip.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action
from confide.billing import codes, icd10, rules
from confide.billing.balances import invoice_balance, refundable
from confide.billing.models import (
    Adjustment,
    AdjustmentKind,
    BillingAccount,
    Charge,
    ChargeReason,
    ChargeStatus,
    ClinicianBilling,
    Coverage,
    Diagnosis,
    Fee,
    Invoice,
    InvoiceCounter,
    InvoiceStatus,
    Level,
    Payment,
    PaymentMethod,
    PaymentStatus,
    PracticeBilling,
    Refund,
    RefundStatus,
    Service,
)
from confide.billing.money import AmountError, format_usd, parse_amount
from confide.billing.pricing import bill_to, fee_for, place_and_modifiers, provider_details
from confide.practice.models import Client, Clinician

logger = logging.getLogger(__name__)


def _audit(actor: Actor, action: str, obj: Any, client_id: Any = None, detail: str = "") -> None:
    record(action, actor=actor, obj=obj, client_id=client_id, detail=detail)


def _amount(value: Any, field: str = "amount", **kwargs: Any) -> Decimal:
    try:
        return parse_amount(value, **kwargs)
    except AmountError as exc:
        raise ValidationError({field: str(exc)}) from None


def _require(actor: Actor, allowed: bool, message: str) -> None:
    """Refuse a person the rules do not allow; Confide itself (no user: the demo, a command,
    the hooks' system work) is always allowed."""
    if actor.user is not None and not allowed:
        raise PermissionDenied(message)


def _today() -> date:
    return timezone.localdate()


# --- the fee schedule -----------------------------------------------------------------------


@transaction.atomic
def save_service(
    actor: Actor,
    *,
    code: str,
    name: str,
    minutes: int,
    fee: Any,
    modifiers: Iterable[str] | str = (),
    active: bool = True,
    service: Service | None = None,
) -> Service:
    """Add a service to the fee schedule, or change one (fees apply to charges drafted later)."""
    _require(
        actor, rules.may_edit_fees(actor), "Only a practice admin can change the fee schedule."
    )
    code = (code or "").strip().upper()
    if problem := codes.code_problem(code):
        raise ValidationError({"code": problem})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Describe the service in the practice's own words."})
    try:
        mods = codes.parse_modifiers(modifiers if isinstance(modifiers, str) else list(modifiers))
    except ValueError as exc:
        raise ValidationError({"modifiers": str(exc)}) from None
    if not isinstance(minutes, int) or not 1 <= minutes <= 480:
        raise ValidationError({"minutes": "A service lasts 1 to 480 minutes."})
    clash = Service.objects.filter(code=code)
    if service is not None:
        clash = clash.exclude(pk=service.pk)
    if clash.exists():
        raise ValidationError({"code": f"{code} is already in the fee schedule."})
    creating = service is None
    service = service or Service()
    service.code, service.name, service.minutes = code, name[:120], minutes
    service.fee, service.modifiers, service.active = _amount(fee, "fee"), mods, active
    service.save()
    _audit(
        actor,
        Action.CREATE if creating else Action.UPDATE,
        service,
        detail=f"Fee schedule {code}: {format_usd(service.fee)}",
    )
    return service


@transaction.atomic
def set_fee(
    actor: Actor,
    service: Service,
    *,
    amount: Any,
    level: Level | None = None,
    clinician: Clinician | None = None,
) -> Fee | None:
    """Set (or, with an empty amount, remove) a level's or a clinician's fee for a service."""
    _require(
        actor, rules.may_edit_fees(actor), "Only a practice admin can change the fee schedule."
    )
    if (level is None) == (clinician is None):
        raise ValidationError({"level": "Give either a clinician level or a clinician."})
    who: dict[str, Any] = {"level": level} if level is not None else {"clinician": clinician}
    if amount in (None, ""):
        Fee.objects.filter(service=service, **who).delete()
        _audit(actor, Action.DELETE, service, detail="Fee removed")
        return None
    fee, _ = Fee.objects.update_or_create(
        service=service, **who, defaults={"amount": _amount(amount)}
    )
    _audit(actor, Action.UPDATE, service, detail=f"Fee {format_usd(fee.amount)}")
    return fee


# --- billing identities and accounts --------------------------------------------------------


@transaction.atomic
def save_clinician_billing(actor: Actor, clinician: Clinician, **fields: Any) -> ClinicianBilling:
    """NPI, taxonomy, licence and level of a clinician (admin only; checked, never public)."""
    _require(actor, rules.is_admin(actor), "Only a practice admin can change billing identities.")
    identity, _ = ClinicianBilling.objects.get_or_create(clinician=clinician)
    for name in ("npi", "taxonomy", "licence_number", "licence_state", "level"):
        if name in fields:
            value = fields[name]
            setattr(identity, name, value.strip().upper() if isinstance(value, str) else value)
    identity.full_clean(exclude=["clinician"])
    identity.save()
    _audit(actor, Action.UPDATE, identity, detail="Billing identity")
    return identity


@transaction.atomic
def save_practice_billing(actor: Actor, **fields: Any) -> PracticeBilling:
    _require(
        actor, rules.is_admin(actor), "Only a practice admin can change the practice's billing."
    )
    row = PracticeBilling.current()
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    _audit(actor, Action.UPDATE, row, detail="Practice billing settings")
    return row


def account_of(client: Client) -> BillingAccount:
    account, _ = BillingAccount.objects.get_or_create(client=client)
    return account


@transaction.atomic
def set_coverage(actor: Actor, client: Client, coverage: str) -> BillingAccount:
    """Self-pay, uninsured or insurer-billed: decides whether Good Faith Estimates are due."""
    _require(
        actor,
        rules.is_billing_staff(actor) or rules.is_own_clinician(actor, client),
        "Only billing staff or the client's clinician can change how the client pays.",
    )
    if coverage not in Coverage.values:
        raise ValidationError({"coverage": "Choose self-pay, uninsured or insurer-billed."})
    account = account_of(client)
    account.coverage = coverage
    account.save()
    _audit(actor, Action.UPDATE, account, client.pk, f"Coverage: {coverage}")
    return account


# --- diagnoses (clinical) -------------------------------------------------------------------


@transaction.atomic
def add_diagnosis(
    actor: Actor,
    client: Client,
    code: str,
    *,
    primary: bool = False,
    diagnosed_on: date | None = None,
) -> Diagnosis:
    """Record a billable ICD-10-CM diagnosis; a new primary one makes the old one secondary."""
    _require(
        actor,
        rules.may_enter_diagnosis(actor, client),
        "Only the client's own clinician can enter a diagnosis.",
    )
    try:
        found = icd10.check(code)
    except icd10.CodeError as exc:
        raise ValidationError({"code": str(exc)}) from None
    diagnosed_on = diagnosed_on or _today()
    if diagnosed_on > _today():
        raise ValidationError({"diagnosed_on": "A diagnosis cannot be dated in the future."})
    current = client.diagnoses.current()
    if current.filter(code=found.code).exists():
        raise ValidationError({"code": f"{found.code} is already a current diagnosis."})
    if not current.exists():
        primary = True  # the first diagnosis is the primary one
    if primary:
        current.filter(primary=True).update(primary=False)
    diagnosis = Diagnosis.objects.create(
        client=client,
        code=found.code,
        description=found.description[:250],
        primary=primary,
        diagnosed_on=diagnosed_on,
        entered_by=actor.user,
    )
    _audit(actor, Action.CREATE, diagnosis, client.pk, "Primary" if primary else "Secondary")
    return diagnosis


@transaction.atomic
def resolve_diagnosis(actor: Actor, diagnosis: Diagnosis, on: date | None = None) -> Diagnosis:
    """End a diagnosis (it stays on superbills for the dates it was in force)."""
    client = diagnosis.client
    _require(
        actor,
        rules.may_enter_diagnosis(actor, client),
        "Only the client's own clinician can change a diagnosis.",
    )
    on = on or _today()
    if diagnosis.resolved_on is not None:
        raise ValidationError({"resolved_on": "This diagnosis was already resolved."})
    if on < diagnosis.diagnosed_on:
        raise ValidationError({"resolved_on": "It cannot end before it was made."})
    diagnosis.resolved_on = on
    was_primary, diagnosis.primary = diagnosis.primary, False
    diagnosis.save(update_fields=["resolved_on", "primary"])
    if was_primary:
        nxt = client.diagnoses.current().order_by("diagnosed_on").first()
        if nxt is not None:
            nxt.primary = True
            nxt.save(update_fields=["primary"])
    _audit(actor, Action.UPDATE, diagnosis, client.pk, "Resolved")
    return diagnosis


# --- charges --------------------------------------------------------------------------------


def late_cancellation(appointment: Any) -> bool:
    """Cancelled by the client with less notice than the policy asks."""
    policy = PracticeBilling.current()
    if appointment.cancelled_by != "client" or appointment.cancelled_at is None:
        return False
    notice = appointment.start - appointment.cancelled_at
    return notice < timedelta(hours=policy.late_cancel_hours)


def draft_charge_for(actor: Actor, appointment: Any) -> Charge | None:
    """Draft the charge an appointment's outcome calls for, for its clinician to review.

    Attended: the service its kind and length map to, at the clinician's fee. A no-show or a
    late cancellation: the policy's fee, when the policy sets one. Anything else: nothing.
    A draft of an earlier outcome is voided first; a final charge is left alone (an admin
    corrects it with an adjustment). Called by the scheduling hook and by the reconciliation.
    """
    status = appointment.status
    policy = PracticeBilling.current()
    with transaction.atomic():
        live = list(
            Charge.objects.select_for_update()
            .filter(appointment=appointment)
            .exclude(status=ChargeStatus.VOID)
        )
        for charge in live:
            if charge.status == ChargeStatus.FINAL:
                return None
            if charge.reason == _reason_for(appointment):
                return charge
            charge.status = ChargeStatus.VOID
            charge.save(update_fields=["status"])
            _audit(actor, Action.UPDATE, charge, charge.client_id, "Draft voided: outcome changed")
        charge = Charge(
            client=appointment.client,
            clinician=appointment.clinician,
            appointment=appointment,
            date_of_service=appointment.local_start.date(),
        )
        if status == "attended":
            code = codes.code_for_session(appointment.kind, appointment.minutes)
            service = Service.objects.filter(code=code, active=True).first() if code else None
            place, mods = place_and_modifiers(appointment.format, service)
            charge.reason = ChargeReason.ATTENDED
            charge.service = service
            charge.code = service.code if service else ""
            charge.description = service.name if service else "Session: choose the service"
            charge.fee = fee_for(service, appointment.clinician) if service else Decimal("0")
            charge.place_of_service, charge.modifiers = place, mods
        elif status == "no_show" and policy.no_show_fee:
            charge.reason, charge.fee = ChargeReason.NO_SHOW, policy.no_show_fee
            charge.description = "Missed appointment"
        elif status == "cancelled" and policy.late_cancel_fee and late_cancellation(appointment):
            charge.reason, charge.fee = ChargeReason.LATE_CANCEL, policy.late_cancel_fee
            charge.description = f"Late cancellation (under {policy.late_cancel_hours} hours)"
        else:
            return None
        try:
            with transaction.atomic():
                charge.save()
        except IntegrityError:  # drafted a moment ago by a concurrent hook
            return Charge.objects.filter(appointment=appointment).exclude(status="void").first()
        _audit(actor, Action.CREATE, charge, charge.client_id, f"Draft {format_usd(charge.fee)}")
    return charge


def _reason_for(appointment: Any) -> str:
    return {
        "attended": ChargeReason.ATTENDED,
        "no_show": ChargeReason.NO_SHOW,
        "cancelled": ChargeReason.LATE_CANCEL,
    }.get(appointment.status, "")


def _draft_for_update(actor: Actor, charge: Charge) -> Charge:
    _require(
        actor, rules.may_review_charge(actor, charge), "Only the session's clinician can review it."
    )
    locked = Charge.objects.select_for_update().get(pk=charge.pk)
    if locked.status != ChargeStatus.DRAFT:
        raise ValidationError({"status": "Only a draft charge can be changed; adjust a final one."})
    return locked


@transaction.atomic
def revise_charge(
    actor: Actor,
    charge: Charge,
    *,
    service: Service | None = None,
    modifiers: Iterable[str] | str | None = None,
    place_of_service: str | None = None,
    units: int | None = None,
    fee: Any = None,
) -> Charge:
    """Change a draft before it is final: another service, modifiers, place, units or fee."""
    charge = _draft_for_update(actor, charge)
    if service is not None:
        charge.service, charge.code, charge.description = service, service.code, service.name
        charge.fee = fee_for(service, charge.clinician)
    if modifiers is not None:
        try:
            charge.modifiers = codes.parse_modifiers(
                modifiers if isinstance(modifiers, str) else list(modifiers)
            )
        except ValueError as exc:
            raise ValidationError({"modifiers": str(exc)}) from None
    if place_of_service is not None:
        if place_of_service not in codes.PLACES_OF_SERVICE:
            raise ValidationError({"place_of_service": "Choose a place of service (11, 10, 02)."})
        charge.place_of_service = place_of_service
    if units is not None:
        if not 1 <= units <= 8:
            raise ValidationError({"units": "Between 1 and 8 units."})
        charge.units = units
    if fee not in (None, ""):
        charge.fee = _amount(fee, "fee")
    charge.save()
    _audit(
        actor, Action.UPDATE, charge, charge.client_id, f"Draft revised: {format_usd(charge.fee)}"
    )
    return charge


def finalise_charge(actor: Actor, charge: Charge) -> Charge:
    """Make a draft final: from now on it is corrected only by an adjustment."""
    return finalise_charges(actor, [charge])[0]


@transaction.atomic
def finalise_charges(actor: Actor, charges: Iterable[Charge]) -> list[Charge]:
    done = []
    for charge in charges:
        charge = _draft_for_update(actor, charge)
        if charge.reason == ChargeReason.ATTENDED and charge.service_id is None:
            raise ValidationError({"service": "Choose the service before finalising."})
        if charge.fee <= 0:
            raise ValidationError({"fee": "A charge needs a fee; void it if nothing is owed."})
        charge.status, charge.finalised_at = ChargeStatus.FINAL, timezone.now()
        charge.finalised_by = actor.user
        charge.save(update_fields=["status", "finalised_at", "finalised_by"])
        _audit(actor, Action.UPDATE, charge, charge.client_id, f"Final {format_usd(charge.amount)}")
        done.append(charge)
    from confide.billing.estimates import check_excess

    for client_id, clinician_id in {(c.client_id, c.clinician_id) for c in done}:
        check_excess(client_id, clinician_id)
    return done


@transaction.atomic
def void_charge(actor: Actor, charge: Charge, note: str = "") -> Charge:
    """Decide a draft is not charged (a courtesy, a mistaken outcome)."""
    charge = _draft_for_update(actor, charge)
    charge.status = ChargeStatus.VOID
    charge.save(update_fields=["status"])
    _audit(actor, Action.UPDATE, charge, charge.client_id, "Draft voided")
    return charge


@transaction.atomic
def adjust(
    actor: Actor,
    client: Client,
    *,
    amount: Any,
    kind: str,
    note: str,
    charge: Charge | None = None,
    on: date | None = None,
) -> Adjustment:
    """A signed correction to what the client owes (negative lowers it), beside a final charge
    or on the account. Final charges are never edited."""
    _require(
        actor, rules.may_refund_or_adjust(actor), "Only a practice admin can make adjustments."
    )
    value = _amount(amount, allow_negative=True)
    if kind not in AdjustmentKind.values:
        raise ValidationError({"kind": "Choose correction, courtesy, write-off or other."})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Say why (no clinical detail)."})
    if charge is not None:
        charge = Charge.objects.select_for_update().get(pk=charge.pk)  # its current state
        if charge.client_id != client.pk:
            raise ValidationError({"charge": "That charge is another client's."})
        if charge.status != ChargeStatus.FINAL:
            raise ValidationError({"charge": "Adjust a final charge; change a draft directly."})
        if value < 0 and charge.amount + value + _adjusted(charge) < 0:
            raise ValidationError({"amount": "An adjustment cannot take a charge below zero."})
    adjustment = Adjustment.objects.create(
        client=client,
        charge=charge,
        invoice=charge.invoice if charge is not None else None,
        kind=kind,
        amount=value,
        note=note[:200],
        on=on or _today(),
        created_by=actor.user,
    )
    _audit(actor, Action.CREATE, adjustment, client.pk, f"Adjustment {format_usd(value)}")
    if charge is not None and charge.invoice is not None:
        _settle(charge.invoice)
    return adjustment


def _adjusted(charge: Charge) -> Decimal:
    return sum((a.amount for a in charge.adjustments.all()), Decimal("0"))


# --- invoices -------------------------------------------------------------------------------


def _next_number(year: int) -> str:
    counter, _ = InvoiceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{year}-{counter.last:04d}"


@transaction.atomic
def create_invoice(
    actor: Actor, client: Client, *, charges: Iterable[Charge] | None = None, send: bool = True
) -> Invoice:
    """Invoice the client's final, not yet invoiced charges (or the ones given), with their
    adjustments, and e-mail it to whoever pays."""
    _require(actor, rules.is_billing_staff(actor), "Only billing staff can make invoices.")
    pending = Charge.objects.select_for_update().filter(
        client=client, status=ChargeStatus.FINAL, invoice__isnull=True
    )
    if charges is not None:
        wanted = {c.pk for c in charges}
        pending = pending.filter(pk__in=wanted)
        if pending.count() != len(wanted):
            raise ValidationError({"charges": "Only final, uninvoiced charges of this client."})
    chosen = list(pending)
    if not chosen:
        raise ValidationError({"charges": "There is nothing final to invoice yet."})
    today = _today()
    name, email = bill_to(client)
    invoice = Invoice.objects.create(
        number=_next_number(today.year),
        client=client,
        bill_to_name=name,
        bill_to_email=email,
        issued_on=today,
        due_on=today + timedelta(days=PracticeBilling.current().invoice_due_days),
        created_by=actor.user,
    )
    Charge.objects.filter(pk__in=[c.pk for c in chosen]).update(invoice=invoice)
    Adjustment.objects.filter(client=client, invoice__isnull=True).filter(
        charge__isnull=True
    ).update(invoice=invoice)
    Adjustment.objects.filter(charge__in=chosen).update(invoice=invoice)
    _audit(actor, Action.CREATE, invoice, client.pk, f"Invoice {invoice.number}")
    _settle(invoice)  # adjustments may already cover it
    if send:
        from confide.billing.notifications import send_invoice

        send_invoice(invoice)
    return invoice


@transaction.atomic
def void_invoice(actor: Actor, invoice: Invoice) -> Invoice:
    """Withdraw an invoice with no payments; its charges can be invoiced again."""
    _require(actor, rules.is_admin(actor), "Only a practice admin can void an invoice.")
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.payments.exclude(status=PaymentStatus.FAILED).exists():
        raise ValidationError(
            {"status": "An invoice with payments cannot be voided; refund first."}
        )
    invoice.status = InvoiceStatus.VOID
    invoice.save(update_fields=["status"])
    invoice.charges.update(invoice=None)
    invoice.adjustments.update(invoice=None)
    _audit(actor, Action.UPDATE, invoice, invoice.client_id, f"Invoice {invoice.number} voided")
    return invoice


def _settle(invoice: Invoice) -> None:
    """Paid when nothing is owed on it; open again if a refund or adjustment reopens it."""
    if invoice.status == InvoiceStatus.VOID:
        return
    owed = invoice_balance(invoice).balance
    status = InvoiceStatus.PAID if owed <= 0 else InvoiceStatus.OPEN
    if status != invoice.status:
        Invoice.objects.filter(pk=invoice.pk).update(status=status)
        invoice.status = status


# --- payments and refunds -------------------------------------------------------------------


def _open_invoice(invoice: Invoice) -> Invoice:
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status == InvoiceStatus.VOID:
        raise ValidationError({"invoice": "This invoice was voided."})
    return invoice


@transaction.atomic
def record_payment(
    actor: Actor,
    invoice: Invoice,
    *,
    amount: Any,
    method: str,
    reference: str = "",
    received_on: date | None = None,
    send: bool = True,
) -> Payment:
    """A payment taken by the practice (cash, check, transfer, or a card at the desk)."""
    _require(actor, rules.is_billing_staff(actor), "Only billing staff can record payments.")
    if method not in PaymentMethod.values:
        raise ValidationError({"method": "Choose card, cash, check or transfer."})
    value = _amount(amount)
    invoice = _open_invoice(invoice)
    owed = invoice_balance(invoice).balance
    if value > owed:
        raise ValidationError(
            {"amount": f"That is more than is owed on this invoice ({format_usd(owed)})."}
        )
    received_on = received_on or _today()
    if received_on > _today():
        raise ValidationError({"received_on": "A payment cannot be received in the future."})
    payment = Payment.objects.create(
        client=invoice.client,
        invoice=invoice,
        amount=value,
        method=method,
        status=PaymentStatus.SUCCEEDED,
        reference=(reference or "").strip()[:60],
        received_on=received_on,
        recorded_by=actor.user,
        confirmed_at=timezone.now(),
    )
    _audit(
        actor, Action.CREATE, payment, invoice.client_id, f"Payment {format_usd(value)} {method}"
    )
    _settle(invoice)
    if send:
        from confide.billing.notifications import send_receipt

        send_receipt(payment)
    return payment


def start_card_payment(
    actor: Actor, invoice: Invoice, *, return_url: str, cancel_url: str
) -> tuple[Payment, str]:
    """Begin paying an invoice's balance by card with the provider; return the payment and the
    page to send the payer to (`return_url` may hold "{payment}", the new payment's id).
    The pending row commits before the provider is called, so a crash after the payer pays
    still leaves a payment to confirm."""
    from confide.billing.providers import provider

    if not (
        rules.is_billing_staff(actor) or invoice.client.user_id == getattr(actor.user, "pk", 0)
    ):
        raise PermissionDenied("Only the client or billing staff can pay this invoice.")
    gateway = provider()
    with transaction.atomic():
        invoice = _open_invoice(invoice)
        owed = invoice_balance(invoice).balance
        if owed <= 0:
            raise ValidationError({"invoice": "Nothing is owed on this invoice."})
        payment = Payment.objects.create(
            client=invoice.client,
            invoice=invoice,
            amount=owed,
            method=PaymentMethod.CARD,
            status=PaymentStatus.PENDING,
            provider=gateway.name,
            received_on=_today(),
            recorded_by=actor.user,
        )
        _audit(actor, Action.CREATE, payment, invoice.client_id, f"Card payment started {owed}")
    from confide.practice.info import practice_info

    checkout = gateway.start_checkout(
        payment_id=str(payment.pk),
        amount=owed,
        label=f"{practice_info().name}: invoice {invoice.number}",
        return_url=return_url.replace("{payment}", str(payment.pk)),
        cancel_url=cancel_url,
    )
    Payment.objects.filter(pk=payment.pk).update(provider_ref=checkout.provider_ref)
    payment.provider_ref = checkout.provider_ref
    return payment, checkout.redirect_url


def confirm_card_payment(actor: Actor, payment: Payment) -> Payment:
    """Ask the provider how a pending card payment ended, and record it once."""
    from confide.billing.providers import provider

    if payment.status != PaymentStatus.PENDING:
        return payment
    outcome = provider().outcome(payment_id=str(payment.pk), provider_ref=payment.provider_ref)
    if not (outcome.paid or outcome.failed):
        return payment
    new = PaymentStatus.SUCCEEDED if outcome.paid else PaymentStatus.FAILED
    with transaction.atomic():
        # Conditional: the return page and the webhook may both get here; one wins.
        won = Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
            status=new,
            confirmed_at=timezone.now(),
            provider_ref=outcome.provider_ref or payment.provider_ref,
            received_on=_today(),
        )
        payment.refresh_from_db()
        if won:
            _audit(actor, Action.UPDATE, payment, payment.client_id, f"Card payment {new}")
            if payment.invoice_id:
                _settle(Invoice.objects.select_for_update().get(pk=payment.invoice_id))
            if new == PaymentStatus.SUCCEEDED:
                from confide.billing.notifications import send_receipt

                send_receipt(payment)
    return payment


def refund_payment(actor: Actor, payment: Payment, *, amount: Any, note: str) -> Refund:
    """Give money back. A card payment is refunded through its provider (idempotent by the
    refund's id); cash, check or transfer is recorded as paid back by the practice."""
    from confide.billing.providers import ProviderError, provider

    _require(actor, rules.may_refund_or_adjust(actor), "Only a practice admin can refund.")
    value = _amount(amount)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Say why (no clinical detail)."})
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        left = refundable(payment)
        if value > left:
            raise ValidationError({"amount": f"At most {format_usd(left)} can be refunded."})
        refund = Refund.objects.create(
            payment=payment,
            amount=value,
            note=note[:200],
            on=_today(),
            created_by=actor.user,
            status=RefundStatus.PENDING,
        )
        _audit(actor, Action.CREATE, refund, payment.client_id, f"Refund {format_usd(value)}")
    through_provider = payment.method == PaymentMethod.CARD and payment.provider
    try:
        ref = (
            provider().refund(
                refund_id=str(refund.pk), provider_ref=payment.provider_ref, amount=value
            )
            if through_provider
            else ""
        )
    except ProviderError:
        Refund.objects.filter(pk=refund.pk).update(status=RefundStatus.FAILED)
        _audit(actor, Action.UPDATE, refund, payment.client_id, "Refund failed at the provider")
        raise ValidationError(
            {"amount": "The card provider refused the refund; try again."}
        ) from None
    with transaction.atomic():
        Refund.objects.filter(pk=refund.pk).update(status=RefundStatus.SUCCEEDED, provider_ref=ref)
        refund.refresh_from_db()
        _audit(actor, Action.UPDATE, refund, payment.client_id, "Refunded")
        if payment.invoice_id:
            _settle(Invoice.objects.select_for_update().get(pk=payment.invoice_id))
    return refund


# --- Good Faith Estimates -------------------------------------------------------------------


def _fill_estimate(est: Any, client: Client, clinician: Clinician, fmt: str) -> list[Any]:
    """Put the course's figures, the provider and the diagnoses on an estimate; return lines."""
    from confide.billing import estimates as gfe
    from confide.billing.models import EstimateLine

    basis = gfe.course_basis(client)
    figures = gfe.figures_for(client, clinician, basis, fmt)
    est.course, est.sessions = basis.label[:120], basis.sessions
    est.fewest, est.most = min(basis.fewest, basis.sessions), max(basis.most, basis.sessions)
    est.formulation_version = basis.formulation_version
    est.total, est.low, est.high = figures.total, figures.low, figures.high
    est.provider = provider_details(clinician)
    est.diagnoses = gfe.current_diagnoses(client)
    return [
        EstimateLine(
            position=i,
            code=line.code,
            description=line.description,
            modifiers=list(line.modifiers),
            place_of_service=line.place_of_service,
            quantity=line.quantity,
            unit_fee=line.unit_fee,
            amount=line.amount,
        )
        for i, line in enumerate(figures.lines, start=1)
    ]


def _save_lines(est: Any, lines: list[Any]) -> None:
    from confide.billing.models import EstimateLine

    est.lines.all().delete()
    for line in lines:
        line.estimate = est
    EstimateLine.objects.bulk_create(lines)


@transaction.atomic
def draft_estimate(
    actor: Actor,
    client: Client,
    *,
    clinician: Clinician | None = None,
    reason: str = "requested",
    basis_on: date | None = None,
    first_service_on: date | None = None,
    format: str = "in_person",
) -> Any:
    """Draft a Good Faith Estimate for a course with one clinician, due as the rule says.

    A live estimate for the same clinician is replaced: a draft is rebuilt in place (its
    deadline stands), an issued one is superseded by the new draft."""
    from confide.billing import deadlines
    from confide.billing.models import Estimate, EstimateStatus

    _require(
        actor,
        rules.is_billing_staff(actor) or rules.is_own_clinician(actor, client),
        "Only billing staff or the client's clinician can draft an estimate.",
    )
    if clinician is None:
        assignment = client.assignments.select_related("clinician").order_by("-primary").first()
        if assignment is None:
            raise ValidationError({"clinician": "Assign a clinician before drafting an estimate."})
        clinician = assignment.clinician
    elif not client.assignments.filter(clinician=clinician).exists():
        raise ValidationError({"clinician": "That clinician is not assigned to this client."})
    basis_on = basis_on or _today()
    from confide.billing.estimates import next_session_on

    first_service_on = first_service_on or next_session_on(client, clinician)
    live = Estimate.objects.select_for_update().filter(
        client=client, clinician=clinician, status__in=["draft", "issued"]
    )
    previous = live.first()
    if previous is not None and previous.status == EstimateStatus.DRAFT:
        lines = _fill_estimate(previous, client, clinician, format)
        previous.save()
        _save_lines(previous, lines)
        _audit(actor, Action.UPDATE, previous, client.pk, f"Estimate redrafted {previous.total}")
        return previous
    if previous is not None:
        previous.status = EstimateStatus.SUPERSEDED
        previous.save(update_fields=["status"])
        _audit(actor, Action.UPDATE, previous, client.pk, "Estimate superseded")
        reason = deadlines.CHANGED if reason != deadlines.SCHEDULED else reason
    due = deadlines.deadline(reason, basis_on, first_service_on)
    start = first_service_on or basis_on
    est = Estimate(
        client=client,
        clinician=clinician,
        reason=reason,
        basis_on=basis_on,
        first_service_on=first_service_on,
        due_on=due.due_on,
        due_rule=due.rule,
        required=due.required,
        period_start=min(start, basis_on),
        period_end=start + timedelta(days=364),
        supersedes=previous,
    )
    lines = _fill_estimate(est, client, clinician, format)
    est.save()
    _save_lines(est, lines)
    _audit(actor, Action.CREATE, est, client.pk, f"Estimate drafted {est.total}, due {est.due_on}")
    return est


@transaction.atomic
def issue_estimate(actor: Actor, estimate: Any, *, send: bool = True) -> Any:
    """Issue a draft: its figures are fixed from now on; the client gets it by e-mail and in
    the portal."""
    from confide.billing.models import Estimate, EstimateStatus

    est = (
        Estimate.objects.select_for_update()
        .select_related("client", "clinician")
        .get(pk=estimate.pk)
    )
    _require(
        actor,
        rules.is_billing_staff(actor) or rules.is_own_clinician(actor, est.client),
        "Only billing staff or the client's clinician can issue an estimate.",
    )
    if est.status != EstimateStatus.DRAFT:
        raise ValidationError({"status": "Only a draft estimate can be issued."})
    lines = _fill_estimate(est, est.client, est.clinician, _format_of(est))
    est.status, est.issued_at, est.issued_by = EstimateStatus.ISSUED, timezone.now(), actor.user
    est.save()
    _save_lines(est, lines)
    late = " (after its deadline)" if _today() > est.due_on else ""
    _audit(actor, Action.UPDATE, est, est.client_id, f"Estimate issued{late}")
    if send:
        from confide.billing.notifications import send_estimate

        send_estimate(est)
    return est


def _format_of(est: Any) -> str:
    first = est.lines.first()
    return "virtual" if first and first.place_of_service in ("02", "10") else "in_person"


@transaction.atomic
def withdraw_estimate(actor: Actor, estimate: Any) -> Any:
    """Withdraw a draft that is not needed (the client is insurer-billed after all)."""
    from confide.billing.models import Estimate, EstimateStatus

    est = Estimate.objects.select_for_update().get(pk=estimate.pk)
    _require(actor, rules.is_billing_staff(actor), "Only billing staff can withdraw an estimate.")
    if est.status != EstimateStatus.DRAFT:
        raise ValidationError({"status": "An issued estimate is kept; draft a new one instead."})
    est.status = EstimateStatus.VOID
    est.save(update_fields=["status"])
    _audit(actor, Action.UPDATE, est, est.client_id, "Estimate withdrawn")
    return est
