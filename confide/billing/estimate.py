"""The numbers of a Good Faith Estimate, from a course of treatment. Plain Python, no Django.

A course is a first consultation (intake) and N sessions at the clinician's fee. The itemised
lines carry the expected number of sessions (the accepted formulation's contract, or the usual
course before there is one); the expected range spans the course's shortest and longest length
(standard IPT 12-16 sessions). The total of the lines is the "total expected charges" the $400
dispute rule compares the bill with.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from confide.billing.money import ZERO, cents, total

DISPUTE_THRESHOLD = Decimal("400.00")


@dataclass(frozen=True)
class LineIn:
    code: str
    description: str
    unit_fee: Decimal
    quantity: int
    modifiers: tuple[str, ...] = ()
    place_of_service: str = ""


@dataclass(frozen=True)
class Line(LineIn):
    @property
    def amount(self) -> Decimal:
        return cents(self.unit_fee * self.quantity)


@dataclass(frozen=True)
class Figures:
    lines: tuple[Line, ...]
    low: Decimal
    high: Decimal

    @property
    def total(self) -> Decimal:
        return total(line.amount for line in self.lines)


def course_figures(
    *,
    intake: LineIn | None,
    session: LineIn,
    sessions: int,
    fewest: int,
    most: int,
) -> Figures:
    """Itemise intake + `sessions` sessions; the range runs from `fewest` to `most` sessions.

    `intake` is None once the first consultation has already been held and billed.
    """
    if sessions < 1:
        raise ValueError("A course has at least one session.")
    fewest, most = min(fewest, sessions), max(most, sessions)
    lines = []
    base = ZERO
    if intake is not None:
        lines.append(Line(**{**intake.__dict__, "quantity": 1}))
        base = cents(intake.unit_fee)
    lines.append(Line(**{**session.__dict__, "quantity": sessions}))
    return Figures(
        tuple(lines),
        low=base + cents(session.unit_fee * fewest),
        high=base + cents(session.unit_fee * most),
    )


def excess(billed: Decimal, expected: Decimal) -> Decimal:
    """How far billed charges run over the estimate (never negative)."""
    return max(ZERO, cents(billed - expected))


def may_dispute(billed: Decimal, expected: Decimal) -> bool:
    """The client may start a dispute when billed charges are $400 or more over the estimate."""
    return excess(billed, expected) >= DISPUTE_THRESHOLD
