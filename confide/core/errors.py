"""Exceptions every door maps the same way (pages: core/doors.py; the API: api/errors.py)."""

from __future__ import annotations

from typing import Any


def error_body(detail: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """The API's one error shape (API.md): {"detail": ..., "errors": [{"field", "message"}]}."""
    return {"detail": detail, "errors": errors or []}


class Conflict(Exception):
    """The change clashes with something already there (a taken slot): HTTP 409.

    `field` names the input the person should change; `message` says what to do instead.
    """

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.message = message
