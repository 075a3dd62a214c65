"""`{% packet_summary client %}`: whether a client's paperwork is complete, for the intake
appointment (its page, and its row on the client's page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from confide.paperwork.actions import packet_status

register = template.Library()


@register.simple_tag
def packet_summary(client: Any) -> SafeString:
    status = packet_status(client)
    if not status.started:
        return format_html('<span class="muted">{}</span>', "Paperwork not sent yet")
    if status.complete:
        return format_html("<strong>{}</strong>", "Paperwork complete")
    return format_html(
        "Paperwork: {} of {} done; still to do: {}",
        status.done,
        status.required,
        ", ".join(status.outstanding),
    )
