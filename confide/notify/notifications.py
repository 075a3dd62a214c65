"""How the notify app's own notices read (texts sent to the practice's number)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from confide.notify.messages import Message, Skip, renderer
from confide.notify.models import InboundText, Notification


@renderer("inbound_text_risk")
def inbound_text_risk(n: Notification) -> Message:
    text = InboundText.objects.filter(pk=n.params.get("text")).first()
    if text is None or text.handled_at is not None:
        raise Skip
    url = settings.CONFIDE_BASE_URL.rstrip("/") + reverse("texts:detail", args=[text.pk])
    body = (
        "A text message sent to the practice's number holds words that may signal risk to "
        "someone's safety. The sender was answered with the crisis lines automatically.\n\n"
        f"Please read it today and follow the practice's crisis protocol:\n{url}\n"
    )
    return Message(subject="A text message needs your attention today", text=body)
