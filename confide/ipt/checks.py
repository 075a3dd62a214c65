"""System check: outside development and tests, note encryption keys must be configured."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security)
def check_note_keys(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from confide.ipt import crypto

    try:
        crypto.fernet.cache_clear()
        crypto.fernet()
    except ImproperlyConfigured as exc:
        return [
            Error(
                str(exc),
                hint="Set CONFIDE_NOTE_KEYS to Fernet keys, comma-separated, newest first.",
                id="confide.E101",
            )
        ]
    return []
