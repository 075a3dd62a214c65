"""Write to the audit trail. Every read and change of a client's record comes through here."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from confide.audit.actor import Actor, Via
from confide.audit.models import Action, AuditEvent

__all__ = ["record", "record_many"]


def _who(actor: Actor) -> tuple[Any, str, str | None]:
    """(user, door, address). Only an Actor says who: never a request, never a free string."""
    if not isinstance(actor, Actor):
        raise TypeError("The audit trail takes an Actor (confide.audit.actor), not a user.")
    return actor.user, Via(actor.via), actor.ip


def _row(user: Any, via: str, ip: str | None, action: str, **fields: Any) -> AuditEvent:
    return AuditEvent(
        actor=user,
        actor_username=getattr(user, "username", "") or "",
        actor_role=getattr(user, "role", "") or "",
        action=action,
        via=via,
        ip=ip,
        **fields,
    )


def record(
    action: Action | str,
    *,
    actor: Actor,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    client_id: uuid.UUID | str | None = None,
    detail: str = "",
) -> AuditEvent:
    """Append one event: who (the actor: user, door, address) did what, to which record.

    `obj` gives the type and id; `client_id` says whose record it is.
    """
    user, door, ip = _who(actor)
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or str(getattr(obj, "uuid", None) or obj.pk)
    row = _row(
        user,
        door,
        ip,
        action,
        object_type=object_type,
        object_id=object_id,
        client_id=client_id,
        detail=detail[:300],
    )
    row.save()
    return row


def record_many(
    action: Action | str,
    objects: Iterable[Any],
    *,
    actor: Actor,
    client_of: Callable[[Any], Any] | None = None,
    detail: str = "",
) -> None:
    """Audit a bulk read or change: one row per record, written in one statement."""
    user, door, ip = _who(actor)
    AuditEvent.objects.bulk_create(
        _row(
            user,
            door,
            ip,
            action,
            object_type=o._meta.model_name,
            object_id=str(o.pk),
            client_id=client_of(o) if client_of else None,
            detail=detail[:300],
        )
        for o in objects
    )
