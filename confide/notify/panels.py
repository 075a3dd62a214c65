"""Text messages on the staff client page and in the portal (see staff/panels.py): whether
the client's mobile may be texted, and why."""

from __future__ import annotations

from typing import Any

from confide.audit.actor import Actor
from confide.audit.log import record_many
from confide.audit.models import Action
from confide.core.panels import Panel
from confide.notify import sms
from confide.notify.actions import text_number
from confide.notify.models import InboundText
from confide.practice import access

SHOWN = 5


def _status(client: Any) -> dict[str, Any]:
    number = sms.normalise(client.phone)
    row = text_number(number) if number else None
    return {"client": client, "number": number, "row": row, "on": bool(row and row.may_text)}


def client_panel(actor: Actor, client: Any, clinical: bool) -> Panel | None:
    if not sms.configured():
        return None
    context = _status(client)
    context["may_change"] = access.may_manage_texts(actor.user, client)
    received = access.visible_inbound_texts(
        InboundText.objects.filter(client_id=client.pk, keyword=""), actor.user
    )
    context["received"] = list(received.order_by("-received_at")[:SHOWN])
    record_many(Action.READ, context["received"], actor=actor, client_of=lambda t: t.client_id)
    return Panel("notify/_client_panel.html", context, order=25)


def portal_panel(actor: Actor, client: Any) -> Panel | None:
    if not sms.configured() or access.portal_party(actor.user, client) != "client":
        return None
    return Panel("notify/_portal_panel.html", _status(client), order=60)
