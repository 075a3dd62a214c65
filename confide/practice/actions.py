"""Changes to the practice's records. The page, the API and the admin all call these, so
permission checks and the audit trail happen the same way whichever door is used."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action
from confide.core.records import changed_detail, delete_setup, save_setup
from confide.practice.access import (
    may_break_glass,
    may_change_client,
    may_change_clinician,
    may_create_clients,
    may_manage_clinicians,
)
from confide.practice.models import (
    BREAK_GLASS_DURATION,
    Assignment,
    BreakGlass,
    Client,
    Clinician,
    Language,
    Location,
    Modality,
    Population,
    ProblemArea,
)

__all__ = [
    "CLIENT_FIELDS",
    "CLINICIAN_FIELDS",
    "TAGS",
    "assign_clinician",
    "create_client",
    "create_clinician",
    "delete_client",
    "delete_clinician",
    "delete_place",
    "grant_break_glass",
    "may_create_clients",
    "save_place",
    "tags_from_slugs",
    "unassign_clinician",
    "update_client",
    "update_clinician",
]

# What each role may change on a client's record (contact and status are everyone's job;
# clinical content lives elsewhere and has its own rules).
CLIENT_FIELDS = [
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "perinatal",
    "email",
    "phone",
    "preferred_contact",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relationship",
    "guardian_name",
    "guardian_phone",
    "guardian_email",
    "status",
]

CLINICIAN_FIELDS = [
    "first_name",
    "last_name",
    "credentials",
    "pronouns",
    "bio",
    "photo",
    "offers_virtual",
    "offers_in_person",
    "accepting_new_clients",
    "caseload_limit",
    "active",
    "user",
]

# A clinician's profile tags: the field, and the vocabulary its values come from.
TAGS: dict[str, type[models.Model]] = {
    "populations": Population,
    "problem_areas": ProblemArea,
    "modalities": Modality,
    "languages": Language,
    "locations": Location,
}


# --- clients ----------------------------------------------------------------------------


@transaction.atomic
def create_client(
    actor: Actor, data: Mapping[str, Any], *, clinicians: Iterable[Clinician] = ()
) -> Client:
    """Create a client (intake or admin), optionally assigning clinicians."""
    if not may_create_clients(actor.user):
        raise PermissionDenied("Only intake or an admin can add clients.")
    client = Client(**{k: v for k, v in data.items() if k in CLIENT_FIELDS})
    client.full_clean()
    client.save()
    record(Action.CREATE, actor=actor, obj=client, client_id=client.pk)
    for clinician in clinicians:
        assign_clinician(actor, client, clinician)
    return client


@transaction.atomic
def update_client(actor: Actor, client: Client, changes: Mapping[str, Any]) -> Client:
    """Apply changes to a client the user can see; audit which fields changed (not values)."""
    if not may_change_client(actor.user, client):
        raise PermissionDenied("You cannot change this client.")
    changed = []
    for name, value in changes.items():
        if name not in CLIENT_FIELDS:
            continue
        if getattr(client, name) != value:
            setattr(client, name, value)
            changed.append(name)
    if not changed:
        return client
    client.full_clean()
    client.save()
    record(
        Action.UPDATE, actor=actor, obj=client, client_id=client.pk, detail=changed_detail(changed)
    )
    return client


@transaction.atomic
def delete_client(actor: Actor, client: Client) -> None:
    """Remove a client's record and everything hanging off it (an admin, from the admin)."""
    if actor.role != "admin":
        raise PermissionDenied("Only a practice admin can remove a client's record.")
    record(Action.DELETE, actor=actor, obj=client, client_id=client.pk)
    client.delete()


@transaction.atomic
def assign_clinician(
    actor: Actor, client: Client, clinician: Clinician, *, primary: bool = True
) -> Assignment:
    """Make the clinician one of the client's clinicians: it opens the clinical record to
    them, so the audit row names who was given access."""
    if not may_create_clients(actor.user):
        raise PermissionDenied("Only intake or an admin can assign clinicians.")
    assignment, created = Assignment.objects.get_or_create(
        client=client, clinician=clinician, defaults={"primary": primary}
    )
    if created:
        detail = f"Assigned clinician {clinician.full_name} ({clinician.pk})"
    elif assignment.primary != primary:
        assignment.primary = primary
        assignment.save(update_fields=["primary"])
        role = "primary" if primary else "not primary"
        detail = f"Clinician {clinician.full_name} ({clinician.pk}) made {role}"
    else:
        return assignment
    record(Action.UPDATE, actor=actor, obj=client, client_id=client.pk, detail=detail)
    return assignment


