"""A client's (or an invoice's) balance and the ageing of what is owed. Plain Python, no Django.

The one rule every page, PDF, report and API answer shows:

    balance = final charges - payments + refunds + adjustments

Payments count once they succeed; refunds (money given back) add to what is owed; adjustments
are signed (a courtesy write-off is negative, a correction upwards positive). Draft and void
charges owe nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from confide.billing.money import ZERO, total

CHARGE, PAYMENT, REFUND, ADJUSTMENT = "charge", "payment", "refund", "adjustment"
KINDS = (CHARGE, PAYMENT, REFUND, ADJUSTMENT)
AGE_BUCKETS = ((30, "0-30 days"), (60, "31-60 days"), (90, "61-90 days"))
OVER_90 = "over 90 days"


@dataclass(frozen=True)
class Entry:
    kind: str
    amount: Decimal  # a charge, payment or refund is positive; an adjustment is signed
    on: date | None = None


@dataclass(frozen=True)
class Balance:
    charges: Decimal = ZERO
    payments: Decimal = ZERO
    refunds: Decimal = ZERO
    adjustments: Decimal = ZERO

    @property
    def paid(self) -> Decimal:
        """Payments net of refunds."""
        return self.payments - self.refunds

    @property
    def balance(self) -> Decimal:
        return self.charges - self.payments + self.refunds + self.adjustments

    @property
    def billed(self) -> Decimal:
        """Charges after adjustments: what the client was asked to pay."""
        return self.charges + self.adjustments


def balance_of(entries: Iterable[Entry]) -> Balance:
    by_kind: dict[str, list[Decimal]] = {k: [] for k in KINDS}
    for e in entries:
        if e.kind not in by_kind:
            raise ValueError(f"Unknown ledger entry {e.kind!r}.")
        if e.kind != ADJUSTMENT and e.amount < 0:
            raise ValueError(f"A {e.kind} is never negative.")
        by_kind[e.kind].append(e.amount)
    return Balance(*(total(by_kind[k]) for k in KINDS))


@dataclass(frozen=True)
class Ageing:
    buckets: tuple[tuple[str, Decimal], ...]
    credit: Decimal  # paid beyond what is owed (shown, never aged)

    @property
    def owed(self) -> Decimal:
        return total(amount for _, amount in self.buckets)


def ageing(entries: Iterable[Entry], today: date) -> Ageing:
    """Age what is owed by the date of what caused it, paying off the oldest first.

    Charges and positive adjustments (and refunds, which reopen a debt) are debts on their date;
    payments and negative adjustments are credits applied to the oldest debts.
    """
    debts: list[list] = []
    credit = ZERO
    for e in sorted(entries, key=lambda e: e.on or today):
        amount = -e.amount if e.kind == PAYMENT else e.amount
        if amount > 0:
            debts.append([e.on or today, amount])
        else:
            credit += -amount
        # Apply any credit to the oldest debts as soon as it exists.
        while credit > 0 and debts:
            take = min(credit, debts[0][1])
            debts[0][1] -= take
            credit -= take
            if debts[0][1] == 0:
                debts.pop(0)
    sums = {label: ZERO for _, label in AGE_BUCKETS} | {OVER_90: ZERO}
    for on, amount in debts:
        days = (today - on).days
        label = next((lab for upto, lab in AGE_BUCKETS if days <= upto), OVER_90)
        sums[label] += amount
    return Ageing(tuple(sums.items()), credit)
