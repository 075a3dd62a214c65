"""Secure messages between a client (or, within the sharing rules, a minor's guardian) and
their care team, and the documents shared in them.

Subjects, bodies, document titles and file names are encrypted at rest with the note keys
(confide/ipt/crypto.py); the files themselves are encrypted too (files.py). What a query needs
(who, when, whether answered, whether flagged) stays in plain columns.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from confide.ipt.crypto import EncryptedTextField


class Party(models.TextChoices):
    """Who a thread is with on the portal side."""

    CLIENT = "client", "The client"
    GUARDIAN = "guardian", "The client's parent or guardian"


class Side(models.TextChoices):
    PORTAL = "portal", "The client's side"
    CARE_TEAM = "care_team", "The care team"


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ThreadQuerySet:
        """The one place that decides whose threads a user may open. See access.py."""
        from confide.practice.access import visible_threads

        return visible_threads(self, user)

    def with_unread(self, user: Any, side: str) -> ThreadQuerySet:
        """Annotate `unread`: messages from the other side this user has not opened yet."""
        unread = (
            Message.objects.filter(thread=OuterRef("pk"))
            .exclude(side=side)
            .exclude(reads__user=user)
            .order_by()
            .values("thread")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(unread=Coalesce(Subquery(unread), Value(0)))

    def for_inbox(self) -> ThreadQuerySet:
        """Annotate `risk_open`; flagged for risk first, then those awaiting a reply, then the
        most recent."""
        open_flag = Q(risk_flagged_at__isnull=False, risk_reviewed_at__isnull=True)
        return (
            self.select_related("client")
            .annotate(
                risk_open=Case(
                    When(open_flag, then=Value(True)),
                    default=Value(False),
                    output_field=models.BooleanField(),
                )
            )
            .order_by("-risk_open", "-awaiting_reply", "-last_message_at")
        )


class Thread(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        "practice.Client", on_delete=models.CASCADE, related_name="message_threads"
    )
    party = models.CharField(max_length=10, choices=Party.choices, default=Party.CLIENT)
    subject = EncryptedTextField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The client's side wrote last and nobody has answered or closed it.
    awaiting_reply = models.BooleanField(default=False, db_index=True)
    no_reply_needed_at = models.DateTimeField(null=True, blank=True)
    no_reply_needed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A message from the client's side held words of the triage list; cleared when a clinician
    # says they have read it and acted.
    risk_flagged_at = models.DateTimeField(null=True, blank=True, db_index=True)
    risk_reviewed_at = models.DateTimeField(null=True, blank=True)
    risk_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-last_message_at"]
        indexes = [models.Index(fields=["client", "-last_message_at"])]

    def __str__(self) -> str:
        return f"Thread {self.pk} ({self.get_party_display()})"

    @property
    def risk_is_open(self) -> bool:
        return self.risk_flagged_at is not None and self.risk_reviewed_at is None


class Message(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    side = models.CharField(max_length=10, choices=Side.choices)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender_name = models.CharField(max_length=200, help_text="As shown when it was sent.")
    body = EncryptedTextField(blank=True)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)
    risk = models.BooleanField(default=False, help_text="Held words of the triage list.")

    class Meta:
        ordering = ["sent_at"]

    def __str__(self) -> str:
        return f"Message {self.pk} from {self.get_side_display()}"


class MessageRead(models.Model):
    """That a person opened a message (each opening is also in the audit trail)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="message_read_once"),
        ]

    def __str__(self) -> str:
        return f"Read {self.message_id} by {self.user_id}"


class Kind(models.TextChoices):
    WORKSHEET = "worksheet", "Worksheet"
    HOMEWORK = "homework", "Homework"
    LETTER = "letter", "Letter"
    OTHER = "other", "Document"


class Attachment(models.Model):
    """A file sent with a message: a worksheet, a letter, homework, or a file from the client.

    `blob` names the encrypted file in the private storage: random, never derived from the
    client or the file, and never served except by the view that checks access and audits."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = EncryptedTextField()
    filename = EncryptedTextField()
    content_type = models.CharField(max_length=100, help_text="Found from the content itself.")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    blob = models.CharField(max_length=100, unique=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    # Set by `actions.documents_for` for the person looking: in a message they have not opened.
    is_new = False

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return f"Attachment {self.pk} ({self.content_type})"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
