"""How long a record is kept: plain date arithmetic, no Django (the settings feed it).

The schedule reflects the two states the practice works in (see docs/records.md): New York
asks licensed professionals to keep a record at least six years after the last contact and,
for a minor, until at least one year after they turn 21 (8 NYCRR 29.2(a)(3)); Connecticut's
rules for comparable records are seven years after the last treatment or discharge. The
defaults take the stricter of each: seven years, and for anyone seen as a minor not before
their 22nd birthday. Nothing is ever deleted automatically: a command lists what is due.
"""

from __future__ import annotations

from datetime import date


def add_years(day: date, years: int) -> date:
    """The same day `years` later (February 29 becomes February 28)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def keep_until(
    *, last_contact: date, born: date, first_contact: date, years: int, minor_until_age: int
) -> date:
    """The first day the record may be reviewed for destruction."""
    until = add_years(last_contact, years)
    if add_years(born, 18) > first_contact:  # seen as a minor
        until = max(until, add_years(born, minor_until_age))
    return until
