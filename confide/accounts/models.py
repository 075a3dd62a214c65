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
    # A parent or legal guardian of a minor client: a portal account linked to that minor.
    GUARDIAN = "guardian", "Guardian"


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
    # Sessions signed in before this moment are over (a password reset, closed portal access):
    # checked on every request by accounts.sessions, whatever the session engine.
    sessions_ended_at = models.DateTimeField(null=True, blank=True, editable=False)
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

    @property
    def is_portal_user(self) -> bool:
        return self.role in {Role.CLIENT, Role.GUARDIAN}


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


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> InvitationQuerySet:
        return self.filter(used_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """A one-time link for a new account to set its password (clients, guardians and staff).

    Only the SHA-256 of the token is kept, and only once the e-mail carrying it has been
    written: the token is minted when the message is rendered, never stored, never queued.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    # A newer invitation for the same account replaces this one.
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    renewal_requested_at = models.DateTimeField(
        null=True, blank=True, help_text="The person asked the practice for a new link."
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.user} ({self.state})"

    @property
    def state(self) -> str:
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "replaced"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def is_usable(self) -> bool:
        return self.state == "pending"
