"""Bulk export jobs and the NDJSON files they wrote (files live in a private directory)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ExportJob(models.Model):
    """One bulk export: who asked, what they may see (their own visibility), and its progress."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    request_url = models.CharField(max_length=500)
    types = models.JSONField(default=list, blank=True, help_text="Empty: every type.")
    status = models.CharField(
        max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    transaction_time = models.DateTimeField()
    clients_total = models.PositiveIntegerField(default=0)
    clients_done = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Which worker writes it, and when it last moved on: a job whose worker died is marked
    # failed when that worker restarts or once it has been still too long (interop/stalls.py).
    worker_id = models.CharField(max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Export {self.pk} ({self.status})"

    @property
    def progress_text(self) -> str:
        if self.status == JobStatus.QUEUED:
            return "queued"
        percent = 100 * self.clients_done // self.clients_total if self.clients_total else 0
        return f"{percent}% ({self.clients_done} of {self.clients_total} clients)"


class ExportFile(models.Model):
    job = models.ForeignKey(ExportJob, on_delete=models.CASCADE, related_name="files")
    resource_type = models.CharField(max_length=40)
    name = models.CharField(max_length=80)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["resource_type"]
        constraints = [
            models.UniqueConstraint(fields=["job", "resource_type"], name="one_file_per_type")
        ]

    def __str__(self) -> str:
        return self.name


class ImportedResponse(models.Model):
    """A QuestionnaireResponse already imported as this assessment, so that the same response
    sent again (a retry, a resend) stores nothing new and opens no second alert.

    The keys are SHA-256 digests of what identifies the response (interop/dedupe.py), scoped
    to the client: the same identifier under another client is another client's record.
    """

    assessment = models.OneToOneField(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="fhir_import"
    )
    client = models.ForeignKey("practice.Client", on_delete=models.CASCADE, related_name="+")
    identifier_key = models.CharField(max_length=64, blank=True, help_text="Empty: none given.")
    resource_key = models.CharField(max_length=64, blank=True, help_text="Empty: no id given.")
    answers_digest = models.CharField(max_length=64, help_text="What was answered.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "identifier_key"],
                condition=~models.Q(identifier_key=""),
                name="one_import_per_identifier",
            ),
            models.UniqueConstraint(
                fields=["client", "resource_key"],
                condition=~models.Q(resource_key=""),
                name="one_import_per_id",
            ),
        ]

    def __str__(self) -> str:
        return f"Import of {self.assessment_id}"
