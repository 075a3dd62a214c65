"""The second factor: an authenticator app (TOTP) and single-use recovery codes.

Every staff account needs it; clients do not. Devices are django-otp's: `TOTPDevice` for the
app and one `StaticDevice` holding the recovery codes (each code is deleted when used).
"""

from __future__ import annotations

import re
from base64 import b32encode
from typing import Any

import segno
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from confide.accounts.models import Role

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"

_STAFF_ROLES = {Role.ADMIN, Role.INTAKE, Role.CLINICIAN}
_TOTP_CODE = re.compile(r"^\d{6}$")


def requires_second_factor(user: Any) -> bool:
    """Staff roles, and anyone who can reach the admin site, must use a second factor."""
    if user is None or not user.is_authenticated:
        return False
    return user.role in _STAFF_ROLES or user.is_staff or user.is_superuser


def is_verified(user: Any) -> bool:
    """True when this session passed the second factor (OTPMiddleware sets `is_verified`)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def confirmed_app(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def has_second_factor(user: Any) -> bool:
    return confirmed_app(user) is not None


def pending_app(user: Any) -> TOTPDevice:
    """The device being set up: kept between page loads, so the QR code does not change."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_for_display(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(uri: str) -> str:
    """An inline SVG QR code of the otpauth:// URI (no external image, no inline style)."""
    return segno.make(uri, error="m").svg_inline(
        scale=5, title="QR code for your authenticator app", dark="#000", light="#fff"
    )


def normalise(code: str) -> str:
    """People type codes with spaces and dashes, and in either case."""
    return re.sub(r"[\s-]", "", code or "").lower()


def _candidates(user: Any, code: str) -> Any:
    """The app for six digits, else the recovery codes."""
    model = TOTPDevice if _TOTP_CODE.match(code) else StaticDevice
    return model.objects.devices_for_user(user, confirmed=True)


def verify(user: Any, code: str) -> Device | None:
    """The device that accepts this code, if any.

    Verification goes through the device itself so that django-otp's throttling applies and a
    used TOTP code or recovery code cannot be replayed.
    """
    code = normalise(code)
    if not code:
        return None
    with transaction.atomic():
        for device in _candidates(user, code).select_for_update():
            if device.verify_token(code):
                return device
    return None


def is_throttled(user: Any, code: str) -> bool:
    """True while django-otp makes this user wait after wrong codes of this kind."""
    devices = list(_candidates(user, normalise(code)))
    return bool(devices) and all(not d.verify_is_allowed()[0] for d in devices)


def new_recovery_codes(user: Any, count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """Replace the user's recovery codes with `count` fresh ones, and return them."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        device.token_set.all().delete()
        codes: list[str] = []
        while len(codes) < count:
            code = StaticToken.random_token()
            if code not in codes:
                codes.append(code)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def confirm_app(user: Any, device: TOTPDevice) -> list[str]:
    """Make a verified pending device the user's app, and issue their recovery codes."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return new_recovery_codes(user)
