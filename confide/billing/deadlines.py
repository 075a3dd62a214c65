"""Good Faith Estimate deadlines under the No Surprises Act. Plain Python, no Django.

45 CFR 149.610(b)(1)(vi), for an uninsured or self-pay client:
- service scheduled at least 3 business days ahead: the estimate is due no later than 1 business
  day after the date of scheduling;
- scheduled at least 10 business days ahead: no later than 3 business days after scheduling;
- on request (a question about cost counts as one): no later than 3 business days after it;
- fewer than 3 business days ahead: not required by the rule, but we still draft one, due before
  the service, because a client who is told the cost is a client who is not surprised.
A new estimate after a change (the plan, the provider, the fees) is due no later than 1 business
day before the next service.

Business days are Monday to Friday except US federal holidays (as observed), from the maintained
`holidays` package, so a deadline over Thanksgiving or July 4th moves as the calendar does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

SCHEDULED, REQUESTED, CHANGED = "scheduled", "requested", "changed"


@lru_cache(maxsize=64)
def _federal(year: int) -> frozenset[date]:
    return frozenset(holidays.US(years=year, observed=True).keys())


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _federal(day.year)


def add_business_days(day: date, count: int) -> date:
    """The `count`-th business day after `day` (count >= 1), or before it (count <= -1)."""
    if count == 0:
        raise ValueError("Count business days from one, or back from minus one.")
    step = timedelta(days=1 if count > 0 else -1)
    left = abs(count)
    while left:
        day += step
        if is_business_day(day):
            left -= 1
    return day


def business_days_ahead(scheduled_on: date, service_on: date) -> int:
    """How many business days the service is scheduled ahead: business days in
    (scheduled_on, service_on]. Scheduled Monday for Thursday is 3."""
    if service_on <= scheduled_on:
        return 0
    count, day = 0, scheduled_on
    while day < service_on:
        day += timedelta(days=1)
        if is_business_day(day):
            count += 1
    return count


@dataclass(frozen=True)
class Deadline:
    due_on: date
    required: bool
    rule: str  # a sentence for staff, naming the rule applied


def deadline(reason: str, start: date, service_on: date | None = None) -> Deadline:
    """When the estimate is due, for a reason (scheduled, requested, changed) on `start`."""
    if reason == REQUESTED or (reason == SCHEDULED and service_on is None):
        return Deadline(add_business_days(start, 3), True, "Requested: due within 3 business days.")
    if reason == CHANGED:
        if service_on is None or service_on <= start:
            return Deadline(
                add_business_days(start, 3), True, "Plan changed: due within 3 business days."
            )
        due = max(start, add_business_days(service_on, -1))
        return Deadline(due, True, "Plan changed: due 1 business day before the next session.")
    if reason != SCHEDULED or service_on is None:
        raise ValueError(f"Unknown reason {reason!r}.")
    ahead = business_days_ahead(start, service_on)
    if ahead >= 10:
        return Deadline(
            add_business_days(start, 3),
            True,
            "Scheduled 10 or more business days ahead: due within 3 business days.",
        )
    if ahead >= 3:
        return Deadline(
            add_business_days(start, 1),
            True,
            "Scheduled 3 to 9 business days ahead: due within 1 business day.",
        )
    return Deadline(
        service_on,
        False,
        "Scheduled fewer than 3 business days ahead: not required by the rule; give it before "
        "the session.",
    )
