"""Opening a session's video room: who may, when, and the fresh token that lets them in.

The link in the portal, the staff appointment page, the reminder and the calendar file is
always Confide's own `/video/<appointment>/`: it checks the person and the time, and only then
redirects to the room with a token that is good for a couple of minutes. A link copied from a
calendar, forwarded, or opened next week leads nowhere.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action
from confide.practice import access
from confide.scheduling.access import may_join_video, visible_appointment
from confide.scheduling.models import Appointment, Format, Status
from confide.telehealth import video
from confide.telehealth.window import Window, token_expiry, window


def new_room_name() -> str:
    """24 random lowercase letters and digits (120 bits): nothing about the client or time."""
    return base64.b32encode(secrets.token_bytes(15)).decode().lower()


def room_window(appt: Appointment) -> Window:
    return window(
        appt.start,
        appt.end,
        opens_before=settings.CONFIDE_VIDEO_OPENS_MINUTES,
        closes_after=settings.CONFIDE_VIDEO_CLOSES_MINUTES,
    )


def room_for(appt: Appointment) -> str:
    """The appointment's room name, giving it one the first time (once, whoever asks first)."""
    if appt.video_room:
        return appt.video_room
    for _ in range(3):
        name = new_room_name()
        try:
            with transaction.atomic():
                Appointment.objects.filter(pk=appt.pk, video_room="").update(video_room=name)
        except IntegrityError:  # the same 120 random bits twice: draw again
            continue
        break
    appt.video_room = Appointment.objects.values_list("video_room", flat=True).get(pk=appt.pk)
    return appt.video_room


@dataclass(frozen=True)
class Entry:
    appointment: Appointment
    # "open" (go to `url`), "early", "closed", "cancelled" or "no_room" (nothing to join).
    state: str
    window: Window
    url: str = ""

    @property
    def opens_local(self) -> datetime:
        """When the room opens, on the appointment's own clock."""
        return self.window.opens_at.astimezone(ZoneInfo(self.appointment.zone))


def _participant(user: Any, appt: Appointment) -> video.Participant:
    if access.role_of(user) == "clinician":
        return video.Participant(str(user.uuid), appt.clinician.display_name, moderator=True)
    client = appt.client
    name = client.preferred_name or client.first_name
    if client.user_id != user.pk:  # a guardian joining a minor's session
        name = user.first_name or "Parent or guardian"
    return video.Participant(str(user.uuid), name, moderator=False)


def joinable_appointment(actor: Actor, appointment_id: Any) -> Appointment:
    """A virtual appointment whose room this person may enter; 404 for anything else."""
    appt = visible_appointment(actor, appointment_id)
    if appt.format != Format.VIRTUAL or not may_join_video(actor.user, appt):
        raise Http404("No such video session.")
    return appt


def open_room(actor: Actor, appointment_id: Any) -> Entry:
    """Where this person should go now for this session's video, audited either way."""
    appt = joinable_appointment(actor, appointment_id)
    span = room_window(appt)
    now = timezone.now()
    state = "cancelled" if appt.status == Status.CANCELLED else span.state(now)
    url = ""
    if state == "open":
        if appt.video_link:  # typed on the appointment: that link, as the clinician chose
            url = appt.video_link
        elif video.configured():
            room = room_for(appt)
            url = video.backend().join_url(
                room,
                _participant(actor.user, appt),
                now=now,
                expires_at=token_expiry(now, span.closes_at, settings.CONFIDE_VIDEO_TOKEN_SECONDS),
            )
        else:
            state = "no_room"
    detail = "Video room opened" if url else f"Video room not opened ({state})"
    record(Action.READ, actor=actor, obj=appt, client_id=appt.client_id, detail=detail)
    return Entry(appointment=appt, state=state, window=span, url=url)
