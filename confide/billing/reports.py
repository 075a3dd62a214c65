"""The practice's money reports: charges, payments and balances by month, clinician and
service; the ageing of balances; a clinician's own production. Summed in Python from Decimal
rows (exact on SQLite and PostgreSQL alike), in a fixed number of queries per report.

Payments are taken per invoice, so "collected" by clinician or service spreads each invoice's
net payments over its charges, oldest first (the superbill's rule).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from confide.billing import ledger
from confide.billing.balances import ageing_of, client_balances
from confide.billing.models import Charge, Payment, PaymentStatus, Refund, RefundStatus
from confide.billing.money import ZERO, as_string

GROUPS = ("month", "clinician", "service")


@dataclass
class Row:
    key: str
    label: str
    count: int = 0
    charged: Decimal = ZERO
    collected: Decimal = ZERO


def _key(charge: dict[str, Any], group: str) -> tuple[str, str]:
    if group == "month":
        on: date = charge["date_of_service"]
        return f"{on:%Y-%m}", f"{on:%B %Y}"
    if group == "clinician":
        return str(
            charge["clinician"]
        ), f"{charge['clinician__first_name']} {charge['clinician__last_name']}"
    code = charge["code"] or "-"
    return code, f"{code} {charge['description']}" if charge["code"] else charge["description"]


def production(group: str, first: date, last: date, *, clinician: Any = None) -> list[Row]:
    """Final charges (and what has been collected on them) in the dates, grouped."""
    if group not in GROUPS:
        raise ValueError(f"Group by one of {', '.join(GROUPS)}.")
    from confide.billing.records import paid_per_charge

    charges = Charge.objects.final().filter(date_of_service__gte=first, date_of_service__lte=last)
    if clinician is not None:
        charges = charges.filter(clinician=clinician)
    rows = list(
        charges.values(
            "pk", "invoice_id", "fee", "units", "date_of_service", "code", "description",
            "clinician", "clinician__first_name", "clinician__last_name",
        )
    )  # fmt: skip
    paid = paid_per_charge({r["invoice_id"] for r in rows})
    out: dict[str, Row] = {}
    for r in rows:
        key, label = _key(r, group)
        row = out.setdefault(key, Row(key, label))
        row.count += r["units"]
        row.charged += r["fee"] * r["units"]
        row.collected += paid.get(r["pk"], ZERO)
    return sorted(out.values(), key=lambda row: row.key)


@dataclass
class PaymentRow:
    key: str
    label: str
    received: Decimal = ZERO
    refunded: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.received - self.refunded


def payments_by_month(first: date, last: date) -> list[PaymentRow]:
    """Money in (succeeded payments) and out (refunds) by the month it moved, with methods."""
    out: dict[str, PaymentRow] = {}
    for on, amount in Payment.objects.filter(
        status=PaymentStatus.SUCCEEDED, received_on__gte=first, received_on__lte=last
    ).values_list("received_on", "amount"):
        out.setdefault(f"{on:%Y-%m}", PaymentRow(f"{on:%Y-%m}", f"{on:%B %Y}")).received += amount
    for on, amount in Refund.objects.filter(
        status=RefundStatus.SUCCEEDED, on__gte=first, on__lte=last
    ).values_list("on", "amount"):
        out.setdefault(f"{on:%Y-%m}", PaymentRow(f"{on:%Y-%m}", f"{on:%B %Y}")).refunded += amount
    return sorted(out.values(), key=lambda r: r.key)


def payments_by_method(first: date, last: date) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for method, amount in Payment.objects.filter(
        status=PaymentStatus.SUCCEEDED, received_on__gte=first, received_on__lte=last
    ).values_list("method", "amount"):
        sums[method] += amount
    return dict(sums)


@dataclass
class BalanceRow:
    client_id: Any
    name: str
    clinician: str
    balance: ledger.Balance
    ageing: ledger.Ageing


def balances(today: date, clients: Iterable[Any]) -> list[BalanceRow]:
    """Every client with money on their account, what they owe, and how old it is."""
    clients = list(clients)
    ids = [c.pk for c in clients]
    sums = client_balances(ids)
    aged = ageing_of(ids, today)
    rows = []
    for c in clients:
        b = sums[c.pk]
        if b.charges == 0 and b.payments == 0 and b.adjustments == 0:
            continue
        primary = next((a.clinician for a in c.assignments.all() if a.primary), None)
        rows.append(
            BalanceRow(c.pk, c.full_name, primary.full_name if primary else "", b, aged[c.pk])
        )
    return sorted(rows, key=lambda r: -r.balance.balance)


def balances_by_clinician(rows: list[BalanceRow]) -> list[tuple[str, Decimal]]:
    sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for r in rows:
        sums[r.clinician or "Unassigned"] += r.balance.balance
    return sorted(sums.items())


def ageing_totals(rows: list[BalanceRow]) -> list[tuple[str, Decimal]]:
    sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for r in rows:
        for label, amount in r.ageing.buckets:
            sums[label] += amount
    labels = [label for _, label in ledger.AGE_BUCKETS] + [ledger.OVER_90]
    return [(label, sums[label]) for label in labels]


# --- CSV --------------------------------------------------------------------------------------


def to_csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([as_string(v) if isinstance(v, Decimal) else _safe(v) for v in row])
    return buffer.getvalue()


def _safe(value: Any) -> Any:
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else value


def production_csv(rows: list[Row], group: str) -> str:
    return to_csv([group, "label", "units", "charged", "collected"],
                  ([r.key, r.label, r.count, r.charged, r.collected] for r in rows))  # fmt: skip


def payments_csv(rows: list[PaymentRow]) -> str:
    return to_csv(["month", "received", "refunded", "net"],
                  ([r.key, r.received, r.refunded, r.net] for r in rows))  # fmt: skip


def balances_csv(rows: list[BalanceRow]) -> str:
    labels = [label for _, label in ledger.AGE_BUCKETS] + [ledger.OVER_90]
    return to_csv(
        ["client", "clinician", "charges", "paid", "adjustments", "balance", *labels, "credit"],
        (
            [r.name, r.clinician, r.balance.charges, r.balance.paid, r.balance.adjustments,
             r.balance.balance, *[dict(r.ageing.buckets)[lab] for lab in labels], r.ageing.credit]
            for r in rows
        ),
    )  # fmt: skip
