"""What the portal and the staff pages share: the crisis flag between pages, serving a file."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from confide.core.doors import page_actor
from confide.messaging.actions import open_attachment

# The thread whose sender must see the crisis lines on the next page (never in the URL).
CRISIS_KEY = "messaging_crisis_thread"


def remember_crisis(request: HttpRequest, thread_id: Any) -> None:
    request.session[CRISIS_KEY] = str(thread_id)


def pop_crisis(request: HttpRequest, thread_id: Any) -> bool:
    """Whether the crisis lines are owed to the sender of a message in this thread."""
    if request.session.get(CRISIS_KEY) != str(thread_id):
        return False
    del request.session[CRISIS_KEY]
    return True


def attachment(request: HttpRequest, attachment_id: Any) -> HttpResponse:
    """A file of a message, for someone who may see its thread (404 for anyone else)."""
    if not request.user.is_authenticated:
        raise Http404("No such document.")
    found, data = open_attachment(page_actor(request), attachment_id)
    content_type = found.content_type
    if content_type == "text/plain":
        content_type += "; charset=utf-8"
    response = HttpResponse(data, content_type=content_type)
    download = request.GET.get("download") == "1"
    response["Content-Disposition"] = content_disposition_header(download, found.filename) or ""
    response["Content-Length"] = str(len(data))
    return response
