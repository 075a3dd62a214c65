"""Audit rows for sign-in, failed sign-in and sign-out, and the session's clock at sign-in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY

from confide.accounts import sessions
from confide.audit.log import record
from confide.audit.models import Action
from confide.core.doors import actor_of


@receiver(user_logged_in, dispatch_uid="confide.accounts.logged_in")
def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        # A password sign-in starts unverified, even in a session that was verified before.
        if not hasattr(user, "otp_device"):
            request.session.pop(DEVICE_ID_SESSION_KEY, None)
        sessions.start(request)
    record(Action.LOGIN, actor=actor_of(request, user))


@receiver(user_logged_out, dispatch_uid="confide.accounts.logged_out")
def on_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    reason = getattr(request, "confide_logout_reason", "") if request is not None else ""
    record(Action.LOGOUT, actor=actor_of(request, user), detail=reason)


@receiver(user_login_failed, dispatch_uid="confide.accounts.login_failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the username attempted: Django masks the password, and we never read it anyway.
    username = str(credentials.get("username") or "")[:150]
    what = "Wrong second-factor code" if credentials.get("factor") == "otp" else "Failed sign-in"
    record(
        Action.LOGIN_FAILED,
        actor=actor_of(request, None),
        detail=f"{what} for username {username!r}",
    )
