"""Write to the audit trail. Every read and change of a client's record comes through here."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest

from confide.audit.actor import Actor
from confide.audit.models import Action, AuditEvent
from confide.core.addresses import client_address


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the trusted proxies vouch for (confide/core/addresses.py)."""
    return client_address(request)


def record(
    action: Action | str,
    *,
    request: HttpRequest | None = None,
    actor: Any = None,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    client_id: uuid.UUID | str | None = None,
    via: str = "page",
    detail: str = "",
) -> AuditEvent:
    """Append one event. `obj` gives the type and id; `client_id` says whose record it is.

    `actor` is an `Actor` (new code: it carries the user, the door and the address) or, until
    every action takes one, a user with `request` and `via` beside it.
    """
    ip = client_ip(request)
    if isinstance(actor, Actor):
        actor, via, ip = actor.user, actor.via, actor.ip
    elif actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or str(getattr(obj, "uuid", None) or obj.pk)
    return AuditEvent.objects.create(
        actor=actor,
        actor_username=getattr(actor, "username", "") or "",
        actor_role=getattr(actor, "role", "") or "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        client_id=client_id,
        via=via,
        ip=ip,
        detail=detail[:300],
    )


def record_many(
    action: Action | str,
    objects: list[Any],
    *,
    request: HttpRequest | None = None,
    actor: Any = None,
    via: str = "page",
    client_of: Any = None,
) -> None:
    """Audit a bulk read or change: one row per record, written in one statement."""
    ip = client_ip(request)
    if isinstance(actor, Actor):
        actor, via, ip = actor.user, actor.via, actor.ip
    elif actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor,
            actor_username=getattr(actor, "username", "") or "",
            actor_role=getattr(actor, "role", "") or "",
            action=action,
            object_type=o._meta.model_name,
            object_id=str(o.pk),
            client_id=client_of(o) if client_of else None,
            via=via,
            ip=ip,
        )
        for o in objects
    )