@transaction.atomic
def unassign_clinician(actor: Actor, client: Client, clinician: Clinician) -> None:
    """Take a clinician off the client's care: their access to the clinical record ends."""
    if not may_create_clients(actor.user):
        raise PermissionDenied("Only intake or an admin can assign clinicians.")
    removed, _ = Assignment.objects.filter(client=client, clinician=clinician).delete()
    if removed:
        record(
            Action.UPDATE,
            actor=actor,
            obj=client,
            client_id=client.pk,
            detail=f"Unassigned clinician {clinician.full_name} ({clinician.pk})",
        )


@transaction.atomic
def grant_break_glass(actor: Actor, client: Client, reason: str) -> BreakGlass:
    """Grant an admin one hour of access to a client's clinical record, and log why."""
    reason = (reason or "").strip()
    if not may_break_glass(actor.user):
        raise PermissionDenied("Only a practice admin can use break-glass access.")
    if len(reason) < 10:
        raise ValidationError({"reason": "Say why you need access (at least 10 characters)."})
    grant = BreakGlass.objects.create(
        user=actor.user,
        client=client,
        reason=reason,
        expires_at=timezone.now() + BREAK_GLASS_DURATION,
    )
    record(
        Action.BREAK_GLASS, actor=actor, obj=client, client_id=client.pk, detail=f"Reason: {reason}"
    )
    return grant


# --- clinicians ----------------------------------------------------------------------------


def tags_from_slugs(data: Mapping[str, Any]) -> dict[str, list[models.Model]]:
    """Resolve the tag fields given as slugs to rows; an unknown slug is a ValidationError
    naming the field and the slug."""
    found: dict[str, list[models.Model]] = {}
    for name, model in TAGS.items():
        slugs = data.get(name)
        if slugs is None:
            continue
        rows = list(model._default_manager.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {getattr(r, "slug", "") for r in rows})
        if unknown:
            raise ValidationError({name: f"Unknown value(s): {', '.join(unknown)}."})
        found[name] = rows
    return found


def _apply_clinician(clinician: Clinician, changes: Mapping[str, Any]) -> list[str]:
    """Set plain fields; return the names whose value changed (tags are set after saving)."""
    changed = []
    for name in CLINICIAN_FIELDS:
        if name in changes and getattr(clinician, name) != changes[name]:
            setattr(clinician, name, changes[name])
            changed.append(name)
    return changed


def _set_tags(clinician: Clinician, changes: Mapping[str, Any]) -> list[str]:
    changed = []
    for name in TAGS:
        if name not in changes:
            continue
        rows = list(changes[name])
        manager = getattr(clinician, name)
        if {r.pk for r in manager.all()} != {r.pk for r in rows}:
            manager.set(rows)
            changed.append(name)
    return changed


@transaction.atomic
def create_clinician(actor: Actor, data: Mapping[str, Any]) -> Clinician:
    """Add a clinician (an admin); tag fields hold rows (see `tags_from_slugs`)."""
    if not may_manage_clinicians(actor.user):
        raise PermissionDenied("Only a practice admin can add clinicians.")
    clinician = Clinician()
    _apply_clinician(clinician, data)
    clinician.full_clean()
    clinician.save()
    _set_tags(clinician, data)
    record(Action.CREATE, actor=actor, obj=clinician)
    return clinician


@transaction.atomic
def update_clinician(actor: Actor, clinician: Clinician, changes: Mapping[str, Any]) -> Clinician:
    """Change a profile: an admin any, a clinician their own (not whether they work here,
    their caseload limit or their sign-in). The audit row names the fields that changed."""
    if not may_change_clinician(actor.user, clinician):
        raise PermissionDenied("You can change only your own profile.")
    if not may_change_clinician(actor.user, clinician, changes.keys()):
        raise PermissionDenied("Only a practice admin can change that.")
    changed = _apply_clinician(clinician, changes)
    if changed:
        clinician.full_clean()
        clinician.save()
    changed += _set_tags(clinician, changes)
    if changed:
        record(Action.UPDATE, actor=actor, obj=clinician, detail=changed_detail(changed))
    return clinician


def delete_clinician(actor: Actor, clinician: Clinician) -> None:
    """Remove a clinician with no clients or appointments (otherwise set them inactive)."""
    delete_setup(actor, clinician, what="the practice's clinicians")


# --- places (locations, their opening hours and rooms) -----------------------------------


def save_place(actor: Actor, obj: models.Model, changed: Iterable[str] = ()) -> models.Model:
    """Save a location, its opening hours or a room (the admin's set-up of the practice)."""
    return save_setup(actor, obj, changed, what="the practice's locations")


def delete_place(actor: Actor, obj: models.Model) -> None:
    delete_setup(actor, obj, what="the practice's locations")
