"""Calendar files: a clinician's secret feed URL, and one appointment's .ics for the client."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from confide.audit.models import Action
from confide.core.addresses import client_address
from confide.core.doors import page_actor
from confide.scheduling import calendars, feeds
from confide.scheduling.access import appointment_for


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The clinician's diary for calendar apps. The token is the only credential: a wrong or
    revoked one is a plain 404. Every read is audited (feeds.read_feed)."""
    found = feeds.read_feed(token, client_address(request))
    if found is None:
        raise Http404("No such calendar.")
    feed, appointments = found
    name = f"{feed.clinician.full_name}: appointments"
    body = calendars.clinician_feed(name, appointments)
    return _ics(body, "appointments.ics")


def appointment_ics(request: HttpRequest, appointment_id: Any) -> HttpResponse:
    """One appointment as an .ics: for the client in the portal (or staff who may see it)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    appt = appointment_for(page_actor(request), appointment_id, action=Action.EXPORT)
    return _ics(calendars.client_event(appt), f"appointment-{appt.local_start:%Y-%m-%d}.ics")
