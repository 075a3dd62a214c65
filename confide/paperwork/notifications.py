"""How paperwork e-mails read: content-free, a pointer to the portal."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from confide.accounts.models import User
from confide.notify.messages import Message, Skip, renderer
from confide.notify.models import Notification
from confide.paperwork.actions import WAITING_KIND
from confide.practice.info import practice_info


@renderer(WAITING_KIND)
def paperwork_waiting(notification: Notification) -> Message:
    user = User.objects.filter(uuid=notification.params.get("user")).first()
    if user is None or not user.is_active:
        raise Skip
    practice = practice_info()
    url = settings.CONFIDE_BASE_URL.rstrip("/") + reverse("portal:home")
    context = {"name": user.first_name or "there", "practice": practice, "url": url}
    return Message(
        subject=f"Paperwork waiting in your portal at {practice.name}",
        text=render_to_string("paperwork/email/waiting.txt", context),
    )
