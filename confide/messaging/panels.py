"""What messaging adds to the staff client page and the portal (see staff/panels.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from confide.audit.actor import Actor, Via
from confide.audit.log import record_many
from confide.audit.models import Action
from confide.messaging import actions
from confide.practice import access
from confide.staff.panels import Panel

SHOWN = 5


def client_panel(request: HttpRequest, client: Any, clinical: bool) -> Panel | None:
    """The client's conversations with the care team: for those who may read them."""
    if not access.may_read_messages(request.user, client):
        return None
    actor = Actor.from_request(request, Via.PAGE)
    threads = list(actions.threads_for(actor, client)[:SHOWN])
    record_many(Action.READ, threads, actor=actor, client_of=lambda t: t.client_id)
    context = {
        "client": client,
        "threads": threads,
        "may_write": access.may_write_messages(request.user, client),
        "reachable": bool(client.user_id),
    }
    return Panel("messaging/_client_panel.html", context, order=20)


def portal_panel(request: HttpRequest, client: Any) -> Panel | None:
    """How many messages are new (no subjects, no words: nothing to audit but the count)."""
    actor = Actor.from_request(request, Via.PAGE)
    threads = list(actions.threads_for(actor, client))
    context = {
        "threads": bool(threads),
        "unread": sum(t.unread for t in threads),
        "team": bool(actions.care_team(client)),
        "reply_days": settings.CONFIDE_MESSAGE_REPLY_DAYS,
    }
    return Panel("messaging/_portal_panel.html", context, order=5)
