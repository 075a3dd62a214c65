"""The audit trail: who did what to which record, when and from where. Append-only.

Rows never carry clinical content: the action, the kind and id of the record, and at most a
short reason (a break-glass justification), never a score, an answer or a note.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone


class Action(models.TextChoices):
    READ = "read", "Read"
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"
    EXPORT = "export", "Export"
    BREAK_GLASS = "break_glass", "Break-glass access"
    LOGIN = "login", "Login"
    LOGIN_FAILED = "login_failed", "Failed login"
    LOGOUT = "logout", "Logout"
    NOTIFY = "notify", "Notification"


class AppendOnly(Exception):
    """Raised on any attempt to change or remove an audit row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly("The audit trail cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnly("The audit trail cannot be deleted.")


class AuditQuerySet(AppendOnlyQuerySet):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[AuditEvent]:
        from confide.audit.chain import chain_after_commit

        created = super().bulk_create(objs, *args, **kwargs)
        chain_after_commit([e.pk for e in created if e.pk is not None])
        return created

    def for_client(self, client_id: Any) -> AuditQuerySet:
        return self.filter(client_id=client_id)


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # No database-level foreign key: removing a user must not touch the trail.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_username = models.CharField(max_length=150, blank=True)
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    client_id = models.UUIDField(null=True, blank=True, db_index=True)
    via = models.CharField(max_length=20, blank=True, help_text="The door (audit.actor.Via)")
    ip = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from confide.audit.chain import chain_after_commit

        if not self._state.adding:
            raise AppendOnly("The audit trail cannot be changed.")
        super().save(*args, **kwargs)
        chain_after_commit([self.pk])

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("The audit trail cannot be deleted.")


class AuditLink(models.Model):
    """One link of the hash chain over the trail (confide/audit/chain.py): event `event_id` is
    the `seq`-th one chained, and `digest` covers it and, through the link before, every earlier
    one. Written in a short transaction of its own once the event's transaction has committed,
    so the chain follows commit order and stays one line however many servers write at once."""

    seq = models.BigIntegerField(primary_key=True)
    # A plain number, not a foreign key: a link whose event was removed must still be readable.
    event_id = models.BigIntegerField(unique=True)
    digest = models.CharField(max_length=64)
    chained_at = models.DateTimeField(default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"Link {self.seq}: event {self.event_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("The audit trail cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("The audit trail cannot be deleted.")
