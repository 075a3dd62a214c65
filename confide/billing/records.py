"""What the money documents and pages show, gathered in a fixed number of queries: a
superbill's sections, an invoice's lines, a month's statement. The PDFs are drawn by
documents.py from these, and the balance is always `ledger`'s."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from confide.billing import ledger
from confide.billing.balances import client_entries, invoice_balance
from confide.billing.models import (
    Adjustment,
    Charge,
    ChargeStatus,
    Invoice,
    Payment,
    PaymentStatus,
    Refund,
    RefundStatus,
)
from confide.billing.money import ZERO, cents
from confide.billing.pricing import provider_details


@dataclass
class SuperbillLine:
    on: date
    code: str
    modifiers: list[str]
    place: str
    units: int
    description: str
    amount: Decimal
    paid: Decimal


@dataclass
class SuperbillSection:
    provider: dict[str, Any]
    diagnoses: list[dict[str, Any]]
    lines: list[SuperbillLine] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((line.paid for line in self.lines), ZERO)


def paid_per_charge(invoice_ids: set[Any]) -> dict[Any, Decimal]:
    """Spread each invoice's net payments over its charges, oldest first (what insurers ask
    per line: how much of this service the client has paid). Keyed by charge id."""
    invoice_ids = {i for i in invoice_ids if i}
    paid: dict[Any, Decimal] = defaultdict(lambda: ZERO)
    for inv, amount in Payment.objects.filter(
        invoice_id__in=invoice_ids, status=PaymentStatus.SUCCEEDED
    ).values_list("invoice_id", "amount"):
        paid[inv] += amount
    for inv, amount in Refund.objects.filter(
        payment__invoice_id__in=invoice_ids, status=RefundStatus.SUCCEEDED
    ).values_list("payment__invoice", "amount"):
        paid[inv] -= amount
    on_invoice = Charge.objects.filter(invoice_id__in=invoice_ids, status=ChargeStatus.FINAL)
    adjusted: dict[Any, Decimal] = defaultdict(lambda: ZERO)
    for charge_id, amount in Adjustment.objects.filter(
        charge__invoice_id__in=invoice_ids
    ).values_list("charge_id", "amount"):
        adjusted[charge_id] += amount
    out: dict[Any, Decimal] = {}
    for c in on_invoice.order_by("date_of_service", "created_at"):
        owed = cents(c.fee * c.units + adjusted[c.pk])
        take = max(ZERO, min(owed, paid[c.invoice_id]))
        paid[c.invoice_id] -= take
        out[c.pk] = take
    return out


def superbill(client: Any, first: date, last: date) -> list[SuperbillSection]:
    """Final charges for services (with a code) in the dates, one section per clinician."""
    charges = list(
        Charge.objects.final()
        .filter(client=client, date_of_service__gte=first, date_of_service__lte=last)
        .exclude(code="")
        .select_related("clinician")
        .prefetch_related("adjustments")
        .order_by("clinician__last_name", "date_of_service", "created_at")
    )
    paid = paid_per_charge({c.invoice_id for c in charges})
    diagnoses = [
        {"code": d.code, "description": d.description, "primary": d.primary}
        for d in client.diagnoses.during(first, last).order_by("-primary", "diagnosed_on")
    ]
    sections: dict[Any, SuperbillSection] = {}
    for c in charges:
        if c.clinician_id not in sections:
            sections[c.clinician_id] = SuperbillSection(provider_details(c.clinician), diagnoses)
        adjusted = sum((a.amount for a in c.adjustments.all()), ZERO)
        sections[c.clinician_id].lines.append(
            SuperbillLine(
                on=c.date_of_service,
                code=c.code,
                modifiers=list(c.modifiers),
                place=c.place_of_service,
                units=c.units,
                description=c.description,
                amount=cents(c.fee * c.units + adjusted),
                paid=paid.get(c.pk, ZERO),
            )
        )
    return list(sections.values())


@dataclass
class InvoiceView:
    invoice: Invoice
    charges: list[Charge]
    adjustments: list[Adjustment]
    payments: list[Payment]
    refunds: list[Refund]
    balance: ledger.Balance


def invoice_view(invoice: Invoice) -> InvoiceView:
    return InvoiceView(
        invoice=invoice,
        charges=list(invoice.charges.final().select_related("clinician")),
        adjustments=list(invoice.adjustments.all()),
        payments=list(invoice.payments.filter(status=PaymentStatus.SUCCEEDED)),
        refunds=list(
            Refund.objects.filter(payment__invoice=invoice, status=RefundStatus.SUCCEEDED)
        ),
        balance=invoice_balance(invoice),
    )


@dataclass(frozen=True)
class StatementEntry:
    on: date
    kind: str
    amount: Decimal
    label: str


def month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def statement(
    client: Any, year: int, month: int
) -> tuple[date, date, Decimal, list[StatementEntry]]:
    """Opening balance and the month's activity (by the ledger's rule)."""
    first, last = month_bounds(year, month)
    dated = [(e.on, e) for e in client_entries([client.pk]).get(client.pk, []) if e.on]
    opening = ledger.balance_of(e for on, e in dated if on < first).balance
    labels = {
        ledger.CHARGE: "Charge",
        ledger.PAYMENT: "Payment received",
        ledger.REFUND: "Refund paid to you",
        ledger.ADJUSTMENT: "Adjustment",
    }
    rows = [
        StatementEntry(on, e.kind, e.amount, labels[e.kind])
        for on, e in sorted(dated, key=lambda pair: pair[0])
        if first <= on <= last
    ]
    return first, last, opening, rows
