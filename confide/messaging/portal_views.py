"""Messages in the client portal: the care team's threads with this person, and the files in
them. The portal says plainly that messages are not watched around the clock, and a message
with risk words brings the crisis lines up at once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from confide.audit.log import record_many
from confide.audit.models import Action
from confide.messaging import actions
from confide.messaging.forms import NewThreadForm, ReplyForm, add_errors
from confide.messaging.views import actor_of, attachment, pop_crisis, remember_crisis
from confide.portal.views import portal_client
from confide.practice import access
from confide.staff.decorators import role_required

PORTAL_ROLES = tuple(access.PORTAL_PARTIES)

__all__ = ["attachment", "inbox", "thread"]


def _common(client: Any) -> dict[str, Any]:
    return {
        "client": client,
        "reply_days": settings.CONFIDE_MESSAGE_REPLY_DAYS,
        "team": actions.care_team(client),
    }


@role_required(*PORTAL_ROLES)
def inbox(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    client = portal_client(request)
    form = NewThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = actions.start_thread(
                actor, client, subject=data["subject"], body=data["body"], upload=data["file"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if sent.crisis:
                remember_crisis(request, sent.thread.pk)
            messages.success(request, "Your message has been sent.")
            return redirect("portal_messages:thread", thread_id=sent.thread.pk)
    threads = list(actions.threads_for(actor, client))
    record_many(Action.READ, threads, actor=actor, client_of=lambda t: t.client_id)
    context = {
        **_common(client),
        "threads": threads,
        "documents": actions.documents_for(actor, client),
        "form": form,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "messaging/portal_inbox.html", context, status=status)


@role_required(*PORTAL_ROLES)
def thread(request: HttpRequest, thread_id: Any) -> HttpResponse:
    actor = actor_of(request)
    found = actions.visible_thread(actor, thread_id)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = actions.send_message(actor, found, body=data["body"], upload=data["file"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if sent.crisis:
                remember_crisis(request, found.pk)
            messages.success(request, "Your message has been sent.")
            return redirect("portal_messages:thread", thread_id=found.pk)
    opened = actions.open_thread(actor, found.pk)
    context = {
        **_common(found.client),
        "opened": opened,
        "thread": opened.thread,
        "form": form,
        "crisis": pop_crisis(request, found.pk),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "messaging/portal_thread.html", context, status=status)
