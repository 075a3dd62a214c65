"""What messaging adds to the staff client page and the portal (see staff/panels.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from confide.audit.actor import Actor
from confide.audit.log import record_many
from confide.audit.models import Action
from confide.core.panels import Panel
from confide.messaging import actions
from confide.practice import access

SHOWN = 5


def client_panel(actor: Actor, client: Any, clinical: bool) -> Panel | None:
    """The client's conversations with the care team: for those who may read them."""
    if not access.may_read_messages(actor.user, client):
        return None
    threads = list(actions.threads_for(actor, client)[:SHOWN])
    record_many(Action.READ, threads, actor=actor, client_of=lambda t: t.client_id)
    context = {
        "client": client,
        "threads": threads,
        "may_write": access.may_write_messages(actor.user, client),
        "reachable": bool(client.user_id),
    }
    return Panel("messaging/_client_panel.html", context, order=20)


def portal_panel(actor: Actor, client: Any) -> Panel | None:
    """How many messages are new (no subjects, no words: nothing to audit but the count)."""
    threads = list(actions.threads_for(actor, client))
    context = {
        "threads": bool(threads),
        "unread": sum(getattr(t, "unread", 0) for t in threads),
        "team": bool(actions.care_team(client)),
        "reply_days": settings.CONFIDE_MESSAGE_REPLY_DAYS,
    }
    return Panel("messaging/_portal_panel.html", context, order=5)
