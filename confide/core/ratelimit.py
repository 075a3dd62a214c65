"""Rate limits for public forms: django-ratelimit counting in the shared cache.

The counters live in the cache every app server shares (Redis or the database, see settings), so
a limit holds however many servers take the requests. Each client address (the one the trusted
proxies vouch for, confide/core/addresses.py; a whole IPv6 /64) has its own budget per scope.
django-ratelimit hashes its keys, so addresses are never stored in the clear.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django_ratelimit.core import get_usage  # type: ignore[import-untyped]

from confide.core.addresses import client_address

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]


def _key(group: str, request: HttpRequest) -> str:
    address = client_address(request)
    if address is None:
        return "unknown"
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        prefix = int(getattr(settings, "RATELIMIT_IPV6_MASK", 64))
        return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)
    return address


def retry_after(
    request: HttpRequest, scope: str, limit: int, window_seconds: int, *, key: str | None = None
) -> int | None:
    """Count this request against the client's budget for `scope`: at most `limit` requests in
    a window of `window_seconds`. Answer None while within it, else the seconds until it renews.
    `key` counts against something other than the address (an e-mail address asked about).

    Should the cache itself be down, the request goes through (and a warning is logged): a
    person asking for help must not be turned away because a counter cannot be reached.
    """
    if window_seconds <= 0:
        raise ValueError("window_seconds must be positive")
    try:
        usage = get_usage(
            request,
            group=scope,
            key=_key if key is None else (lambda group, request: key),
            rate=(limit, window_seconds),
            increment=True,
        )
    except Exception as exc:  # redis.ConnectionError, DatabaseError: whatever the cache raises
        logger.warning(
            "Rate limit for %s not counted: the cache failed (%s)", scope, type(exc).__name__
        )
        return None
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, int(usage["time_left"]))


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
            if request.method in methods:
                wait = retry_after(request, scope, limit, window)
                if wait is not None:
                    return too_many_requests(request, wait, template_name)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many_requests(
    request: HttpRequest, retry_after_seconds: int, template_name: str = "429.html"
) -> HttpResponse:
    context = {"retry_after_minutes": max(1, -(-retry_after_seconds // 60))}
    try:
        body = render_to_string(template_name, context, request=request)
        response = HttpResponse(body, status=429)
    except TemplateDoesNotExist:
        response = HttpResponse(
            "Too many requests. Please try again later.",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
    response["Retry-After"] = str(retry_after_seconds)
    return response
