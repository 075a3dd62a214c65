"""What this area adds to the staff client page and the client portal (see staff/panels.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from confide.staff.panels import Panel


def client_panel(request: HttpRequest, client: Any, clinical: bool) -> Panel | None:
    return None


def portal_panel(request: HttpRequest, client: Any) -> Panel | None:
    return None
