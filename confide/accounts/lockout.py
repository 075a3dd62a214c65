"""What a locked-out sign-in sees: a page on the site, the API's error shape on the API."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from confide.core.errors import error_body


def cool_off_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    return (
        f"Too many failed sign-in attempts. Sign-in to this account from here is paused for "
        f"{cool_off_minutes()} minutes. Wait, then try again, or ask the practice admin for help."
    )


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: 429 with a Retry-After, never saying whether the account exists."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(error_body(lockout_message()), status=status)
    else:
        context = {"minutes": cool_off_minutes(), "message": lockout_message()}
        response = render(request, "accounts/lockout.html", context, status=status)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
