"""Money (API.md 'Money'): fee schedule, diagnoses, charges, invoices, payments, superbills and
Good Faith Estimates. Thin: parse, find the record the caller may see, call the action.

Amounts are decimal strings both ways ("175.00"); a JSON number is a 422 naming the field.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from pydantic import BeforeValidator

from confide.api.auth import api_actor, staff_actor, token_auth
from confide.audit.log import record_many
from confide.audit.models import Action
from confide.billing import actions, rules
from confide.billing.balances import client_balance, invoice_balances
from confide.billing.lookups import charge_for, estimate_for, invoice_for, payment_for
from confide.billing.models import (
    AdjustmentKind,
    Charge,
    Estimate,
    Invoice,
    PaymentMethod,
    Service,
)
from confide.billing.money import AmountError, as_string, parse_amount
from confide.billing.pdfs import estimate_response, invoice_response, superbill_response
from confide.practice import access
from confide.practice.models import Client, Clinician

router = Router(auth=token_auth, tags=["money"])


def _decimal_string(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError('Give the amount as a decimal string, such as "175.00".')
    try:
        parse_amount(value, allow_negative=True, allow_zero=True)
    except AmountError as exc:
        raise ValueError(str(exc)) from None
    return value


AmountStr = Annotated[str, BeforeValidator(_decimal_string)]


def _client(request: HttpRequest, client_id: Any) -> Client:
    return access.client_for(api_actor(request), client_id)


# --- fee schedule ---------------------------------------------------------------------------


class FeeOut(Schema):
    level: str | None
    clinician: UUID | None
    amount: str


class ServiceOut(Schema):
    id: UUID
    code: str
    name: str
    minutes: int
    fee: str
    modifiers: list[str]
    active: bool
    fees: list[FeeOut]


class ServiceIn(Schema):
    code: str = Field(description="The CPT code number only, e.g. 90834.")
    name: str = Field(max_length=120, description="In the practice's own words.")
    minutes: int = Field(ge=1, le=480)
    fee: AmountStr
    modifiers: list[str] = []


def _service_out(s: Service) -> dict[str, Any]:
    return {
        "id": s.pk,
        "code": s.code,
        "name": s.name,
        "minutes": s.minutes,
        "fee": as_string(s.fee),
        "modifiers": s.modifiers,
        "active": s.active,
        "fees": [
            {
                "level": f.level.slug if f.level else None,
                "clinician": f.clinician_id,
                "amount": as_string(f.amount),
            }
            for f in s.fees.all()
        ],
    }


@router.get("/services", response=list[ServiceOut], summary="The fee schedule")
def list_services(request: HttpRequest) -> list[dict[str, Any]]:
    staff_actor(request)
    rows = Service.objects.prefetch_related("fees__level")
    return [_service_out(s) for s in rows]


@router.post("/services", response={201: ServiceOut}, summary="Add a service (admin)")
def post_service(request: HttpRequest, payload: ServiceIn) -> Status:
    actor = staff_actor(request)
    service = actions.save_service(actor, **payload.dict())
    return Status(201, _service_out(service))


# --- diagnoses ------------------------------------------------------------------------------


class DiagnosisIn(Schema):
    code: str = Field(description="A billable ICD-10-CM code, e.g. F32.1 (F32 is refused).")
    primary: bool = False
    diagnosed_on: date | None = None


class DiagnosisOut(Schema):
    id: UUID
    code: str
    description: str
    primary: bool
    diagnosed_on: date
    resolved_on: date | None


def _dx_out(d: Any) -> dict[str, Any]:
    return {f: getattr(d, f) for f in DiagnosisOut.model_fields}


@router.get(
    "/clients/{client_id}/diagnoses", response=list[DiagnosisOut], summary="ICD-10-CM diagnoses"
)
def list_diagnoses(request: HttpRequest, client_id: str) -> list[dict[str, Any]]:
    staff_actor(request)
    client = _client(request, client_id)
    if not rules.may_read_diagnoses(api_actor(request).user, client):
        raise PermissionDenied("Diagnoses are visible only to the client's clinicians.")
    rows = list(client.diagnoses.all())
    record_many(Action.READ, rows, actor=api_actor(request), client_of=lambda d: d.client_id)
    return [_dx_out(d) for d in rows]


@router.post(
    "/clients/{client_id}/diagnoses",
    response={201: DiagnosisOut},
    summary="Add a diagnosis (the client's clinician); 422 naming `code` if not billable",
)
def post_diagnosis(request: HttpRequest, client_id: str, payload: DiagnosisIn) -> Status:
    actor = staff_actor(request)
    client = _client(request, client_id)
    diagnosis = actions.add_diagnosis(actor, client, payload.code, primary=payload.primary,
                                      diagnosed_on=payload.diagnosed_on)  # fmt: skip
    return Status(201, _dx_out(diagnosis))


# --- charges and adjustments ----------------------------------------------------------------


class ChargeOut(Schema):
    id: UUID
    client: UUID
    clinician: UUID
    appointment: UUID | None
    reason: str
    status: str
    code: str
    modifiers: list[str]
    place_of_service: str
    description: str
    units: int
    fee: str
    amount: str
    date_of_service: date
    invoice: str | None
    adjustments: str


class ChargePatch(Schema):
    service: str | None = Field(None, description="Another service code from the schedule.")
    modifiers: list[str] | None = None
    place_of_service: str | None = None
    units: int | None = Field(None, ge=1, le=8)
    fee: AmountStr | None = None


class AdjustmentIn(Schema):
    amount: AmountStr = Field(description='Signed: "-50.00" lowers what is owed.')
    kind: AdjustmentKind
    note: str = Field(min_length=1, max_length=200)
    charge: UUID | None = None


class AdjustmentOut(Schema):
    id: UUID
    charge: UUID | None
    kind: str
    amount: str
    on: date


class BalanceOut(Schema):
    charges: str
    payments: str
    refunds: str
    adjustments: str
    balance: str


def _charge_out(c: Charge) -> dict[str, Any]:
    adjusted = sum((a.amount for a in c.adjustments.all()), Decimal("0"))
    return {
        "id": c.pk,
        "client": c.client_id,
        "clinician": c.clinician_id,
        "appointment": c.appointment_id,
        "reason": c.reason,
        "status": c.status,
        "code": c.code,
        "modifiers": c.modifiers,
        "place_of_service": c.place_of_service,
        "description": c.description,
        "units": c.units,
        "fee": as_string(c.fee),
        "amount": as_string(c.amount),
        "date_of_service": c.date_of_service,
        "invoice": c.invoice.number if c.invoice else None,
        "adjustments": as_string(adjusted),
    }


def _balance_out(b: Any) -> dict[str, str]:
    return {
        "charges": as_string(b.charges),
        "payments": as_string(b.payments),
        "refunds": as_string(b.refunds),
        "adjustments": as_string(b.adjustments),
        "balance": as_string(b.balance),
    }


@router.get("/clients/{client_id}/charges", response=list[ChargeOut], summary="A client's charges")
def list_charges(request: HttpRequest, client_id: str) -> list[dict[str, Any]]:
    staff_actor(request)
    client = _client(request, client_id)
    rows = list(client.charges.select_related("invoice").prefetch_related("adjustments"))
    return [_charge_out(c) for c in rows]


@router.get("/clients/{client_id}/balance", response=BalanceOut, summary="A client's balance")
def get_balance(request: HttpRequest, client_id: str) -> dict[str, str]:
    staff_actor(request)
    return _balance_out(client_balance(_client(request, client_id)))


@router.patch("/charges/{charge_id}", response=ChargeOut, summary="Revise a draft charge")
def patch_charge(request: HttpRequest, charge_id: UUID, payload: ChargePatch) -> dict[str, Any]:
    actor = staff_actor(request)
    charge = charge_for(actor, charge_id)
    data = payload.dict(exclude_unset=True)
    if "service" in data:
        service = Service.objects.filter(code=data["service"]).first()
        if service is None:
            raise ValidationError({"service": "That code is not in the fee schedule."})
        data["service"] = service
    return _charge_out(actions.revise_charge(actor, charge, **data))


@router.post("/charges/{charge_id}/finalise", response=ChargeOut, summary="Finalise a draft")
def finalise(request: HttpRequest, charge_id: UUID) -> dict[str, Any]:
    actor = staff_actor(request)
    return _charge_out(actions.finalise_charge(actor, charge_for(actor, charge_id)))


@router.post("/charges/{charge_id}/void", response=ChargeOut, summary="Do not charge a draft")
def void(request: HttpRequest, charge_id: UUID) -> dict[str, Any]:
    actor = staff_actor(request)
    return _charge_out(actions.void_charge(actor, charge_for(actor, charge_id)))


@router.post(
    "/clients/{client_id}/adjustments",
    response={201: AdjustmentOut},
    summary="Adjust what a client owes (admin): the way to correct a final charge",
)
def post_adjustment(request: HttpRequest, client_id: str, payload: AdjustmentIn) -> Status:
    actor = staff_actor(request)
    client = _client(request, client_id)
    charge = charge_for(actor, payload.charge) if payload.charge else None
    a = actions.adjust(actor, client, amount=payload.amount, kind=payload.kind,
                       note=payload.note, charge=charge)  # fmt: skip
    out = {"id": a.pk, "charge": a.charge_id, "kind": a.kind, "amount": as_string(a.amount),
           "on": a.on}  # fmt: skip
    return Status(201, out)


# --- invoices, payments, refunds -------------------------------------------------------------


class InvoiceIn(Schema):
    client: UUID
    charges: list[UUID] | None = Field(None, description="Default: every final, uninvoiced one.")
    send: bool = True


class InvoiceOut(Schema):
    id: UUID
    number: str
    client: UUID
    bill_to: str
    issued_on: date
    due_on: date
    status: str
    total: str
    paid: str
    balance: str
    pdf: str


class PaymentIn(Schema):
    amount: AmountStr
    method: PaymentMethod
    reference: str = Field("", max_length=60)
    received_on: date | None = None


class PaymentOut(Schema):
    id: UUID
    invoice: str | None
    amount: str
    method: str
    status: str
    received_on: date
    refunded: str


class RefundIn(Schema):
    amount: AmountStr
    note: str = Field(min_length=1, max_length=200)


class RefundOut(Schema):
    id: UUID
    payment: UUID
    amount: str
    status: str
    on: date


def _invoice_rows(invoices: list[Invoice]) -> list[dict[str, Any]]:
    balances = invoice_balances([i.pk for i in invoices])
    return [
        {
            "id": i.pk,
            "number": i.number,
            "client": i.client_id,
            "bill_to": i.bill_to_name,
            "issued_on": i.issued_on,
            "due_on": i.due_on,
            "status": i.status,
            "total": as_string(balances[i.pk].billed),
            "paid": as_string(balances[i.pk].paid),
            "balance": as_string(balances[i.pk].balance),
            "pdf": reverse("api-v1:invoice_pdf", args=[i.pk]),
        }
        for i in invoices
    ]


def _payment_out(p: Any) -> dict[str, Any]:
    refunded = sum((r.amount for r in p.refunds.filter(status="succeeded")), Decimal("0"))
    return {
        "id": p.pk,
        "invoice": p.invoice.number if p.invoice_id else None,
        "amount": as_string(p.amount),
        "method": p.method,
        "status": p.status,
        "received_on": p.received_on,
        "refunded": as_string(refunded),
    }


@router.get("/invoices", response=list[InvoiceOut], summary="Invoices of clients you may see")
def list_invoices(
    request: HttpRequest,
    client: UUID | None = None,
    status: Literal["open", "paid", "void"] | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    actor = staff_actor(request)
    rows = Invoice.objects.filter(client__in=Client.objects.visible_to(actor.user))
    if client:
        rows = rows.filter(client_id=client)
    if status:
        rows = rows.filter(status=status)
    page = list(rows.order_by("-issued_on", "-number")[: max(1, min(limit, 500))])
    record_many(Action.READ, page, actor=actor, client_of=lambda i: i.client_id)
    return _invoice_rows(page)


@router.post("/invoices", response={201: InvoiceOut}, summary="Invoice final charges")
def post_invoice(request: HttpRequest, payload: InvoiceIn) -> Status:
    actor = staff_actor(request)
    client = _client(request, payload.client)
    charges = None
    if payload.charges is not None:
        charges = list(Charge.objects.filter(client=client, pk__in=payload.charges))
        if len(charges) != len(set(payload.charges)):
            raise ValidationError({"charges": "Unknown charge id for this client."})
    invoice = actions.create_invoice(actor, client, charges=charges, send=payload.send)
    return Status(201, _invoice_rows([invoice])[0])


@router.get("/invoices/{invoice_id}", response=InvoiceOut, summary="An invoice")
def get_invoice(request: HttpRequest, invoice_id: UUID) -> dict[str, Any]:
    actor = staff_actor(request)
    return _invoice_rows([invoice_for(actor, invoice_id)])[0]


@router.get("/invoices/{invoice_id}/pdf", url_name="invoice_pdf", summary="An invoice as PDF")
def get_invoice_pdf(request: HttpRequest, invoice_id: UUID) -> HttpResponse:
    actor = staff_actor(request)
    return invoice_response(actor, invoice_for(actor, invoice_id))


@router.post(
    "/invoices/{invoice_id}/payments",
    response={201: PaymentOut},
    summary="Record a payment (card at the desk, cash, check, transfer)",
)
def post_payment(request: HttpRequest, invoice_id: UUID, payload: PaymentIn) -> Status:
    actor = staff_actor(request)
    invoice = invoice_for(actor, invoice_id)
    payment = actions.record_payment(actor, invoice, **payload.dict())
    return Status(201, _payment_out(payment))


@router.post("/payments/{payment_id}/refunds", response={201: RefundOut}, summary="Refund (admin)")
def post_refund(request: HttpRequest, payment_id: UUID, payload: RefundIn) -> Status:
    actor = staff_actor(request)
    payment = payment_for(actor, payment_id)
    r = actions.refund_payment(actor, payment, amount=payload.amount, note=payload.note)
    out = {"id": r.pk, "payment": payment.pk, "amount": as_string(r.amount),
           "status": r.status, "on": r.on}  # fmt: skip
    return Status(201, out)


# --- superbill ------------------------------------------------------------------------------


class Period(Schema):
    from_: date = Field(alias="from")
    to: date


@router.get(
    "/clients/{client_id}/superbill",
    summary="The superbill PDF for dates of service from..to",
    response={200: None},
    openapi_extra={"responses": {"200": {"content": {"application/pdf": {}}}}},
)
def get_superbill(request: HttpRequest, client_id: str, period: Query[Period]) -> HttpResponse:
    actor = staff_actor(request)
    client = _client(request, client_id)
    return superbill_response(actor, client, period.from_, period.to)


# --- Good Faith Estimates -------------------------------------------------------------------


class EstimateIn(Schema):
    clinician: UUID | None = Field(None, description="Default: the client's primary clinician.")
    reason: Literal["requested", "scheduled"] = "requested"
    issue: bool = Field(False, description="Issue at once (the client gets it by e-mail).")


class EstimateLineOut(Schema):
    code: str
    modifiers: list[str]
    description: str
    quantity: int
    unit_fee: str
    amount: str


class EstimateOut(Schema):
    id: UUID
    client: UUID
    clinician: UUID
    status: str
    reason: str
    required: bool
    due_on: date
    due_at: datetime
    due_rule: str
    period_start: date
    period_end: date
    sessions: int
    total: str
    low: str
    high: str
    lines: list[EstimateLineOut]
    issued_at: datetime | None
    exceeded: bool
    pdf: str


def _estimate_out(e: Estimate) -> dict[str, Any]:
    zone = ZoneInfo("America/New_York")
    return {
        **{f: getattr(e, f) for f in ("id", "status", "reason", "required", "due_on", "due_rule",
                                      "period_start", "period_end", "sessions", "issued_at")},
        "client": e.client_id,
        "clinician": e.clinician_id,
        # The end of the due day in the practice's zone: the legal deadline is a date.
        "due_at": datetime.combine(e.due_on, time(23, 59, 59), zone),
        "total": as_string(e.total),
        "low": as_string(e.low),
        "high": as_string(e.high),
        "lines": [
            {"code": line.code, "modifiers": line.modifiers, "description": line.description,
             "quantity": line.quantity, "unit_fee": as_string(line.unit_fee),
             "amount": as_string(line.amount)}
            for line in e.lines.all()
        ],
        "exceeded": e.exceeded_at is not None,
        "pdf": reverse("api-v1:estimate_pdf", args=[e.pk]),
    }  # fmt: skip


@router.get(
    "/clients/{client_id}/good-faith-estimates",
    response=list[EstimateOut],
    summary="A client's Good Faith Estimates, each with its PDF link and due time",
)
def list_estimates(request: HttpRequest, client_id: str) -> list[dict[str, Any]]:
    actor = staff_actor(request)
    client = _client(request, client_id)
    rows = list(client.estimates.prefetch_related("lines"))
    record_many(Action.READ, rows, actor=actor, client_of=lambda e: e.client_id)
    return [_estimate_out(e) for e in rows]


@router.post(
    "/clients/{client_id}/good-faith-estimates",
    response={201: EstimateOut},
    summary="Draft (and optionally issue) a Good Faith Estimate",
)
def post_estimate(request: HttpRequest, client_id: str, payload: EstimateIn) -> Status:
    actor = staff_actor(request)
    client = _client(request, client_id)
    clinician = None
    if payload.clinician:
        clinician = Clinician.objects.filter(pk=payload.clinician).first()
        if clinician is None:
            raise ValidationError({"clinician": "Unknown clinician."})
    est = actions.draft_estimate(actor, client, clinician=clinician, reason=payload.reason)
    if payload.issue:
        est = actions.issue_estimate(actor, est)
    return Status(201, _estimate_out(est))


@router.post(
    "/good-faith-estimates/{estimate_id}/issue", response=EstimateOut, summary="Issue a draft"
)
def issue(request: HttpRequest, estimate_id: UUID) -> dict[str, Any]:
    actor = staff_actor(request)
    return _estimate_out(actions.issue_estimate(actor, estimate_for(actor, estimate_id)))


@router.get(
    "/good-faith-estimates/{estimate_id}/pdf",
    url_name="estimate_pdf",
    summary="A Good Faith Estimate as PDF",
)
def get_estimate_pdf(request: HttpRequest, estimate_id: UUID) -> HttpResponse:
    actor = staff_actor(request)
    return estimate_response(actor, estimate_for(actor, estimate_id))
