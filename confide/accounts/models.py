"""People who sign in to Confide, each with exactly one role."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    ADMIN = "admin", "Practice admin"
    INTAKE = "intake", "Intake coordinator"
    CLINICIAN = "clinician", "Clinician"
    CLIENT = "client", "Client"


class Users(UserManager["User"]):
    """Django's manager, noting a published password as create_user and createsuperuser set it
    (they hash it without set_password)."""

    def create_user(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        return _note_published(super().create_user(username, email, password, **extra), password)

    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        user = super().create_superuser(username, email, password, **extra)
        return _note_published(user, password)


def _note_published(user: User, password: str | None) -> User:
    from confide.accounts.demo import is_published

    if is_published(password):
        user.published_password = True
        type(user).objects.filter(pk=user.pk).update(published_password=True)
    return user


class User(AbstractUser):
    # Opaque id for URLs and the API; the integer key never leaves the database.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    # Set whenever the password is: true for a password printed with the demo, which production
    # refuses to start with (confide/practice/checks.py). Salted hashes cannot be compared later.
    published_password = models.BooleanField(default=False, editable=False)

    objects: ClassVar[Users] = Users()

    def set_password(self, raw_password: str | None) -> None:
        from confide.accounts.demo import is_published

        super().set_password(raw_password)
        self.published_password = is_published(raw_password)

    @property
    def is_staff_member(self) -> bool:
        return self.role in {Role.ADMIN, Role.INTAKE, Role.CLINICIAN}


class ApiTokenQuerySet(models.QuerySet):
    def usable(self) -> ApiTokenQuerySet:
        """Tokens that still open the API: not revoked, not expired, of an active user."""
        return self.filter(
            revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True
        )


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the raw token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False, help_text="For recognising a token.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now() and self.user.is_active
