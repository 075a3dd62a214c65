"""How message notices read: that there is a message, and where to sign in; never its words,
its subject, or (to the client) who at the practice wrote it."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from confide.messaging.models import Message, MessageRead
from confide.notify.messages import Message as Notice
from confide.notify.messages import Skip, renderer
from confide.notify.models import Channel, Notification, Status
from confide.practice import access
from confide.practice.crisis import crisis


def _message(n: Notification) -> Message:
    message = (
        Message.objects.select_related("thread__client").filter(pk=n.params.get("message")).first()
    )
    if message is None:
        raise Skip
    # Someone who may no longer see the thread (access closed since) is not told about it.
    if n.recipient is None or not access.may_see_thread(n.recipient, message.thread):
        raise Skip
    return message


def _told_already(n: Notification, message: Message) -> bool:
    """Whether this person was already told of an earlier message in the thread that they have
    not opened yet: one notice until they come and read, not one per message."""
    if MessageRead.objects.filter(message=message, user=n.recipient).exists():
        return True  # they have read this one already
    unread_before = (
        Message.objects.filter(thread=message.thread, sent_at__lt=message.sent_at)
        .filter(side=message.side)
        .exclude(reads__user=n.recipient)
        .values_list("pk", flat=True)
    )
    return Notification.objects.filter(
        recipient=n.recipient,
        status=Status.SENT,
        object_type="message",
        object_id__in=[str(pk) for pk in unread_before],
    ).exists()


def _url(name: str, message: Message) -> str:
    return settings.CONFIDE_BASE_URL.rstrip("/") + reverse(name, args=[message.thread_id])


@renderer("message_for_portal")
def message_for_portal(n: Notification) -> Notice:
    message = _message(n)
    if _told_already(n, message):
        raise Skip
    practice = settings.CONFIDE_PRACTICE["name"]
    subject = f"You have a new message from {practice}"
    url = _url("portal_messages:thread", message)
    if n.channel == Channel.SMS:
        return Notice(subject=subject, text=f"{subject}. Sign in to read it: {url}")
    text = (
        f"Hello,\n\n{subject}. Sign in to your portal to read it:\n{url}\n\n"
        "For your privacy, this e-mail does not contain the message.\n\n"
        "Messages are read during opening hours, not around the clock. "
        f"{crisis().sentence()}\n\n{practice}\n"
    )
    return Notice(subject=subject, text=text)


@renderer("message_for_care_team")
def message_for_care_team(n: Notification) -> Notice:
    message = _message(n)
    if _told_already(n, message):
        raise Skip
    url = _url("staff_messages:thread", message)
    text = f"A client has sent you a secure message. Sign in to Confide to read it:\n{url}\n"
    return Notice(subject="New secure message in Confide", text=text)


@renderer("message_risk")
def message_risk(n: Notification) -> Notice:
    # Sent even when the clinician has already opened the message: this one must not be lost.
    message = _message(n)
    url = _url("staff_messages:thread", message)
    text = (
        "A client's secure message holds words that may signal risk to their safety. They were "
        "shown the crisis lines when they sent it.\n\n"
        f"Please read it today and follow the practice's crisis protocol:\n{url}\n"
    )
    return Notice(subject="A message needs your attention today", text=text)
