"""Money arithmetic: `Decimal` to the cent, never a float. Plain Python, no Django.

Amounts enter Confide as strings ("175.00", "175", "175.5") and leave as strings with exactly
two decimals. A float is refused outright: 0.1 + 0.2 is not 0.3, and a practice's books must add.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# Larger than any single fee, payment or adjustment a practice records; a typo guard.
MAX_AMOUNT = Decimal("100000.00")


class AmountError(ValueError):
    """An amount that is not a number of dollars and cents in range."""


def cents(value: Decimal) -> Decimal:
    """Round half up to the cent (how a receipt rounds)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(
    value: object, *, allow_zero: bool = False, allow_negative: bool = False
) -> Decimal:
    """Read an amount from a string, int or Decimal; refuse floats, fractions of a cent, junk."""
    if isinstance(value, (bool, float)):
        raise AmountError('Give the amount as a decimal string, such as "175.00".')
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", "").removeprefix("$")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise AmountError(f"{value!r} is not an amount of money.") from None
    else:
        raise AmountError('Give the amount as a decimal string, such as "175.00".')
    if not amount.is_finite():
        raise AmountError("The amount must be a finite number.")
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise AmountError("The amount cannot have fractions of a cent.")
    amount = amount.quantize(CENT)
    if amount < 0 and not allow_negative:
        raise AmountError("The amount cannot be negative.")
    if amount == 0 and not allow_zero:
        raise AmountError("The amount must be more than zero.")
    if abs(amount) > MAX_AMOUNT:
        raise AmountError(f"The amount cannot be more than {format_usd(MAX_AMOUNT)}.")
    return amount


def total(amounts: Iterable[Decimal]) -> Decimal:
    """Sum exactly; an empty sum is 0.00."""
    return sum((Decimal(a) for a in amounts), ZERO).quantize(CENT)


def as_string(amount: Decimal) -> str:
    """The API's form: a plain decimal string with two places ("175.00", "-20.00")."""
    return f"{cents(Decimal(amount)):.2f}"


def format_usd(amount: Decimal) -> str:
    """How a person reads it: $1,175.00, or -$20.00."""
    amount = cents(Decimal(amount))
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def to_minor_units(amount: Decimal) -> int:
    """Cents as an integer, as card providers take amounts."""
    return int(cents(Decimal(amount)) * 100)
