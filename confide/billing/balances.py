"""Balances read from the database and computed by the one rule in `ledger.py`.

Each function fetches the rows it needs in a fixed number of queries, so a page of a hundred
clients costs what a page of one does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from confide.billing import ledger
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


def _entries(
    charges: QuerySet, adjustments: QuerySet, payments: QuerySet, refunds: QuerySet, key: str
) -> dict[Any, list[ledger.Entry]]:
    """Ledger entries grouped by `key` (client_id or invoice_id), four queries in all."""
    out: dict[Any, list[ledger.Entry]] = defaultdict(list)
    for k, fee, units, on in charges.filter(status=ChargeStatus.FINAL).values_list(
        key, "fee", "units", "date_of_service"
    ):
        out[k].append(ledger.Entry(ledger.CHARGE, fee * units, on))
    for k, amount, on in adjustments.values_list(key, "amount", "on"):
        out[k].append(ledger.Entry(ledger.ADJUSTMENT, amount, on))
    for k, amount, on in payments.filter(status=PaymentStatus.SUCCEEDED).values_list(
        key, "amount", "received_on"
    ):
        out[k].append(ledger.Entry(ledger.PAYMENT, amount, on))
    refund_key = f"payment__{key.removesuffix('_id')}"
    for k, amount, on in refunds.filter(status=RefundStatus.SUCCEEDED).values_list(
        refund_key, "amount", "on"
    ):
        out[k].append(ledger.Entry(ledger.REFUND, amount, on))
    return out


def client_entries(client_ids: Iterable[Any]) -> dict[Any, list[ledger.Entry]]:
    ids = list(client_ids)
    return _entries(
        Charge.objects.filter(client_id__in=ids),
        Adjustment.objects.filter(client_id__in=ids),
        Payment.objects.filter(client_id__in=ids),
        Refund.objects.filter(payment__client_id__in=ids),
        "client_id",
    )


def client_balances(client_ids: Iterable[Any]) -> dict[Any, ledger.Balance]:
    ids = list(client_ids)
    entries = client_entries(ids)
    return {i: ledger.balance_of(entries.get(i, [])) for i in ids}


def client_balance(client: Any) -> ledger.Balance:
    return client_balances([client.pk])[client.pk]


def invoice_balances(invoice_ids: Iterable[Any]) -> dict[Any, ledger.Balance]:
    ids = list(invoice_ids)
    entries = _entries(
        Charge.objects.filter(invoice_id__in=ids),
        Adjustment.objects.filter(invoice_id__in=ids),
        Payment.objects.filter(invoice_id__in=ids),
        Refund.objects.filter(payment__invoice_id__in=ids),
        "invoice_id",
    )
    return {i: ledger.balance_of(entries.get(i, [])) for i in ids}


def invoice_balance(invoice: Invoice) -> ledger.Balance:
    return invoice_balances([invoice.pk])[invoice.pk]


def refundable(payment: Payment) -> Decimal:
    """What can still be refunded: pending refunds count, so two refunds cannot overlap."""
    taken = sum(
        (
            r.amount
            for r in payment.refunds.filter(
                Q(status=RefundStatus.SUCCEEDED) | Q(status=RefundStatus.PENDING)
            )
        ),
        Decimal("0"),
    )
    return payment.amount - taken if payment.status == PaymentStatus.SUCCEEDED else Decimal("0")


def ageing_of(client_ids: Iterable[Any], today: date) -> dict[Any, ledger.Ageing]:
    ids = list(client_ids)
    entries = client_entries(ids)
    return {i: ledger.ageing(entries.get(i, []), today) for i in ids}
