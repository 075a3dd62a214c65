"""What every page knows about the practice: its name, contact, locations and hours."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from confide.practice.info import practice_info


def practice(request: HttpRequest) -> dict[str, Any]:
    return {"practice": practice_info()}
