"""A small fixed-window rate limiter on Django's cache, for public forms.

A fixed window can let through up to twice the limit around a window boundary; for slowing down
form abuse that is good enough, and it needs only `add` and `incr`, which every cache backend
does atomically. Keys are hashed, so client addresses are never stored in the clear.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string

# Patched in tests to move the clock without sleeping.
_now: Callable[[], float] = time.time

View = Callable[..., HttpResponse]


def _cache_key(key: str, window_seconds: int) -> str:
    bucket = int(_now() // window_seconds)
    digest = hashlib.sha256(f"{key}|{window_seconds}|{bucket}".encode()).hexdigest()
    return f"ratelimit:{digest}"


def check_rate(key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `key`; True while at most `limit` attempts fall in this window."""
    if window_seconds <= 0:
        raise ValueError("window_seconds must be positive")
    if limit <= 0:
        return False
    cache_key = _cache_key(key, window_seconds)
    # One second of slack so the counter outlives its window rather than vanishing early.
    if cache.add(cache_key, 1, timeout=window_seconds + 1):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The entry expired between add() and incr(): this attempt opens a new window.
        cache.add(cache_key, 1, timeout=window_seconds + 1)
        return True
    return count <= limit


def seconds_until_reset(window_seconds: int) -> int:
    """How long until the current window ends (for the Retry-After header)."""
    return max(1, window_seconds - int(_now() % window_seconds))


def client_address(request: HttpRequest) -> str:
    """The client's address as the server saw it.

    Behind a reverse proxy, the proxy must set REMOTE_ADDR to the real client (for example
    gunicorn with --forwarded-allow-ips and a proxy-header middleware); otherwise every visitor
    shares the proxy's budget.
    """
    return request.META.get("REMOTE_ADDR") or "unknown"


def rate_limited(
    scope: str,
    limit: int,
    window: int,
    *,
    methods: tuple[str, ...] = ("POST",),
    template_name: str = "429.html",
) -> Callable[[View], View]:
    """Refuse more than `limit` requests per client address per `window` seconds with a 429.

    Only `methods` are counted (by default POST), so reading a form never uses up the budget for
    sending it. The refusal is rendered from `template_name` with `retry_after_minutes` in the
    context.
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods and not check_rate(
                f"{scope}:{client_address(request)}", limit, window
            ):
                return too_many_requests(request, window, template_name)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many_requests(
    request: HttpRequest, window: int, template_name: str = "429.html"
) -> HttpResponse:
    retry_after = seconds_until_reset(window)
    context = {"retry_after_minutes": max(1, -(-retry_after // 60))}
    try:
        body = render_to_string(template_name, context, request=request)
        response = HttpResponse(body, status=429)
    except TemplateDoesNotExist:
        response = HttpResponse(
            "Too many requests. Please try again later.",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
    response["Retry-After"] = str(retry_after)
    return response
