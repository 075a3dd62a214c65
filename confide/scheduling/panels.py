"""What this area adds to the staff client page and the client portal (see staff/panels.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from confide.audit.log import record_many
from confide.audit.models import Action
from confide.scheduling.models import Appointment
from confide.staff.panels import Panel

SHOWN = 10


def client_panel(request: HttpRequest, client: Any, clinical: bool) -> Panel | None:
    """Upcoming and recent appointments: times, places and attendance, nothing clinical, so
    intake and admin see it too. A clinician sees only appointments in their own diary."""
    mine = Appointment.objects.visible_to(request.user)
    upcoming = list(mine.upcoming_for(client)[:SHOWN])
    past = list(mine.past_for(client)[:SHOWN])
    record_many(
        Action.READ, upcoming + past, request=request, via="page", client_of=lambda a: a.client_id
    )
    return Panel(
        "scheduling/_client_panel.html",
        {"client": client, "upcoming": upcoming, "past": past},
        order=10,
    )


def portal_panel(request: HttpRequest, client: Any) -> Panel | None:
    upcoming = list(Appointment.objects.upcoming_for(client)[:SHOWN])
    record_many(
        Action.READ, upcoming, request=request, via="portal", client_of=lambda a: a.client_id
    )
    return Panel("scheduling/_portal_panel.html", {"upcoming": upcoming}, order=10)
