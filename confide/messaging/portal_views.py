"""Messages in the client portal: the care team's threads with this person, and the files in
them. The portal says plainly that messages are not watched around the clock, and a message
with risk words brings the crisis lines up at once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from confide.audit.log import record_many
from confide.audit.models import Action
from confide.core.doors import page_actor, role_required, submit
from confide.messaging import actions
from confide.messaging.forms import NewThreadForm, ReplyForm
from confide.messaging.views import attachment, pop_crisis, remember_crisis
from confide.practice import access

PORTAL_ROLES = tuple(access.PORTAL_PARTIES)

__all__ = ["attachment", "inbox", "thread"]


def _common(client: Any) -> dict[str, Any]:
    return {
        "client": client,
        "reply_days": settings.CONFIDE_MESSAGE_REPLY_DAYS,
        "team": actions.care_team(client),
    }


def _sent(request: HttpRequest, sent: actions.Sent) -> HttpResponse:
    if sent.crisis:
        remember_crisis(request, sent.thread.pk)
    messages.success(request, "Your message has been sent.")
    return redirect("portal_messages:thread", thread_id=sent.thread.pk)


@role_required(*PORTAL_ROLES)
def inbox(request: HttpRequest) -> HttpResponse:
    actor = page_actor(request)
    client = access.own_client(actor)
    form = NewThreadForm(request.POST or None, request.FILES or None)
    done = submit(
        request,
        form,
        lambda data: actions.start_thread(
            actor, client, subject=data["subject"], body=data["body"], upload=data["file"]
        ),
    )
    if done.ok and done.value is not None:
        return _sent(request, done.value)
    threads = list(actions.threads_for(actor, client))
    record_many(Action.READ, threads, actor=actor, client_of=lambda t: t.client_id)
    context = {
        **_common(client),
        "threads": threads,
        "documents": actions.documents_for(actor, client),
        "form": form,
    }
    return render(request, "messaging/portal_inbox.html", context, status=done.status)


@role_required(*PORTAL_ROLES)
def thread(request: HttpRequest, thread_id: Any) -> HttpResponse:
    actor = page_actor(request)
    found = actions.visible_thread(actor, thread_id)
    form = ReplyForm(request.POST or None, request.FILES or None)
    done = submit(
        request,
        form,
        lambda data: actions.send_message(actor, found, body=data["body"], upload=data["file"]),
    )
    if done.ok and done.value is not None:
        return _sent(request, done.value)
    opened = actions.open_thread(actor, found.pk)
    context = {
        **_common(found.client),
        "opened": opened,
        "thread": opened.thread,
        "form": form,
        "crisis": pop_crisis(request, found.pk),
    }
    return render(request, "messaging/portal_thread.html", context, status=done.status)
