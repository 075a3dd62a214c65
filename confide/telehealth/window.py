"""When a session's video room may be entered: plain Python, no Django.

The room opens a little before the appointment (so nobody waits on a closed door) and closes
a while after its end (a session that runs over is not cut off); outside that, the link
leads nowhere, whoever holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Window:
    opens_at: datetime
    closes_at: datetime

    def state(self, now: datetime) -> str:
        """ "early", "open" or "closed"."""
        if now < self.opens_at:
            return "early"
        if now >= self.closes_at:
            return "closed"
        return "open"


def window(start: datetime, end: datetime, *, opens_before: int, closes_after: int) -> Window:
    """The room's window for an appointment from `start` to `end` (minutes before and after)."""
    if end <= start:
        raise ValueError("An appointment ends after it starts.")
    return Window(start - timedelta(minutes=opens_before), end + timedelta(minutes=closes_after))


def token_expiry(now: datetime, closes_at: datetime, seconds: int) -> datetime:
    """A room token lasts long enough to join with, and never past the window."""
    return min(now + timedelta(seconds=seconds), closes_at)
