"""Queue a message to a person. The one way anything in Confide reaches someone outside it.

Call `notify()` inside the transaction of the change that causes the message: the row commits
with the change or not at all, and the worker sends it after the commit. The same `key` twice
is the same notification, so a retried change or a second worker never sends it again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from confide.notify import sms
from confide.notify.models import Channel, Notification


def notify(
    kind: str,
    *,
    channel: Channel | str,
    to: str,
    key: str,
    recipient: Any = None,
    recipient_role: str = "",
    params: dict[str, Any] | None = None,
    about: models.Model | None = None,
    client_id: Any = None,
    not_before: datetime | None = None,
) -> Notification | None:
    """Queue one message; return it, or None when there is nobody to send it to (no address,
    or a text with no provider configured). `params` hold ids only, never content."""
    to = (to or "").strip()
    if not to or (channel == Channel.SMS and not sms.configured()):
        return None
    notification, created = Notification.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "channel": channel,
            "to": to,
            "recipient": recipient,
            "recipient_role": recipient_role,
            "params": params or {},
            "object_type": about._meta.model_name if about is not None else "",
            "object_id": str(about.pk) if about is not None else "",
            "client_id": client_id,
            "not_before": not_before,
        },
    )
    if created and (not_before is None or not_before <= timezone.now()):
        from confide.notify.tasks import deliver

        pk = str(notification.pk)
        transaction.on_commit(lambda: deliver.enqueue(pk))
    return notification
