"""Consultation requests from the public form (or the API), and what intake did with each."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from confide.intake.matching import AGE_GROUPS, CONCERN_LABELS
from confide.intake.triage import SEVERITY_WORDS


class Status(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    MATCHED = "matched", "Matched"
    BOOKED = "booked", "Booked"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = (Status.NEW, Status.CONTACTED, Status.MATCHED)


class CloseReason(models.TextChoices):
    DECLINED = "declined", "Declined"
    REFERRED = "referred", "Referred elsewhere"
    NO_RESPONSE = "no_response", "No response"


class ForWhom(models.TextChoices):
    SELF = "self", "Myself"
    CHILD = "child", "My child or teen"
    COUPLE_FAMILY = "couple_family", "Us as a couple or family"


class Format(models.TextChoices):
    EITHER = "either", "Either"
    VIRTUAL = "virtual", "By secure video"
    IN_PERSON = "in_person", "In person"


class ContactWay(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"


class ConsultationRequestQuerySet(models.QuerySet):
    def queue_order(self) -> ConsultationRequestQuerySet:
        """Urgent first, then more severe, then who has waited longest (triage.order_queue)."""
        return self.order_by("-urgent", "-severity", "created_at")

    def open(self) -> ConsultationRequestQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


class ConsultationRequest(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)

    # Who is asking and how to reach them.
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    preferred_contact = models.CharField(max_length=10, choices=ContactWay.choices)

    # Who the help is for.
    for_whom = models.CharField(max_length=20, choices=ForWhom.choices)
    their_first_name = models.CharField(max_length=100, blank=True)
    their_last_name = models.CharField(max_length=100, blank=True)
    age_group = models.CharField(max_length=20, choices=AGE_GROUPS)
    date_of_birth = models.DateField(null=True, blank=True)

    # What is going on.
    concerns = models.JSONField(default=list)
    details = models.TextField(blank=True)

    # Preferences.
    format = models.CharField(max_length=20, choices=Format.choices)
    location = models.ForeignKey(
        "practice.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    languages = models.JSONField(default=list, help_text="Language slugs.")
    days = models.JSONField(default=list, help_text="Weekdays, 0 = Monday.")
    day_parts = models.JSONField(default=list)
    consent = models.BooleanField()

    kept_screening = models.OneToOneField(
        "screening.KeptScreening",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_request",
    )
    # Triage, decided once at arrival (triage.assess) so the queue orders in the database.
    urgent = models.BooleanField(default=False, db_index=True)
    urgent_reasons = models.JSONField(default=list, blank=True)
    severity = models.PositiveSmallIntegerField(default=0)

    clinician = models.ForeignKey(
        "practice.Clinician", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    client = models.ForeignKey(
        "practice.Client",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_requests",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsultationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-urgent", "-severity", "created_at"]

    def __str__(self) -> str:
        # No health details here: __str__ reaches admin history and log lines.
        return f"Consultation request {self.created_at:%Y-%m-%d} ({self.get_status_display()})"

    @property
    def requester_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def client_first_name(self) -> str:
        return self.their_first_name if self.for_whom == ForWhom.CHILD else self.first_name

    @property
    def client_last_name(self) -> str:
        if self.for_whom == ForWhom.CHILD:
            return self.their_last_name or self.last_name
        return self.last_name

    @property
    def client_name(self) -> str:
        return f"{self.client_first_name} {self.client_last_name}"

    @property
    def concern_labels(self) -> list[str]:
        return [CONCERN_LABELS.get(c, c) for c in self.concerns]

    @property
    def severity_word(self) -> str:
        return SEVERITY_WORDS.get(self.severity, "")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class RequestEvent(models.Model):
    """One step in a request's handling: who moved it to which status, when (its history)."""

    request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} → {self.to_status}"
