"""How Confide says when something happens, in words people use (pure Python, no Django).

Every moment is stored in UTC and said in the zone of the place it happens (scheduling:
`Appointment.zone`), so these take an aware datetime and the zone to say it in.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def clock(moment: datetime) -> str:
    """'4pm', '4:30pm': the time of day as people say it."""
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def short_when(moment: datetime, zone: str) -> str:
    """'Tue Mar 10, 4pm' (in that zone): an opening, a clash."""
    at = local(moment, zone)
    return f"{at:%a %b} {at.day}, {clock(at)}"


def long_when(moment: datetime, zone: str) -> str:
    """'Tuesday, March 10 at 4pm (America/New_York)': a booking confirmed, a reminder."""
    at = local(moment, zone)
    return f"{at:%A, %B} {at.day} at {clock(at)} ({zone})"


def day_and_clock(moment: datetime, zone: str) -> str:
    """'Tuesday at 4pm': enough for an e-mail subject a day ahead."""
    at = local(moment, zone)
    return f"{at:%A} at {clock(at)}"
