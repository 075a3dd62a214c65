"""Messages on the staff side: the inbox of a clinician's clients' threads (flagged first,
then those awaiting a reply), a thread, and starting one (or sharing a document)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from confide.audit.log import record_many
from confide.audit.models import Action
from confide.messaging import actions
from confide.messaging.forms import StaffNewThreadForm, StaffReplyForm, add_errors
from confide.messaging.models import Party
from confide.messaging.views import actor_of, attachment, visible_client
from confide.practice import access
from confide.staff.decorators import STAFF, role_required

PAGE_SIZE = 50

__all__ = ["attachment", "inbox", "mark", "new_thread", "review", "thread"]


@role_required(*STAFF)
def inbox(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    page = Paginator(actions.threads_for(actor), PAGE_SIZE).get_page(request.GET.get("page"))
    record_many(Action.READ, list(page), actor=actor, client_of=lambda t: t.client_id)
    return render(request, "messaging/staff_inbox.html", {"page": page})


def _send(call: Any, form: Any) -> Any:
    data = form.cleaned_data
    try:
        return call(body=data["body"], upload=data["file"], kind=data["kind"], title=data["title"])
    except ValidationError as exc:
        add_errors(form, exc)
        return None


@role_required(*STAFF)
def thread(request: HttpRequest, thread_id: Any) -> HttpResponse:
    actor = actor_of(request)
    found = actions.visible_thread(actor, thread_id)
    may_write = access.may_write_thread(request.user, found)
    form = StaffReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied("Only the client's own clinicians can write to them.")
        if form.is_valid():
            sent = _send(lambda **kw: actions.send_message(actor, found, **kw), form)
            if sent is not None:
                messages.success(request, "Sent.")
                return redirect("staff_messages:thread", thread_id=found.pk)
    opened = actions.open_thread(actor, found.pk)
    context = {
        "opened": opened,
        "thread": opened.thread,
        "client": opened.thread.client,
        "form": form,
        "may_write": may_write,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "messaging/staff_thread.html", context, status=status)


@role_required(*STAFF)
def new_thread(request: HttpRequest, client_id: Any) -> HttpResponse:
    actor = actor_of(request)
    client = visible_client(actor, client_id)
    if not access.may_write_messages(request.user, client):
        raise PermissionDenied("Only the client's own clinicians can write to them.")
    parties = [p for p in Party.values if access.portal_people(client, p)]
    form = StaffNewThreadForm(request.POST or None, request.FILES or None, parties=parties)
    if request.method == "POST" and form.is_valid():
        party = form.cleaned_data.get("party") or Party.CLIENT
        subject = form.cleaned_data["subject"]
        sent = _send(
            lambda **kw: actions.start_thread(actor, client, subject=subject, party=party, **kw),
            form,
        )
        if sent is not None:
            messages.success(request, "Sent.")
            return redirect("staff_messages:thread", thread_id=sent.thread.pk)
    context = {"client": client, "form": form, "reachable": bool(parties)}
    status = 422 if request.method == "POST" else 200
    return render(request, "messaging/staff_new.html", context, status=status)


@require_POST
@role_required(*STAFF)
def mark(request: HttpRequest, thread_id: Any) -> HttpResponse:
    actor = actor_of(request)
    found = actions.visible_thread(actor, thread_id)
    needed = request.POST.get("needed") == "1"
    actions.set_no_reply_needed(actor, found, needed=needed)
    messages.success(request, "Marked as needing a reply." if needed else "No reply needed.")
    return redirect("staff_messages:thread", thread_id=found.pk)


@require_POST
@role_required(*STAFF)
def review(request: HttpRequest, thread_id: Any) -> HttpResponse:
    actor = actor_of(request)
    found = actions.visible_thread(actor, thread_id)
    try:
        actions.review_risk(actor, found)
    except ValidationError:
        messages.info(request, "This conversation has no open risk flag.")
    else:
        messages.success(request, "Recorded that you have reviewed the flagged message.")
    return redirect("staff_messages:thread", thread_id=found.pk)
