"""Scored questionnaires, whatever their source, and licensed wording a practice has loaded."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Source(models.TextChoices):
    PUBLIC_CHECK = "public_check", "Public symptom check"
    PORTAL = "portal", "Client pre-session link"
    INTAKE = "intake", "Intake paperwork in the portal"
    CLINICIAN = "clinician", "Entered by a clinician"
    API = "api", "API"
    FHIR_IMPORT = "fhir_import", "FHIR import"


class AssessmentQuerySet(models.QuerySet):
    def safety_unanswered(self) -> AssessmentQuerySet:
        """Questionnaires whose safety question was left unanswered (never read as "no risk")."""
        return self.filter(risk_unanswered=True)


class Assessment(models.Model):
    """One completed questionnaire and its scored result.

    Scoring happens once, in `record_assessment()`; everything that shows a score reads these
    columns and never scores again.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    instrument = models.CharField(max_length=20, db_index=True)
    responses = models.JSONField(help_text="Option positions from the top, from 0; null = missing.")
    extras = models.JSONField(default=dict, blank=True)
    total = models.IntegerField(null=True)
    raw_total = models.IntegerField(null=True)
    max_total = models.IntegerField()
    severity = models.CharField(max_length=30, blank=True)
    flags = models.JSONField(default=list)
    risk = models.BooleanField(default=False, db_index=True)
    risk_unanswered = models.BooleanField(
        default=False,
        db_index=True,
        help_text="A safety question (PHQ-9/PHQ-A item 9, EPDS item 10...) was left unanswered.",
    )
    prorated = models.BooleanField(default=False)
    scorable = models.BooleanField(default=True)
    subscales = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    taken_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    client = models.ForeignKey(
        "practice.Client",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kept_screening = models.ForeignKey(
        "screening.KeptScreening",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-taken_at"]
        indexes = [models.Index(fields=["client", "instrument", "taken_at"])]

    def __str__(self) -> str:
        return f"{self.instrument} {self.total} ({self.taken_at:%Y-%m-%d})"

    @property
    def safety_words(self) -> str:
        """What staff pages say about the safety question, or nothing when it was answered 'no'."""
        if self.risk:
            return SAFETY_POSITIVE
        if self.risk_unanswered:
            return SAFETY_UNANSWERED
        return ""


SAFETY_POSITIVE = "Safety question answered positively"
SAFETY_UNANSWERED = "Safety question not answered"


class InstrumentWording(models.Model):
    """Wording of a licensed instrument, loaded by a practice that holds permission."""

    instrument = models.CharField(max_length=20, unique=True)
    data = models.JSONField()
    permission_note = models.CharField(max_length=300, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Wording for {self.instrument}"
