"""Secure messages (API.md 'Messages'): `GET|POST /clients/{id}/messages`.

The same rules as the pages, through the same actions: the client's own clinicians read and
write (an admin only reads, under break-glass; intake never: 403), and a client with an API
token reaches their own threads. Reading through the API is audited message by message but
does not mark anything read: only a person opening a thread does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from ninja import Field, Router, Schema, Status

from confide.api.auth import api_actor, token_auth
from confide.audit.actor import Actor
from confide.audit.log import record, record_many
from confide.audit.models import Action
from confide.messaging import actions
from confide.messaging.actions import BODY_MAX, SUBJECT_MAX
from confide.messaging.models import Attachment, Message, Party, Thread
from confide.practice import access
from confide.practice.crisis import crisis
from confide.practice.models import Client

router = Router(auth=token_auth, tags=["messages"])


def crisis_lines() -> list[str]:
    """The practice's crisis lines (practice/crisis.py), as a sender's app would list them."""
    lines = crisis()
    return [
        *(f"{line.how()[:1].upper()}{line.how()[1:]} ({line.name})" for line in lines.lines),
        f"Call {lines.emergency} in an emergency",
    ]


class AttachmentOut(Schema):
    id: UUID
    kind: str
    title: str
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    url: str = Field(description="GET it with the same token: the file, audited.")


class MessageOut(Schema):
    id: UUID
    side: str = Field(description="`portal` (the client or guardian) or `care_team`.")
    sender: str
    sent_at: datetime
    body: str
    risk: bool = Field(description="Held words of the triage list (client side only).")
    attachments: list[AttachmentOut]


class ThreadOut(Schema):
    id: UUID
    subject: str
    party: str = Field(description="Who it is with: `client` or `guardian`.")
    started_at: datetime
    last_message_at: datetime
    awaiting_reply: bool
    no_reply_needed: bool
    risk_flagged: bool = Field(description="A message may signal risk and is not reviewed yet.")
    unread: int = Field(description="Messages from the other side you have not opened.")
    messages: list[MessageOut]


class MessageIn(Schema):
    thread: UUID | None = Field(None, description="Reply in this thread; omit to start one.")
    subject: str | None = Field(None, max_length=SUBJECT_MAX, description="For a new thread.")
    body: str = Field(min_length=1, max_length=BODY_MAX)
    party: Party | None = Field(None, description="Care team, new thread: who it is with.")


class SentOut(Schema):
    thread: ThreadOut
    message: UUID
    crisis_lines: list[str] | None = Field(
        None, description="Present when the message held risk words: show them to the sender."
    )


def _client(actor: Actor, client_id: str) -> Client:
    """404 for a client you may not see; 403 for staff who see the client, not the messages."""
    client = access.visible_client(actor, client_id)
    if not access.may_see_messages(actor.user, client):
        raise PermissionDenied("Messages are visible only to the client's clinicians.")
    record(Action.READ, actor=actor, obj=client, client_id=client.pk)
    return client


def _attachment_out(a: Attachment, client_id: Any) -> dict[str, Any]:
    return {
        **{f: getattr(a, f) for f in ("id", "kind", "title", "filename", "content_type")},
        **{f: getattr(a, f) for f in ("size", "sha256", "uploaded_at")},
        "url": reverse("api-v1:message_attachment", args=[client_id, a.pk]),
    }


def _message_out(m: Message, client_id: Any) -> dict[str, Any]:
    return {
        "id": m.pk,
        "side": m.side,
        "sender": m.sender_name,
        "sent_at": m.sent_at,
        "body": m.body,
        "risk": m.risk,
        "attachments": [_attachment_out(a, client_id) for a in m.attachments.all()],
    }


def _thread_out(t: Thread) -> dict[str, Any]:
    return {
        "id": t.pk,
        "subject": t.subject,
        "party": t.party,
        "started_at": t.started_at,
        "last_message_at": t.last_message_at,
        "awaiting_reply": t.awaiting_reply,
        "no_reply_needed": t.no_reply_needed_at is not None,
        "risk_flagged": t.risk_is_open,
        "unread": getattr(t, "unread", 0),
        "messages": [_message_out(m, t.client_id) for m in t.messages.all()],
    }


def _threads(actor: Actor, client: Client) -> list[Thread]:
    return list(actions.threads_for(actor, client).prefetch_related("messages__attachments"))


@router.get(
    "/clients/{client_id}/messages",
    response=list[ThreadOut],
    summary="The client's threads with the care team",
)
def list_messages(request: HttpRequest, client_id: str) -> list[dict[str, Any]]:
    actor = api_actor(request)
    client = _client(actor, client_id)
    threads = _threads(actor, client)
    shown = [m for t in threads for m in t.messages.all()]
    record_many(Action.READ, threads + shown, actor=actor, client_of=lambda o: client.pk)
    return [_thread_out(t) for t in threads]


@router.post(
    "/clients/{client_id}/messages",
    response={201: SentOut},
    summary="Write to a client (or, as the client, to the care team)",
    description="With `thread`, a reply; without, a new thread (`subject` required). A message "
    "from the client's side that holds risk words flags the thread for the clinician and "
    "answers with `crisis_lines`.",
)
def post_message(request: HttpRequest, client_id: str, payload: MessageIn) -> Status:
    actor = api_actor(request)
    client = _client(actor, client_id)
    if payload.thread is not None:
        thread = actions.visible_thread(actor, payload.thread)
        if thread.client_id != client.pk:
            raise Http404("No such thread.")
        sent = actions.send_message(actor, thread, body=payload.body)
    else:
        sent = actions.start_thread(
            actor,
            client,
            subject=payload.subject or "",
            body=payload.body,
            party=payload.party or "",
        )
    threads = actions.threads_for(actor, client).prefetch_related("messages__attachments")
    body = {
        "thread": _thread_out(threads.get(pk=sent.thread.pk)),
        "message": sent.message.pk,
        "crisis_lines": crisis_lines() if sent.crisis else None,
    }
    return Status(201, body)


class MarkIn(Schema):
    needed: bool = Field(False, description="false: needs no reply; true: undo that.")


@router.post(
    "/clients/{client_id}/messages/{thread_id}/reply-needed",
    response=ThreadOut,
    summary="Mark a thread as needing no reply (care team)",
)
def mark_thread(
    request: HttpRequest, client_id: str, thread_id: UUID, payload: MarkIn
) -> dict[str, Any]:
    actor = api_actor(request)
    client = _client(actor, client_id)
    thread = actions.visible_thread(actor, thread_id)
    if thread.client_id != client.pk:
        raise Http404("No such thread.")
    actions.set_no_reply_needed(actor, thread, needed=payload.needed)
    found = actions.threads_for(actor, client).prefetch_related("messages__attachments")
    return _thread_out(found.get(pk=thread.pk))


@router.get(
    "/clients/{client_id}/messages/attachments/{attachment_id}",
    response={200: None},
    url_name="message_attachment",
    summary="A file sent in a message",
)
def get_attachment(request: HttpRequest, client_id: str, attachment_id: UUID) -> HttpResponse:
    actor = api_actor(request)
    client = _client(actor, client_id)
    found, data = actions.open_attachment(actor, attachment_id)
    if found.message.thread.client_id != client.pk:
        raise Http404("No such document.")
    response = HttpResponse(data, content_type=found.content_type)
    response["Content-Disposition"] = content_disposition_header(True, found.filename) or ""
    return response
