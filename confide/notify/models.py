"""Every message Confide sends to a person: what, to whom, through which channel, and whether
it went. The row is written in the same transaction as the change that causes it, so a message
is never lost to a crash; its unique `key` makes each one go out once, however often the change
or the worker runs.

Rows hold no health information and no secrets: the text is rendered when it is sent, from the
`kind` and `params` (ids only), so a one-time link's token exists only in the message itself.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from confide.ipt.crypto import EncryptedTextField


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    SMS = "sms", "Text message"


class Status(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Not needed any more"


class NotificationQuerySet(models.QuerySet):
    def about(self, obj: models.Model) -> NotificationQuerySet:
        return self.filter(object_type=obj._meta.model_name, object_id=str(obj.pk))


class Notification(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.CharField(max_length=200, unique=True, help_text="Sent once per key.")
    kind = models.CharField(max_length=60, help_text="Which renderer writes the text.")
    params = models.JSONField(default=dict, blank=True, help_text="Ids only, never content.")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    recipient_role = models.CharField(
        max_length=30, blank=True, help_text="Why this person: clinician, clinical_lead, ..."
    )
    to = models.CharField(max_length=254, help_text="The e-mail address or E.164 number used.")
    # What the message is about (an alert, an appointment, ...), for showing it there.
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    client_id = models.UUIDField(null=True, blank=True, db_index=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    queued_at = models.DateTimeField(default=timezone.now)
    not_before = models.DateTimeField(null=True, blank=True, help_text="Send no earlier.")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    provider_id = models.CharField(max_length=100, blank=True)
    error = models.CharField(max_length=200, blank=True, help_text="Why it failed; no content.")

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-queued_at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.kind} by {self.channel} ({self.status})"


class TextNumber(models.Model):
    """A phone number Confide may text, and why: the recorded consent of its owner, and any
    STOP they have replied since. A text goes out only to a number that has both a consent and
    no opt-out (`actions.may_text`), checked when it is queued and again when it is sent."""

    number = models.CharField(max_length=20, unique=True, help_text="E.164, e.g. +12035550142")
    consent_at = models.DateTimeField(null=True, blank=True, help_text="Agreed to texts.")
    consent_source = models.CharField(
        max_length=30, blank=True, help_text="Where the consent was given: portal, staff, ..."
    )
    consent_client_id = models.UUIDField(
        null=True, blank=True, db_index=True, help_text="The client whose consent it is."
    )
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who recorded it.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    opted_out_at = models.DateTimeField(
        null=True, blank=True, help_text="Replied STOP (cleared by START)."
    )
    opted_in_at = models.DateTimeField(null=True, blank=True, help_text="Last replied START.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Text number …{self.number[-4:]}"

    @property
    def may_text(self) -> bool:
        return self.consent_at is not None and self.opted_out_at is None


class InboundKeyword(models.TextChoices):
    STOP = "stop", "STOP"
    START = "start", "START"
    HELP = "help", "HELP"


class InboundText(models.Model):
    """A text someone sent to the practice's number. Keywords are kept as the keyword; any
    other words are kept encrypted, for the client's clinicians (or intake) to read."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    provider_id = models.CharField(
        max_length=64, unique=True, null=True, blank=True, help_text="A resent webhook is one."
    )
    number = models.CharField(max_length=20, db_index=True)
    keyword = models.CharField(max_length=10, choices=InboundKeyword.choices, blank=True)
    body = EncryptedTextField(blank=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    client_id = models.UUIDField(null=True, blank=True, db_index=True)
    risk = models.BooleanField(default=False, help_text="Holds words of the triage list.")
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"Text from …{self.number[-4:]} ({self.keyword or 'message'})"
