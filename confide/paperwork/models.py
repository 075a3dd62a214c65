"""Paperwork a client completes before the first session: documents to sign (consents,
notices, policies, releases) and intake forms, sent together as a packet.

A document template is edited in the admin; each change publishes a numbered version that
never changes again. A document sent to a client holds the exact text of one version (with
its details filled in) and, once signed, the signature: who, when, from where, with which
browser, and the SHA-256 of the text. A signed document cannot change; only a revocation can
be added to it, and a new version of its template asks for a new signature.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from confide.ipt.crypto import EncryptedTextField

USER = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    PRIVACY_NOTICE = "privacy_notice", "Notice of Privacy Practices (acknowledgement)"
    TREATMENT_CONSENT = "treatment_consent", "Informed consent to treatment"
    TELEHEALTH_CONSENT = "telehealth_consent", "Telehealth consent"
    FINANCIAL_POLICY = "financial_policy", "Financial policy"
    TEXT_CONSENT = "text_consent", "Consent to text messages"
    MINOR_CONSENT = "minor_consent", "Consent for treatment of a minor"
    RELEASE = "release", "Release of information"


# What a signer may later withdraw: consents and releases (not an acknowledgement of a notice
# or of a policy, which records that something was read).
REVOCABLE = frozenset(
    {
        Kind.TREATMENT_CONSENT,
        Kind.TELEHEALTH_CONSENT,
        Kind.TEXT_CONSENT,
        Kind.MINOR_CONSENT,
        Kind.RELEASE,
    }
)


class Signer(models.TextChoices):
    CLIENT = "client", "The client"
    GUARDIAN = "guardian", "A parent or guardian"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Immutable(Exception):
    """Raised on an attempt to change a published version or a signed document."""


class DocumentTemplate(models.Model):
    """The practice's text for one kind of document; the admin edits it, each saved change
    becomes a new version (see actions.publish_template)."""

    kind = models.CharField(max_length=30, choices=Kind.choices, unique=True)
    title = models.CharField(max_length=120)
    body = models.TextField(
        help_text="Markdown. Placeholders in double braces are filled in for each client: "
        "{{ practice }}, {{ client }}, and for a release {{ recipient }}, {{ purpose }}, "
        "{{ information }}, {{ expires_on }}. HTML is cleaned as on the public pages."
    )
    active = models.BooleanField(
        default=True, help_text="Sent in the paperwork packet to new clients."
    )
    needs_counsel_review = models.BooleanField(
        "starting text, to review with counsel",
        default=True,
        help_text="The text shipped with Confide: have it reviewed by the practice's counsel "
        "for Connecticut and New York before relying on it, then untick this.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.title

    @property
    def current(self) -> TemplateVersion | None:
        return self.versions.order_by("-number").first()


class TemplateVersion(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    template = models.ForeignKey(
        DocumentTemplate, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=120)
    body = models.TextField()
    sha256 = models.CharField(max_length=64)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="template_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.title}, version {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise Immutable("A published version cannot change; publish a new one.")
        self.sha256 = sha256(self.body)
        super().save(*args, **kwargs)


class Packet(models.Model):
    """What was sent to one client to complete before the first session."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        "practice.Client", on_delete=models.CASCADE, related_name="paperwork_packets"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Paperwork packet for client {self.client_id}"


class Status(models.TextChoices):
    PENDING = "pending", "To sign"
    SIGNED = "signed", "Signed"
    REVOKED = "revoked", "Revoked"


# The only columns a signed document may still have written: its revocation.
REVOCATION_FIELDS = frozenset({"status", "revoked_at", "revoked_by", "revocation_reason"})


class DocumentQuerySet(models.QuerySet):
    def pending(self) -> DocumentQuerySet:
        return self.filter(status=Status.PENDING)

    def in_force(self) -> DocumentQuerySet:
        """Signed, not revoked, and (for a release) not past its expiry."""
        today = timezone.localdate()
        return self.filter(status=Status.SIGNED).exclude(expires_on__lt=today)


class Document(models.Model):
    """One document sent to a client (or their guardian) to sign, and its signature."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        "practice.Client", on_delete=models.CASCADE, related_name="documents"
    )
    packet = models.ForeignKey(
        Packet, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    signer_role = models.CharField(max_length=10, choices=Signer.choices, default=Signer.CLIENT)
    details = models.JSONField(
        default=dict, blank=True, help_text="What a release names: recipient, purpose, ..."
    )
    expires_on = models.DateField(null=True, blank=True, help_text="A release ends on this day.")
    title = models.CharField(max_length=120)
    content = models.TextField(help_text="The exact Markdown shown to the signer.")
    content_sha256 = models.CharField(max_length=64)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The signature.
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signer_name = models.CharField("name typed by the signer", max_length=200, blank=True)
    signer_capacity = models.CharField(
        max_length=100, blank=True, help_text="Self, or the guardian's relationship."
    )
    attested = models.BooleanField(default=False)
    signer_ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    drawn_signature = models.BinaryField(null=True, blank=True, help_text="PNG, optional.")
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    # A withdrawal of a consent or a release.
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revocation_reason = models.CharField(max_length=300, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "kind"]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for client {self.client_id} ({self.status})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if getattr(self, "_signed_when_loaded", False):
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= REVOCATION_FIELDS:
                raise Immutable("A signed document cannot change; only a revocation is added.")
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Document:
        # Remember whether the row was signed when read: save() refuses to change it then.
        instance = super().from_db(db, field_names, values)
        instance._signed_when_loaded = instance.signed_at is not None  # type: ignore[attr-defined]
        return instance

    @property
    def revocable(self) -> bool:
        return self.kind in REVOCABLE and self.status == Status.SIGNED

    @property
    def expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def intact(self) -> bool:
        """The stored text still has the SHA-256 it was signed with."""
        return sha256(self.content) == self.content_sha256


class FormKind(models.TextChoices):
    DEMOGRAPHICS = "demographics", "About you"
    EMERGENCY_CONTACT = "emergency_contact", "Emergency contact"
    MEDICATION = "medication", "Current medication"
    PRIOR_TREATMENT = "prior_treatment", "Earlier treatment"
    BASELINE = "baseline", "Questionnaires before your first session"


class FormStatus(models.TextChoices):
    PENDING = "pending", "To fill in"
    SUBMITTED = "submitted", "Sent, waiting for review"
    REVIEWED = "reviewed", "Reviewed by the clinician"


class IntakeForm(models.Model):
    """An intake form to fill in through the portal. What is written into the client's own
    record (contact details, emergency contact, baseline questionnaires) goes there through
    the actions; the answers themselves are kept here, encrypted, for the clinician."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        "practice.Client", on_delete=models.CASCADE, related_name="intake_forms"
    )
    packet = models.ForeignKey(
        Packet, null=True, blank=True, on_delete=models.SET_NULL, related_name="forms"
    )
    kind = models.CharField(max_length=30, choices=FormKind.choices)
    for_role = models.CharField(max_length=10, choices=Signer.choices, default=Signer.CLIENT)
    instruments = models.JSONField(default=list, blank=True, help_text="Baseline: codes.")
    answers = EncryptedTextField(blank=True, default="")
    status = models.CharField(
        max_length=10, choices=FormStatus.choices, default=FormStatus.PENDING, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for client {self.client_id} ({self.status})"
