"""What this area adds to the staff client page and the client portal (see staff/panels.py)."""

from __future__ import annotations

from typing import Any

from confide.audit.actor import Actor
from confide.audit.log import record_many
from confide.audit.models import Action
from confide.core.panels import Panel
from confide.scheduling.models import Appointment

SHOWN = 10


def client_panel(actor: Actor, client: Any, clinical: bool) -> Panel | None:
    """Upcoming and recent appointments: times, places and attendance, nothing clinical, so
    intake and admin see it too. A clinician sees only appointments in their own diary."""
    mine = Appointment.objects.visible_to(actor.user)
    upcoming = list(mine.upcoming_for(client)[:SHOWN])
    past = list(mine.past_for(client)[:SHOWN])
    record_many(Action.READ, upcoming + past, actor=actor, client_of=lambda a: a.client_id)
    return Panel(
        "scheduling/_client_panel.html",
        {"client": client, "upcoming": upcoming, "past": past},
        order=10,
    )


def portal_panel(actor: Actor, client: Any) -> Panel | None:
    upcoming = list(Appointment.objects.upcoming_for(client)[:SHOWN])
    record_many(Action.READ, upcoming, actor=actor, client_of=lambda a: a.client_id)
    return Panel("scheduling/_portal_panel.html", {"upcoming": upcoming}, order=10)
