"""Encryption at rest for clinical text (notes, formulations, the inventory's free text).

Fernet keys come from the setting CONFIDE_NOTE_KEYS: a comma-separated list (or a list), the
first key encrypts, every key decrypts, so a key can be rotated in (put it first) and the old
one retired after `manage.py rotate_note_keys`. Development and tests derive a key from
SECRET_KEY; anywhere else a missing setting is a configuration error, never a silent default.
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models

PREFIX = "fernet:"


def derived_key_allowed() -> bool:
    # Under override_settings SETTINGS_MODULE reads None; the environment still names it.
    module = getattr(settings, "SETTINGS_MODULE", None) or os.environ.get(
        "DJANGO_SETTINGS_MODULE", ""
    )
    return bool(settings.DEBUG) or module.endswith((".test", ".dev"))


def configured_keys() -> list[str]:
    raw = settings.CONFIDE_NOTE_KEYS
    if isinstance(raw, str):
        raw = raw.split(",")
    return [k.strip() for k in raw or [] if k and k.strip()]


@lru_cache(maxsize=1)
def fernet() -> MultiFernet:
    keys = configured_keys()
    if not keys:
        if not derived_key_allowed():
            raise ImproperlyConfigured(
                "CONFIDE_NOTE_KEYS is not set: clinical notes cannot be encrypted. Set it to one "
                "or more Fernet keys (Fernet.generate_key()), comma-separated, newest first."
            )
        digest = hashlib.sha256(f"confide-notes:{settings.SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "CONFIDE_NOTE_KEYS holds a value that is not a Fernet key."
        ) from exc


def _reset(*args: Any, setting: str = "", **kwargs: Any) -> None:
    if setting in ("CONFIDE_NOTE_KEYS", "SECRET_KEY", "DEBUG", ""):
        fernet.cache_clear()


setting_changed.connect(_reset)


def encrypt(text: str) -> str:
    return PREFIX + fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        raise ValueError("Stored clinical text is not encrypted.")
    try:
        return fernet().decrypt(token[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "Clinical text cannot be decrypted with the keys in CONFIDE_NOTE_KEYS."
        ) from exc


def rotate(token: str) -> str:
    """Re-encrypt under the first key (MultiFernet.rotate keeps the original timestamp)."""
    return PREFIX + fernet().rotate(token[len(PREFIX) :].encode()).decode()


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; Python code only ever sees the plain text.

    The column can't be searched or ordered by: keep anything a query needs in plain fields.
    """

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(PREFIX):
            return decrypt(value)
        return value


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every model with encrypted columns (the IPT record, messages, texts), and their names."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        names = [f.attname for f in model._meta.fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found
