"""People who sign in to Confide, each with exactly one role."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Practice admin"
    INTAKE = "intake", "Intake coordinator"
    CLINICIAN = "clinician", "Clinician"
    CLIENT = "client", "Client"


class User(AbstractUser):
    # Opaque id for URLs and the API; the integer key never leaves the database.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)

    @property
    def is_staff_member(self) -> bool:
        return self.role in {Role.ADMIN, Role.INTAKE, Role.CLINICIAN}
