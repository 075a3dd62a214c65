"""The video link every door shows (`/video/<appointment>/`) and the local stand-in room."""

from __future__ import annotations

from typing import Any

import jwt
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from confide.core.doors import STAFF, page_actor
from confide.telehealth import video
from confide.telehealth.actions import open_room


@login_required
def join(request: HttpRequest, appointment_id: Any) -> HttpResponse:
    actor = page_actor(request)
    entry = open_room(actor, appointment_id)
    if entry.url:
        return redirect(entry.url)
    context = {
        "entry": entry,
        "appt": entry.appointment,
        "staff": actor.role in STAFF,
    }
    return render(request, "telehealth/join.html", context)


def local_room(request: HttpRequest, room: str) -> HttpResponse:
    """What the video service would do with the token, for development and tests: check it,
    then show who has come into which room."""
    backend = video.backend() if video.configured() else None
    if not isinstance(backend, video.LocalBackend):
        raise Http404("There is no local video room here.")
    try:
        claims = backend.decode(request.GET.get("jwt", ""), room)
    except jwt.InvalidTokenError:
        return render(request, "telehealth/local_room.html", {"room": room}, status=403)
    return render(request, "telehealth/local_room.html", {"room": room, "claims": claims})
