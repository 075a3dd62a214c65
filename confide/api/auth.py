"""API authentication: bearer tokens from `POST /api/v1/auth/token` (API.md, Conventions).

Other routers use `Router(auth=token_auth)`; `request.auth` is then the user, and
`api_actor(request)` the `Actor` every action takes (the API's one dependency).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from axes.helpers import get_client_ip_address
from axes.utils import reset as reset_lockout
from django.contrib.auth import authenticate
from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.security import HttpBearer

from confide.accounts import second_factor as factor
from confide.accounts.lockout import lockout_message
from confide.accounts.tokens import find_token, issue_token, revoke
from confide.api.errors import error_body
from confide.audit.actor import Actor, Via
from confide.audit.log import record
from confide.audit.models import Action
from confide.practice.access import require_staff


class TokenAuth(HttpBearer):
    """A valid, unexpired, unrevoked token of an active user; anything else is ninja's 401."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        found = find_token(token.strip())
        if found is None:
            return None
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        request.actor = Actor.from_request(request, Via.API, user=found.user)  # type: ignore[attr-defined]
        return found.user


token_auth = TokenAuth()


def api_actor(request: HttpRequest) -> Actor:
    """Who is calling: the token's user on an authenticated route, nobody on a public one."""
    actor = getattr(request, "actor", None)
    if isinstance(actor, Actor):
        return actor
    return Actor.from_request(request, Via.API, user=getattr(request, "auth", None))


def staff_actor(request: HttpRequest) -> Actor:
    """The caller, on a staff-only route: a client's token gets 403 (access.require_staff)."""
    actor = api_actor(request)
    require_staff(actor)
    return actor


router = Router(tags=["auth"])


class TokenRequest(Schema):
    username: str
    password: str
    otp: str | None = None


class TokenResponse(Schema):
    token: str
    expires_at: datetime


class FieldError(Schema):
    field: str
    message: str


class ErrorResponse(Schema):
    detail: str
    errors: list[FieldError]


def _otp_error(message: str) -> Status[dict[str, Any]]:
    return Status(401, error_body(message, [{"field": "otp", "message": message}]))


@router.post(
    "/token",
    response={200: TokenResponse, 401: ErrorResponse, 429: ErrorResponse},
    summary="Get a token",
    description="Staff accounts also send `otp`: the code from their authenticator app, or an "
    "unused recovery code. The token is shown once; send it as `Authorization: Bearer <token>`.",
)
def create_token(request: HttpRequest, payload: TokenRequest) -> Any:
    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        return Status(429, error_body(lockout_message()))
    if user is None:
        return Status(401, error_body("The username or password is not right."))

    if factor.requires_second_factor(user):
        if not factor.has_second_factor(user):
            return _otp_error(
                "This account has no second factor yet: sign in on the website once to set it up."
            )
        if not payload.otp:
            return _otp_error("Send otp: the code from your authenticator app, or a recovery code.")
        if factor.is_throttled(user, payload.otp):
            return _otp_error("Too many wrong codes. Wait a minute, then try again.")
        if factor.verify(user, payload.otp) is None:
            # A wrong code counts towards the lockout, like a wrong password.
            credentials = {"username": payload.username, "factor": "otp"}
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                return Status(429, error_body(lockout_message()))
            return _otp_error("The code is not right, or was already used.")

    raw, token = issue_token(user)
    # What a successful sign-in does on the website: clear failures, note the time, audit.
    reset_lockout(ip=get_client_ip_address(request), username=user.get_username())
    update_last_login(type(user), user)
    actor = Actor.from_request(request, Via.API, user=user)
    record(Action.LOGIN, actor=actor, detail="API token issued")
    return Status(200, {"token": raw, "expires_at": timezone.localtime(token.expires_at)})


class TokenInfo(Schema):
    user: str
    username: str
    role: str
    prefix: str
    expires_at: datetime


@router.get("/token", auth=token_auth, response=TokenInfo, summary="Check the presenting token")
def token_info(request: HttpRequest) -> dict[str, Any]:
    token = request.api_token  # type: ignore[attr-defined]
    return {
        "user": str(token.user.uuid),
        "username": token.user.get_username(),
        "role": token.user.role,
        "prefix": token.prefix,
        "expires_at": timezone.localtime(token.expires_at),
    }


@router.delete(
    "/token", auth=token_auth, response={204: None}, summary="Revoke the presenting token"
)
def delete_token(request: HttpRequest) -> Status[None]:
    token = request.api_token  # type: ignore[attr-defined]
    revoke(token)
    record(Action.LOGOUT, actor=api_actor(request), detail="API token revoked")
    return Status(204, None)
