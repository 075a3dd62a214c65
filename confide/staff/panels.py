"""Sections of a client's page contributed by each area (schedule, IPT, outcomes, ...).

Each area exposes `client_panel(actor, client, clinical)` returning a `core.panels.Panel` or
None, so the client page stays one view while every area keeps its own queries and templates.
"""

from __future__ import annotations

from typing import Any

from django.utils.module_loading import import_string

from confide.audit.actor import Actor
from confide.core.panels import Panel

__all__ = ["Panel", "client_panels", "portal_panels"]

CLIENT_PANELS = [
    "confide.scheduling.panels.client_panel",
    "confide.messaging.panels.client_panel",
    "confide.notify.panels.client_panel",
    "confide.ipt.panels.client_panel",
    "confide.outcomes.panels.client_panel",
    "confide.billing.panels.client_panel",
    "confide.billing.panels.diagnoses_panel",
]
PORTAL_PANELS = [
    "confide.messaging.panels.portal_panel",
    "confide.outcomes.panels.portal_panel",
    "confide.scheduling.panels.portal_panel",
    "confide.billing.panels.portal_panel",
    "confide.notify.panels.portal_panel",
]


def collect(paths: list[str], *args: Any) -> list[Panel]:
    panels = [import_string(path)(*args) for path in paths]
    return sorted((p for p in panels if p is not None), key=lambda p: p.order)


def client_panels(actor: Actor, client: Any, clinical: bool) -> list[Panel]:
    """Panels for the staff client page; `clinical` says whether clinical content may show."""
    return collect(CLIENT_PANELS, actor, client, clinical)


def portal_panels(actor: Actor, client: Any) -> list[Panel]:
    return collect(PORTAL_PANELS, actor, client)
