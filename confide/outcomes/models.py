"""Measurement-based care: what each client is asked to fill in, one-time links, risk alerts."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

DEFAULT_MEASURES = ["phq9", "gad7"]
# The measures a clinician may add to a schedule (EPDS only once its wording is loaded).
SCHEDULABLE = ["phq9", "gad7", "epds", "ucla3", "pcl5", "who5"]


def hash_token(token: str) -> str:
    """Tokens are 256 random bits, so a plain SHA-256 is enough: there is nothing to guess."""
    return hashlib.sha256(token.encode()).hexdigest()


class MeasureSchedule(models.Model):
    """Which questionnaires a client answers before each session (default PHQ-9 and GAD-7)."""

    client = models.OneToOneField(
        "practice.Client", on_delete=models.CASCADE, related_name="measure_schedule"
    )
    instruments = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Measures for {self.client_id}: {', '.join(self.instruments)}"


class MeasureLinkQuerySet(models.QuerySet):
    def pending(self) -> MeasureLinkQuerySet:
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class MeasureLink(models.Model):
    """A one-time link to answer the scheduled questionnaires, sent before a session.

    Only the SHA-256 of the token is stored; the token itself exists only in the email.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        "practice.Client", on_delete=models.CASCADE, related_name="measure_links"
    )
    instruments = models.JSONField()
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MeasureLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Measure link for {self.client_id} ({self.created_at:%Y-%m-%d})"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


class RiskAlertQuerySet(models.QuerySet):
    def open(self) -> RiskAlertQuerySet:
        return self.filter(acknowledged_at__isnull=True)


class RiskAlert(models.Model):
    """A positive safety answer, shown to the client's clinician (intake when none) until
    someone acknowledges it and says what was done."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        "practice.Client", on_delete=models.CASCADE, related_name="risk_alerts"
    )
    assessment = models.OneToOneField(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="risk_alert"
    )
    clinician = models.ForeignKey(
        "practice.Clinician",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="risk_alerts",
        help_text="Empty: no clinician assigned yet, so intake sees it.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action_taken = models.TextField(blank=True)

    objects = RiskAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        state = "open" if self.acknowledged_at is None else "acknowledged"
        return f"Risk alert for {self.client_id} ({state})"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None


# --- the practice's outcomes, stored per course ------------------------------------------
# Derived rows, kept current by confide.outcomes.practice.refresh() whenever a discharged
# client's data changes, so the practice page and the expected bands read a few small rows
# instead of recomputing every course from its questionnaires on each view.


class Dimension(models.TextChoices):
    ALL = "all", "All clients"
    POPULATION = "population", "Population"
    AREA = "area", "Problem area"
    MODALITY = "modality", "Adjunct modality"


class CourseOutcome(models.Model):
    """One discharged client's course, as the practice outcomes count it."""

    client = models.OneToOneField(
        "practice.Client", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    finished = models.BooleanField(help_text="Attended (or measured) enough sessions.")
    phq9_elevated = models.BooleanField(
        help_text="First PHQ-9 10 or more and measured again: counts for response and remission."
    )
    response = models.BooleanField()
    remission = models.BooleanField()
    at_caseness = models.BooleanField(help_text="Counts for recovery.")
    recovered = models.BooleanField()
    reliable_recovery = models.BooleanField()
    phq9_totals = models.JSONField(default=list, help_text="In order; for the expected bands.")
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Course outcome for {self.client_id}"


class CourseGroup(models.Model):
    """A group a course is counted in (a client is in several: all, population, areas...)."""

    course = models.ForeignKey(CourseOutcome, on_delete=models.CASCADE, related_name="groups")
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    group = models.CharField(max_length=60, help_text="A slug; labelled when shown.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["course", "dimension", "group"], name="course_group_once"
            )
        ]
        indexes = [models.Index(fields=["dimension", "group"])]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.group}"


class ExpectedBand(models.Model):
    """The practice's expected PHQ-9 at session k for courses starting in a band (25th-75th
    percentile), recomputed when a finished course changes."""

    start_band = models.CharField(max_length=40)
    session = models.PositiveSmallIntegerField()
    low = models.FloatField()
    high = models.FloatField()
    courses = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["start_band", "session"], name="expected_band_once")
        ]

    def __str__(self) -> str:
        return f"{self.start_band} at session {self.session}: {self.low:g}-{self.high:g}"
