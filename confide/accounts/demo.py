"""The demo practice's sign-in: its published password, and a second factor for its staff.

Both are printed at every `make run`, so production refuses any account that uses them
(confide/practice/checks.py): the password is flagged on the account as it is set.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from confide.accounts import second_factor as factor

DEMO_RECOVERY_CODES = 5
# Printed by load_demo and in the README: never a real account's password.
DEMO_PASSWORD = "demo-confide-2026"  # noqa: S105
PUBLISHED_PASSWORDS = frozenset({DEMO_PASSWORD})


def is_published(raw_password: str | None) -> bool:
    return raw_password is not None and raw_password in PUBLISHED_PASSWORDS


def demo_totp_key(user: Any) -> str:
    """A stable hex key per demo username: the demo's authenticator entry survives reloads.

    Derived, not random, on purpose: it is demo data and must never be used outside DEBUG.
    """
    seed = f"confide-demo-totp:{user.get_username()}".encode()
    return hashlib.sha256(seed).hexdigest()[:40]


def ensure_demo_second_factor(user: Any) -> list[str]:
    """Give a demo staff account a confirmed app with a stable secret and 5 fresh recovery
    codes, and return the codes (for `load_demo` to print). Refused unless DEBUG is on."""
    if not settings.DEBUG:
        raise ImproperlyConfigured(
            "ensure_demo_second_factor only runs with DEBUG on: it gives accounts a known secret."
        )
    with transaction.atomic():
        key = demo_totp_key(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None or device.key != key:
            TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(
                user=user, name=factor.APP_DEVICE_NAME, key=key, confirmed=True
            )
        return factor.new_recovery_codes(user, count=DEMO_RECOVERY_CODES)


def demo_otpauth_uri(user: Any) -> str:
    """The otpauth:// URI of the demo account's app, for adding it to a real authenticator."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return device.config_url
