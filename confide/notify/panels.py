"""Text messages on the staff client page and in the portal (see staff/panels.py): whether
the client's mobile may be texted, and why."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from confide.audit.actor import Actor, Via
from confide.audit.log import record_many
from confide.audit.models import Action
from confide.notify import sms
from confide.notify.actions import text_number
from confide.notify.models import InboundText
from confide.practice import access
from confide.staff.panels import Panel

SHOWN = 5


def _status(client: Any) -> dict[str, Any]:
    number = sms.normalise(client.phone)
    row = text_number(number) if number else None
    return {"client": client, "number": number, "row": row, "on": bool(row and row.may_text)}


def client_panel(request: HttpRequest, client: Any, clinical: bool) -> Panel | None:
    if not sms.configured():
        return None
    context = _status(client)
    context["may_change"] = access.may_manage_texts(request.user, client)
    received = access.visible_inbound_texts(
        InboundText.objects.filter(client_id=client.pk, keyword=""), request.user
    )
    context["received"] = list(received.order_by("-received_at")[:SHOWN])
    actor = Actor.from_request(request, Via.PAGE)
    record_many(Action.READ, context["received"], actor=actor, client_of=lambda t: t.client_id)
    return Panel("notify/_client_panel.html", context, order=25)


def portal_panel(request: HttpRequest, client: Any) -> Panel | None:
    if not sms.configured() or access.portal_party(request.user, client) != "client":
        return None
    return Panel("notify/_portal_panel.html", _status(client), order=60)
