"""Background delivery of queued notifications (django-tasks), each sent once.

A run first claims its row with a conditional UPDATE (queued -> sending), so the same task
enqueued twice, or two workers, find nothing left to claim. A row left `sending` by a worker
that died mid-send is put back in the queue by `sweep()`: the only window for a duplicate is a
crash between the provider accepting the message and our commit, which we accept rather than
lose a safety message. Failures are retried with backoff, then marked failed.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from confide.audit.actor import Actor, Via
from confide.audit.log import record
from confide.audit.models import Action
from confide.notify import sms
from confide.notify.actions import may_text
from confide.notify.messages import Message, Skip, render
from confide.notify.models import Channel, Notification, Status

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
STUCK_AFTER = timedelta(minutes=10)


def _due() -> Q:
    return Q(not_before__isnull=True) | Q(not_before__lte=timezone.now())


def _send(notification: Notification, message: Message) -> str:
    if notification.channel == Channel.SMS:
        return sms.backend().send(sms.Text(to=notification.to, body=message.text))
    email = EmailMultiAlternatives(message.subject, message.text, None, [notification.to])
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for a in message.attachments:
        email.attach(a.filename, a.content, a.mimetype)
    email.send()
    return ""


def _audit(notification: Notification, outcome: str) -> None:
    record(
        Action.NOTIFY,
        actor=Actor.system(Via.WORKER),
        object_type="notification",
        object_id=str(notification.pk),
        client_id=notification.client_id,
        detail=(
            f"{notification.kind} by {notification.channel} to "
            f"{notification.recipient_role or 'recipient'}: {outcome}"
        ),
    )


@task()
def deliver(notification_id: str) -> str:
    """Send one notification if it is still queued and due; return its status afterwards."""
    now = timezone.now()
    claimed = Notification.objects.filter(_due(), pk=notification_id, status=Status.QUEUED).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return "not claimed"
    notification = Notification.objects.get(pk=notification_id)
    if notification.channel == Channel.SMS and not may_text(notification.to):
        # A STOP (or a withdrawn consent) since the text was queued: it must not go.
        notification.status = Status.SKIPPED
        notification.save(update_fields=["status"])
        _audit(notification, "not sent: no consent to texts, or STOP")
        return notification.status
    try:
        message = render(notification)
        provider_id = _send(notification, message)
    except Skip:
        notification.status = Status.SKIPPED
        notification.save(update_fields=["status"])
        _audit(notification, "not needed")
        return notification.status
    except Exception as error:
        # The class name only: a provider's message could echo an address or the text.
        notification.error = type(error).__name__
        if notification.attempts >= MAX_ATTEMPTS:
            notification.status = Status.FAILED
        else:
            notification.status = Status.QUEUED
            notification.not_before = now + timedelta(minutes=2**notification.attempts)
        notification.save(update_fields=["status", "error", "not_before"])
        logger.warning(
            "Notification %s failed (%s), attempt %d",
            notification.pk,
            notification.error,
            notification.attempts,
        )
        if notification.status == Status.FAILED:
            _audit(notification, "failed")
        return notification.status
    notification.status = Status.SENT
    notification.sent_at = timezone.now()
    notification.provider_id = provider_id[:100]
    notification.error = ""
    notification.save(update_fields=["status", "sent_at", "provider_id", "error"])
    _audit(notification, "sent")
    return notification.status


def sweep() -> int:
    """Put back what a dead worker left mid-send and enqueue everything due; return how many.

    Run it on a schedule (the worker does) and at start: it is what makes a lost enqueue, a
    retry's backoff and a killed worker all end in a sent message.
    """
    now = timezone.now()
    Notification.objects.filter(status=Status.SENDING, claimed_at__lt=now - STUCK_AFTER).update(
        status=Status.QUEUED
    )
    due = list(
        Notification.objects.filter(_due(), status=Status.QUEUED).values_list("pk", flat=True)
    )
    for pk in due:
        deliver.enqueue(str(pk))
    return len(due)
