"""Saved client searches: a name typed into the search box never travels in a URL.

The search form is sent by POST; what it asked for is kept in the shared cache under a random
key, and the results page is `?search=<key>`. That address can be reloaded, paged through and
sent to a colleague (who sees only the clients they may see), yet it names nobody: access logs,
browser history and Referer headers carry only the key.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.cache import cache

# As long as a staff session can last: a search outlives the person's own use of it.
KEEP_SECONDS = 12 * 3600
_PREFIX = "client-search:"


def remember(criteria: dict[str, Any]) -> str:
    key = secrets.token_urlsafe(12)
    cache.set(_PREFIX + key, {k: criteria.get(k, "") for k in ("q", "status")}, KEEP_SECONDS)
    return key


def recall(key: str) -> dict[str, Any] | None:
    """The criteria saved under `key`, or None when it is unknown or has expired."""
    if not key or len(key) > 64:
        return None
    found = cache.get(_PREFIX + key)
    return found if isinstance(found, dict) else None
