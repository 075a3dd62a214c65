"""Session rules that apply to every request: no caching, session limits, the second factor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, get_user_model, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from confide.accounts import sessions
from confide.accounts.second_factor import has_second_factor, is_verified, requires_second_factor
from confide.audit.log import record
from confide.audit.models import Action
from confide.core.doors import actor_of

# Pages that may hold health information, whoever asks for them.
NO_STORE_PREFIXES = ("/staff/", "/portal/", "/api/", "/check/", "/admin/")
# Pages an unverified staff session may still open: signing in, the public site and the check.
# Everything else (/staff/, /admin/, /portal/, and anything added later) needs the second factor.
SECOND_FACTOR_EXEMPT_APPS = {"accounts", "pages", "screening"}
SECOND_FACTOR_PREFIXES = ("/staff/", "/admin/", "/portal/")
# The API authenticates each call with a token, not with the session.
SECOND_FACTOR_EXEMPT_PREFIXES = ("/api/",)

Handler = Callable[[HttpRequest], HttpResponse]


def _is_static(path: str) -> bool:
    return bool(settings.STATIC_URL) and path.startswith(str(settings.STATIC_URL))


def _is_api(path: str) -> bool:
    return path.startswith("/api/")


class NoStoreMiddleware:
    """`Cache-Control: no-store, private` on every page that may carry health information."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        path = request.path
        if _is_static(path):
            return response
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or path.startswith(NO_STORE_PREFIXES):
            response["Cache-Control"] = "no-store, private"
        return response


class SessionLimitsMiddleware:
    """Ends a session that was idle too long, that is too old, or whose user was disabled."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_static(request.path):
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            if SESSION_KEY in request.session:
                # Signed in, but the account no longer authenticates (disabled or removed).
                self._end_orphaned_session(request)
                return self._after_ending(request, sessions.DISABLED, None)
            return self.get_response(request)
        reason = sessions.expiry_reason(request, user)
        if reason is None:
            return self.get_response(request)
        request.confide_logout_reason = f"Session ended: {reason}"  # type: ignore[attr-defined]
        logout(request)
        return self._after_ending(request, reason, user)

    def _end_orphaned_session(self, request: HttpRequest) -> None:
        user_model = get_user_model()
        try:
            pk = user_model._meta.pk.to_python(request.session[SESSION_KEY])
            former = user_model._default_manager.filter(pk=pk).first()
        except Exception:  # a malformed session is ended all the same
            former = None
        record(
            Action.LOGOUT, actor=actor_of(request, former), detail="Session ended: account disabled"
        )
        request.session.flush()

    def _after_ending(self, request: HttpRequest, reason: str, user: Any) -> HttpResponse:
        if _is_api(request.path):
            # The API answers for itself (with a token, or a 401 without one).
            return self.get_response(request)
        messages.info(request, sessions.reason_message(reason, user))
        next_url = request.get_full_path() if request.method == "GET" else None
        if next_url:
            return redirect_to_login(next_url)
        return redirect(settings.LOGIN_URL)


class SecondFactorMiddleware:
    """Staff must pass the second factor before anything but the sign-in and public pages."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Staff areas are closed by path, before URL resolution: even their 404s wait.
        if request.path.startswith(SECOND_FACTOR_PREFIXES) and self._needs_factor(request.user):
            return redirect_to_second_factor(request, request.user)
        return self.get_response(request)

    @staticmethod
    def _needs_factor(user: Any) -> bool:
        return requires_second_factor(user) and not is_verified(user)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        user = request.user
        if not self._needs_factor(user):
            return None
        path = request.path
        if _is_static(path) or path.startswith(SECOND_FACTOR_EXEMPT_PREFIXES):
            return None
        match = request.resolver_match
        app = match.app_names[0] if match and match.app_names else ""
        if app in SECOND_FACTOR_EXEMPT_APPS:
            return None
        return redirect_to_second_factor(request, user)


def redirect_to_second_factor(request: HttpRequest, user: Any) -> HttpResponse:
    """To set-up for a staff member without an app yet, else to verification."""
    name = "accounts:verify" if has_second_factor(user) else "accounts:setup"
    url = reverse(name)
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return redirect(url)
