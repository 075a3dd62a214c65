"""Messages on the staff side: the inbox of a clinician's clients' threads (flagged first,
then those awaiting a reply), a thread, and starting one (or sharing a document)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from confide.audit.log import record_many
from confide.audit.models import Action
from confide.core.doors import STAFF, page_actor, role_required, run_with_message, submit
from confide.messaging import actions
from confide.messaging.forms import StaffNewThreadForm, StaffReplyForm
from confide.messaging.models import Party
from confide.messaging.views import attachment
from confide.practice import access

PAGE_SIZE = 50

__all__ = ["attachment", "inbox", "mark", "new_thread", "review", "thread"]


@role_required(*STAFF)
def inbox(request: HttpRequest) -> HttpResponse:
    actor = page_actor(request)
    page = Paginator(actions.threads_for(actor), PAGE_SIZE).get_page(request.GET.get("page"))
    record_many(Action.READ, list(page), actor=actor, client_of=lambda t: t.client_id)
    return render(request, "messaging/staff_inbox.html", {"page": page})


def _file_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in ("body", "kind", "title")} | {"upload": data["file"]}


@role_required(*STAFF)
def thread(request: HttpRequest, thread_id: Any) -> HttpResponse:
    actor = page_actor(request)
    found = actions.visible_thread(actor, thread_id)
    form = StaffReplyForm(request.POST or None, request.FILES or None)
    done = submit(
        request, form, lambda data: actions.send_message(actor, found, **_file_fields(data))
    )
    if done.ok:
        messages.success(request, "Sent.")
        return redirect("staff_messages:thread", thread_id=found.pk)
    opened = actions.open_thread(actor, found.pk)
    context = {
        "opened": opened,
        "thread": opened.thread,
        "client": opened.thread.client,
        "form": form,
        "may_write": access.may_write_thread(actor.user, found),
    }
    return render(request, "messaging/staff_thread.html", context, status=done.status)


@role_required(*STAFF)
def new_thread(request: HttpRequest, client_id: Any) -> HttpResponse:
    actor = page_actor(request)
    client = access.client_for(actor, client_id)
    if not access.may_write_messages(actor.user, client):
        raise PermissionDenied("Only the client's own clinicians can write to them.")
    parties = [p for p in Party.values if access.portal_people(client, p)]
    form = StaffNewThreadForm(request.POST or None, request.FILES or None, parties=parties)
    done = submit(
        request,
        form,
        lambda data: actions.start_thread(
            actor,
            client,
            subject=data["subject"],
            party=data.get("party") or Party.CLIENT,
            **_file_fields(data),
        ),
    )
    if done.ok and done.value is not None:
        messages.success(request, "Sent.")
        return redirect("staff_messages:thread", thread_id=done.value.thread.pk)
    context = {"client": client, "form": form, "reachable": bool(parties)}
    return render(request, "messaging/staff_new.html", context, status=done.status)


@require_POST
@role_required(*STAFF)
def mark(request: HttpRequest, thread_id: Any) -> HttpResponse:
    actor = page_actor(request)
    found = actions.visible_thread(actor, thread_id)
    needed = request.POST.get("needed") == "1"
    done = run_with_message(
        request, lambda: actions.set_no_reply_needed(actor, found, needed=needed)
    )
    if done.ok:
        messages.success(request, "Marked as needing a reply." if needed else "No reply needed.")
    return redirect("staff_messages:thread", thread_id=found.pk)


@require_POST
@role_required(*STAFF)
def review(request: HttpRequest, thread_id: Any) -> HttpResponse:
    actor = page_actor(request)
    found = actions.visible_thread(actor, thread_id)
    done = run_with_message(request, lambda: actions.review_risk(actor, found))
    if done.ok:
        messages.success(request, "Recorded that you have reviewed the flagged message.")
    return redirect("staff_messages:thread", thread_id=found.pk)
