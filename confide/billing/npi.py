"""National Provider Identifier check digit. Plain Python, no Django.

An NPI is ten digits; the tenth is a Luhn check digit computed over the nine before it with the
card-issuer prefix 80840 in front (CMS, "Requirements for NPI check digit"). The prefix adds a
constant 24 to the Luhn sum of the nine digits.
"""

from __future__ import annotations

PREFIX = "80840"


def _luhn_sum(digits: str) -> int:
    """The Luhn sum of `digits` as if a check digit followed them (double from the right)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total


def check_digit(first_nine: str) -> int:
    """The tenth digit for the first nine digits of an NPI."""
    if len(first_nine) != 9 or not first_nine.isdigit():
        raise ValueError("An NPI's first part is nine digits.")
    return (10 - _luhn_sum(PREFIX + first_nine) % 10) % 10


def is_valid_npi(value: str) -> bool:
    """Ten digits whose last is the Luhn check digit over 80840 + the first nine."""
    value = (value or "").strip()
    if len(value) != 10 or not value.isdigit():
        return False
    return check_digit(value[:9]) == int(value[9])


def npi_problem(value: str) -> str:
    """A sentence saying what is wrong with an NPI, or "" when it is valid."""
    value = (value or "").strip()
    if len(value) != 10 or not value.isdigit():
        return "An NPI is exactly ten digits."
    if not is_valid_npi(value):
        return "This NPI's check digit does not match: check it for a typing mistake."
    return ""
