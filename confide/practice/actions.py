"""Changes to the practice's records. The page, the API and the admin all call these, so
permission checks and the audit trail happen the same way whichever door is used."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from confide.accounts.models import Role
from confide.audit.log import record
from confide.audit.models import Action
from confide.practice.access import role_of
from confide.practice.models import Assignment, Client, Clinician

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


def may_create_clients(user: Any) -> bool:
    return role_of(user) in (Role.ADMIN, Role.INTAKE)


@transaction.atomic
def create_client(
    request: HttpRequest,
    data: Mapping[str, Any],
    *,
    clinicians: Iterable[Clinician] = (),
    via: str = "page",
) -> Client:
    """Create a client (intake or admin), optionally assigning clinicians."""
    if not may_create_clients(request.user):
        raise PermissionDenied("Only intake or an admin can add clients.")
    client = Client(**{k: v for k, v in data.items() if k in CLIENT_FIELDS})
    client.full_clean()
    client.save()
    record(Action.CREATE, request=request, obj=client, client_id=client.pk, via=via)
    for clinician in clinicians:
        assign_clinician(request, client, clinician, via=via)
    return client


@transaction.atomic
def update_client(
    request: HttpRequest, client: Client, changes: Mapping[str, Any], *, via: str = "page"
) -> Client:
    """Apply changes to a client the user can see; audit which fields changed (not values)."""
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
        Action.UPDATE,
        request=request,
        obj=client,
        client_id=client.pk,
        via=via,
        detail="Changed: " + ", ".join(changed),
    )
    return client


def assign_clinician(
    request: HttpRequest,
    client: Client,
    clinician: Clinician,
    *,
    primary: bool = True,
    via: str = "page",
) -> Assignment:
    if not may_create_clients(request.user):
        raise PermissionDenied("Only intake or an admin can assign clinicians.")
    assignment, created = Assignment.objects.get_or_create(
        client=client, clinician=clinician, defaults={"primary": primary}
    )
    if created:
        record(
            Action.UPDATE,
            request=request,
            obj=client,
            client_id=client.pk,
            via=via,
            detail=f"Assigned clinician {clinician.pk}",
        )
    return assignment
