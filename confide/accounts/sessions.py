"""How long a signed-in session lives: idle limits by role, an absolute limit, and an end.

The session keeps two Unix timestamps: when the person signed in, and when they were last seen.
`end_sessions` ends every session of an account at once (a password reset, closed portal
access) by stamping the account: a session signed in before the stamp is over at its next
request, whichever session engine holds it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from confide.accounts.second_factor import requires_second_factor

LOGIN_AT = "confide_login_at"
SEEN_AT = "confide_seen_at"

IDLE = "idle"
ABSOLUTE = "absolute"
DISABLED = "disabled"
ENDED = "ended"

# Saving the session on every request would write to the database on every page; a few seconds
# of slack in the idle clock costs nothing.
_SEEN_RESOLUTION = 10


def now_ts() -> float:
    return timezone.now().timestamp()


def start(request: HttpRequest) -> None:
    """Called at sign-in: both clocks start now."""
    stamp = now_ts()
    request.session[LOGIN_AT] = stamp
    request.session[SEEN_AT] = stamp


def idle_limit(user: Any) -> timedelta:
    if requires_second_factor(user):
        return timedelta(minutes=settings.CONFIDE_STAFF_IDLE_MINUTES)
    return timedelta(minutes=settings.CONFIDE_CLIENT_IDLE_MINUTES)


def expiry_reason(request: HttpRequest, user: Any) -> str | None:
    """IDLE or ABSOLUTE when this session has run out, else None (and mark it as seen)."""
    session = request.session
    stamp = now_ts()
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT)
    if login_at is None or seen_at is None:
        # A session from before these clocks existed: start them rather than end it.
        session.setdefault(LOGIN_AT, stamp)
        session[SEEN_AT] = stamp
        return None
    ended_at = getattr(user, "sessions_ended_at", None)
    if ended_at is not None and login_at < ended_at.timestamp():
        return ENDED
    if stamp - login_at > settings.CONFIDE_SESSION_MAX_HOURS * 3600:
        return ABSOLUTE
    if stamp - seen_at > idle_limit(user).total_seconds():
        return IDLE
    if stamp - seen_at >= _SEEN_RESOLUTION:
        session[SEEN_AT] = stamp
    return None


def end_sessions(user: Any) -> None:
    """End every session of `user`: each is over at its next request."""
    moment = timezone.now()
    type(user).objects.filter(pk=user.pk).update(sessions_ended_at=moment)
    user.sessions_ended_at = moment


def reason_message(reason: str, user: Any = None) -> str:
    """What the sign-in page tells someone whose session was ended, and why."""
    if reason == IDLE:
        minutes = int(idle_limit(user).total_seconds() // 60)
        return (
            f"You were signed out because there was no activity for {minutes} minutes. "
            "Sign in again to continue."
        )
    if reason == ABSOLUTE:
        return (
            f"You were signed out because you had been signed in for "
            f"{settings.CONFIDE_SESSION_MAX_HOURS} hours. Sign in again to continue."
        )
    if reason == ENDED:
        return (
            "You were signed out because this account's password was changed or its access "
            "was closed. Sign in again to continue."
        )
    return "You were signed out because your account is no longer active."
