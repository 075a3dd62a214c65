"""A password validator: never one printed with the demo (AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from confide.accounts.demo import is_published


class NotPublished:
    """Refuse the passwords Confide prints for its demo: everyone who ran it knows them."""

    def validate(self, password: str, user: Any = None) -> None:
        if is_published(password):
            raise ValidationError(
                "This password is published with Confide's demo: choose another.",
                code="password_published",
            )

    def get_help_text(self) -> str:
        return "Your password cannot be the demo's published password."
