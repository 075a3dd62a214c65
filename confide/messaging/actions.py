"""Secure messages and shared documents: the portal, the staff pages and the API all write
and read through these functions, so the rules, the risk check and the audit are the same
whichever door is used.

A message from the client's side that holds words of the reviewed triage list
(confide/intake/triage.py) flags its thread for the care team, sends them an e-mail that says
only that a message needs attention today, and tells the door to show the sender the crisis
lines at once (`Sent.crisis`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from confide.audit.actor import Actor
from confide.audit.log import record, record_many
from confide.audit.models import Action
from confide.intake.triage import danger_words
from confide.messaging import files
from confide.messaging.models import (
    Attachment,
    Kind,
    Message,
    MessageRead,
    Party,
    Side,
    Thread,
)
from confide.notify.actions import notify
from confide.notify.models import Channel
from confide.practice import access
from confide.practice.models import Client, Clinician

SUBJECT_MAX = 200
BODY_MAX = 10_000
TITLE_MAX = 200


@dataclass(frozen=True)
class Sent:
    thread: Thread
    message: Message
    # The message held risk words: show the sender the crisis lines now.
    crisis: bool


def side_of(user: Any) -> str:
    """Which side of every thread this account writes on."""
    return Side.PORTAL if access.role_of(user) in access.PORTAL_PARTIES else Side.CARE_TEAM


def care_team(client: Client) -> list[Clinician]:
    return list(
        Clinician.objects.filter(assignments__client=client, active=True)
        .select_related("user")
        .order_by("-assignments__primary", "assignments__assigned_at")
    )


def _text(value: str, field: str, limit: int, *, required: bool, what: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: f"Write {what}."})
    if len(value) > limit:
        raise ValidationError({field: f"Keep {what} under {limit:,} characters."})
    return value


def _sender_name(actor: Actor, side: str, client: Client) -> str:
    if side == Side.CARE_TEAM:
        clinician = Clinician.objects.filter(user=actor.user).first()
        if clinician is not None:
            return clinician.display_name
    if side == Side.PORTAL and client.user_id == actor.user.pk:
        return client.full_name
    return actor.user.get_full_name() or actor.user.get_username()


def _risky(side: str, *texts: str, upload: files.Upload | None, content_type: str) -> bool:
    """Only the client's side is checked: a clinician writing "call 988 if you feel suicidal"
    is care, not risk."""
    if side != Side.PORTAL:
        return False
    words = " \n".join(texts)
    if upload is not None and content_type == "text/plain":
        words += "\n" + upload.data.decode("utf-8-sig", errors="replace")
    return bool(danger_words(words))


def start_thread(
    actor: Actor,
    client: Client,
    *,
    subject: str,
    body: str,
    party: str = "",
    upload: files.Upload | None = None,
    kind: str = Kind.OTHER,
    title: str = "",
) -> Sent:
    """Open a thread with a first message. From the portal it is always with the writer's own
    party; the care team chooses who it is with (the client, by default)."""
    user = actor.user
    my_party = access.portal_party(user, client)
    if my_party:
        party = my_party
        if not care_team(client):
            raise ValidationError(
                {"body": "You can send messages once a clinician is looking after you."}
            )
    elif access.may_write_messages(user, client):
        party = party or Party.CLIENT
        if party not in Party.values:
            raise ValidationError({"party": "Choose who the message is for."})
        if not access.portal_people(client, party):
            raise ValidationError(
                {"party": "They have no portal account yet: invite them to the portal first."}
            )
    else:
        raise PermissionDenied("Only the client's own clinicians can write to them.")
    subject = _text(subject, "subject", SUBJECT_MAX, required=True, what="a subject")
    thread = Thread(client=client, party=party, subject=subject, started_by=user)
    return _add(actor, thread, body=body, upload=upload, kind=kind, title=title, new=True)


def send_message(
    actor: Actor,
    thread: Thread,
    *,
    body: str,
    upload: files.Upload | None = None,
    kind: str = Kind.OTHER,
    title: str = "",
) -> Sent:
    """Add a message (and at most one file) to a thread."""
    if not access.may_write_thread(actor.user, thread):
        raise PermissionDenied("You cannot write in this thread.")
    return _add(actor, thread, body=body, upload=upload, kind=kind, title=title, new=False)


def _add(
    actor: Actor,
    thread: Thread,
    *,
    body: str,
    upload: files.Upload | None,
    kind: str,
    title: str,
    new: bool,
) -> Sent:
    side = side_of(actor.user)
    body = _text(body, "body", BODY_MAX, required=upload is None, what="a message")
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose what kind of document this is."})
    title = _text(title, "title", TITLE_MAX, required=False, what="the title")
    # Checked and stored before the transaction: a file that fails its check never touches
    # the database, and one stored for a change that then fails is removed again.
    stored = files.store(upload) if upload is not None else None
    try:
        with transaction.atomic():
            return _write(actor, thread, side, body, stored, upload, kind, title, new)
    except BaseException:
        if stored is not None:
            files.discard(stored.blob)
        raise


def _write(
    actor: Actor,
    thread: Thread,
    side: str,
    body: str,
    stored: files.Stored | None,
    upload: files.Upload | None,
    kind: str,
    title: str,
    new: bool,
) -> Sent:
    now = timezone.now()
    client = thread.client
    if new:
        thread.started_at = thread.last_message_at = now
        thread.save()
    else:
        # Locked: two messages at once must not lose each other's flags.
        thread = Thread.objects.select_for_update().select_related("client").get(pk=thread.pk)
    risk = _risky(
        side,
        thread.subject if new else "",
        body,
        upload=upload,
        content_type=stored.content_type if stored else "",
    )
    message = Message.objects.create(
        thread=thread,
        side=side,
        sender=actor.user,
        sender_name=_sender_name(actor, side, client),
        body=body,
        sent_at=now,
        risk=risk,
    )
    # Whoever writes has read what came before (the page makes them open it first).
    earlier = thread.messages.exclude(side=side).exclude(reads__user=actor.user)
    MessageRead.objects.bulk_create(
        [
            MessageRead(message_id=pk, user=actor.user, read_at=now)
            for pk in [message.pk, *earlier.values_list("pk", flat=True)]
        ],
        ignore_conflicts=True,
    )
    attachment = None
    if stored is not None:
        attachment = Attachment.objects.create(
            message=message,
            kind=kind if side == Side.CARE_TEAM else Kind.OTHER,
            title=title or stored.filename,
            filename=stored.filename,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            blob=stored.blob,
            uploaded_at=now,
        )
    thread.last_message_at = now
    if side == Side.PORTAL:
        thread.awaiting_reply = True
        thread.no_reply_needed_at = None
        thread.no_reply_needed_by = None
        if risk:
            thread.risk_flagged_at = now
            thread.risk_reviewed_at = None
            thread.risk_reviewed_by = None
    else:
        thread.awaiting_reply = False
    thread.save()
    if new:
        record(Action.CREATE, actor=actor, obj=thread, client_id=client.pk, detail="Thread started")
    detail = "Message sent" + (" (risk words: thread flagged)" if risk else "")
    record(Action.CREATE, actor=actor, obj=message, client_id=client.pk, detail=detail)
    if attachment is not None:
        record(
            Action.CREATE,
            actor=actor,
            obj=attachment,
            client_id=client.pk,
            detail=f"{attachment.get_kind_display()} shared ({attachment.content_type})",
        )
    _notify(thread, message, risk)
    return Sent(thread=thread, message=message, crisis=risk)


def _notify(thread: Thread, message: Message, risk: bool) -> None:
    """Tell the other side, in words that hold nothing of the message."""
    client = thread.client
    key = f"message:{message.pk}"
    if message.side == Side.PORTAL:
        for clinician in care_team(client):
            user = clinician.user
            if user is None or not user.is_active:
                continue
            notify(
                "message_risk" if risk else "message_for_care_team",
                channel=Channel.EMAIL,
                to=user.email,
                key=f"{key}:{user.pk}",
                recipient=user,
                recipient_role="clinician",
                params={"message": str(message.pk)},
                about=message,
                client_id=client.pk,
            )
        return
    for person in access.portal_people(client, thread.party):
        params = {"message": str(message.pk)}
        common = {
            "recipient": person,
            "recipient_role": thread.party,
            "params": params,
            "about": message,
            "client_id": client.pk,
        }
        texted = None
        if thread.party == Party.CLIENT and client.preferred_contact == "text":
            # A text only with consent and no STOP (notify checks); else the e-mail.
            texted = notify(
                "message_for_portal",
                channel=Channel.SMS,
                to=client.phone,
                key=f"{key}:{person.pk}:sms",
                **common,
            )
        if texted is None:
            notify(
                "message_for_portal",
                channel=Channel.EMAIL,
                to=person.email or (client.email if thread.party == Party.CLIENT else ""),
                key=f"{key}:{person.pk}:email",
                **common,
            )


# --- reading -------------------------------------------------------------------------------


def visible_thread(actor: Actor, thread_id: Any) -> Thread:
    """The thread if this actor may open it. Staff who see the client but not their messages
    (intake, an admin without break-glass) get 403, as for the rest of the clinical record;
    anyone else 404, whether it exists or not."""
    try:
        return Thread.objects.visible_to(actor.user).select_related("client").get(pk=thread_id)
    except (Thread.DoesNotExist, ValidationError, ValueError, TypeError):
        pass
    if access.is_staff(actor.user):
        client_id = Thread.objects.filter(pk=thread_id).values_list("client_id", flat=True).first()
        if client_id and Client.objects.visible_to(actor.user).filter(pk=client_id).exists():
            raise PermissionDenied("Messages are visible only to the client's clinicians.")
    raise Http404("No such conversation.")


@dataclass(frozen=True)
class Opened:
    thread: Thread
    messages: list[Message]
    # Messages this person had not opened before now.
    new: frozenset[Any]


def open_thread(actor: Actor, thread_id: Any) -> Opened:
    """Read a whole thread: audited message by message, and marked read for this person."""
    thread = visible_thread(actor, thread_id)
    messages = list(thread.messages.prefetch_related("attachments"))
    side = side_of(actor.user)
    seen = set(
        MessageRead.objects.filter(message__thread=thread, user=actor.user).values_list(
            "message_id", flat=True
        )
    )
    new = frozenset(m.pk for m in messages if m.side != side and m.pk not in seen)
    now = timezone.now()
    MessageRead.objects.bulk_create(
        [MessageRead(message_id=pk, user=actor.user, read_at=now) for pk in new],
        ignore_conflicts=True,
    )
    record(Action.READ, actor=actor, obj=thread, client_id=thread.client_id)
    record_many(Action.READ, messages, actor=actor, client_of=lambda m: thread.client_id)
    return Opened(thread=thread, messages=messages, new=new)


def threads_for(actor: Actor, client: Client | None = None) -> QuerySet[Thread]:
    """The threads this actor may open (of one client, or all), each with its `unread`
    count and `risk_open`, in inbox order; not audited (the caller audits what it shows)."""
    threads = Thread.objects.visible_to(actor.user)
    if client is not None:
        threads = threads.filter(client=client)
    return threads.with_unread(actor.user, side_of(actor.user)).for_inbox()


def unread_count(user: Any) -> int:
    """Messages from the other side, in threads this person may open, not yet opened."""
    threads = Thread.objects.visible_to(user)
    return (
        Message.objects.filter(thread__in=threads)
        .exclude(side=side_of(user))
        .exclude(reads__user=user)
        .count()
    )


def documents_for(actor: Actor, client: Client) -> list[Attachment]:
    """Every file in this client's threads that the actor may open, newest first, each with
    `is_new` (in a message they have not opened yet), audited as a read of each."""
    user = actor.user
    threads = Thread.objects.visible_to(user).filter(client=client)
    found = list(
        Attachment.objects.filter(message__thread__in=threads)
        .select_related("message", "message__thread")
        .order_by("-uploaded_at")
    )
    read = set(
        MessageRead.objects.filter(
            user=user, message_id__in=[a.message_id for a in found]
        ).values_list("message_id", flat=True)
    )
    for attachment in found:
        attachment.is_new = attachment.message_id not in read
    record_many(Action.READ, found, actor=actor, client_of=lambda a: client.pk)
    return found


def open_attachment(actor: Actor, attachment_id: Any) -> tuple[Attachment, bytes]:
    """A file and its content for someone who may see its thread, audited; else 404."""
    threads = Thread.objects.visible_to(actor.user)
    try:
        attachment = (
            Attachment.objects.select_related("message__thread")
            .filter(message__thread__in=threads)
            .get(pk=attachment_id)
        )
    except (Attachment.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such document.") from None
    client_id = attachment.message.thread.client_id
    data = files.read(attachment.blob)
    MessageRead.objects.get_or_create(message=attachment.message, user=actor.user)
    record(Action.READ, actor=actor, obj=attachment, client_id=client_id, detail="File opened")
    return attachment, data


# --- the care team's bookkeeping -------------------------------------------------------------


def _care_team_thread(actor: Actor, thread: Thread, what: str) -> Thread:
    if not access.may_write_messages(actor.user, thread.client):
        raise PermissionDenied(f"Only the client's own clinicians can {what}.")
    return Thread.objects.select_for_update().select_related("client").get(pk=thread.pk)


@transaction.atomic
def set_no_reply_needed(actor: Actor, thread: Thread, *, needed: bool = False) -> Thread:
    """Mark a thread as needing no reply (it leaves the "awaiting reply" list), or undo it."""
    thread = _care_team_thread(actor, thread, "mark a conversation")
    if needed:
        last = thread.messages.order_by("-sent_at").first()
        thread.awaiting_reply = last is not None and last.side == Side.PORTAL
        thread.no_reply_needed_at = None
        thread.no_reply_needed_by = None
        detail = "Marked as needing a reply"
    else:
        thread.awaiting_reply = False
        thread.no_reply_needed_at = timezone.now()
        thread.no_reply_needed_by = actor.user
        detail = "Marked as needing no reply"
    thread.save()
    record(Action.UPDATE, actor=actor, obj=thread, client_id=thread.client_id, detail=detail)
    return thread


@transaction.atomic
def review_risk(actor: Actor, thread: Thread) -> Thread:
    """The clinician has read the flagged message and acted: the flag leaves the inbox's top
    (the message keeps its mark, and the audit trail keeps who and when)."""
    thread = _care_team_thread(actor, thread, "review a flagged conversation")
    if thread.risk_flagged_at is None or thread.risk_reviewed_at is not None:
        raise ValidationError({"thread": "This conversation has no open risk flag."})
    thread.risk_reviewed_at = timezone.now()
    thread.risk_reviewed_by = actor.user
    thread.save(update_fields=["risk_reviewed_at", "risk_reviewed_by"])
    record(
        Action.UPDATE, actor=actor, obj=thread, client_id=thread.client_id, detail="Risk reviewed"
    )
    return thread
