"""The client's address: the one the practice's own proxies vouch for, never one a client wrote.

Each reverse proxy in front of Confide appends the address it received the request from to
X-Forwarded-For. Behind N trusted proxies (`CONFIDE_TRUSTED_PROXIES`) the client is therefore the
N-th entry from the right; whatever lies to its left was sent by the client and proves nothing.
With 0, the default, X-Forwarded-For is ignored and the address is the connection's own
(REMOTE_ADDR). The audit trail, the sign-in lockout (django-axes' AXES_CLIENT_IP_CALLABLE) and the
rate limits all ask this one function.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest | None) -> str | None:
    """The client's IP address (normalised), or None when there is none to be had."""
    if request is None:
        return None
    trusted = int(getattr(settings, "CONFIDE_TRUSTED_PROXIES", 0))
    peer = request.META.get("REMOTE_ADDR", "")
    if trusted <= 0:
        return _valid(peer)
    forwarded = [
        hop.strip()
        for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if hop.strip()
    ]
    # The last proxy is the peer itself; the N-1 proxies before it each appended one entry.
    hops = [*forwarded, peer]
    return _valid(hops[-(trusted + 1)] if len(hops) > trusted else hops[0])


def _valid(value: str) -> str | None:
    """The address without a port, or None if it is not an IP address at all."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
