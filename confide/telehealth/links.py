"""The one video link of an appointment, as e-mails and calendar files carry it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse


def join_url(appointment: Any) -> str:
    """Confide's own link: it checks who and when before handing out the room."""
    return settings.CONFIDE_BASE_URL.rstrip("/") + reverse("telehealth:join", args=[appointment.pk])
