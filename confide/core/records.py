"""Saving and removing the practice's own set-up (places, hours, pages, accounts).

These records have one door, the admin, but still one write path: each app's action calls
these, so the permission check, validation and the audit row are the same for all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action

M = TypeVar("M", bound=models.Model)


def require_admin(actor: Actor, what: str = "the practice's set-up") -> None:
    if actor.user is not None and actor.role != "admin":
        raise PermissionDenied(f"Only a practice admin can change {what}.")


def changed_detail(changed: Iterable[str]) -> str:
    """Which fields changed, never their values (they may be personal)."""
    names = sorted(set(changed))
    return "Changed: " + ", ".join(names) if names else ""


@transaction.atomic
def save_setup(
    actor: Actor, obj: M, changed: Iterable[str] = (), *, what: str = "the practice's set-up"
) -> M:
    """Validate and save one set-up record (new or changed), auditing which fields changed."""
    require_admin(actor, what)
    adding = obj._state.adding
    obj.full_clean()
    obj.save()
    record(
        Action.CREATE if adding else Action.UPDATE,
        actor=actor,
        obj=obj,
        detail="" if adding else changed_detail(changed),
    )
    return obj


@transaction.atomic
def delete_setup(actor: Actor, obj: models.Model, *, what: str = "the practice's set-up") -> None:
    require_admin(actor, what)
    record(Action.DELETE, actor=actor, obj=obj)
    obj.delete()
