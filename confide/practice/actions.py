"""Changes to the practice's records. The page, the API and the admin all call these, so
permission checks and the audit trail happen the same way whichever door is used."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from confide.accounts import actions as accounts
from confide.accounts.models import Role, User
from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action
from confide.practice import access
from confide.practice.access import role_of
from confide.practice.models import Assignment, Client, Clinician, Guardian, Sharing, sharing_for

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
    request: HttpRequest | Actor, client: Client, changes: Mapping[str, Any], *, via: str = "page"
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
    # The portal's intake forms pass an Actor (issue 15 makes that the only way).
    who = {"actor": request} if isinstance(request, Actor) else {"request": request, "via": via}
    record(
        Action.UPDATE,
        obj=client,
        client_id=client.pk,
        detail="Changed: " + ", ".join(changed),
        **who,
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


# --- portal accounts, guardians and sharing -------------------------------------------

# A teen may have their own portal account beside their guardians'; a younger child does not.
OWN_ACCOUNT_AGE = 13


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


@transaction.atomic
def add_guardian(
    actor: Actor,
    client: Client,
    *,
    name: str,
    email: str = "",
    phone: str = "",
    relationship: str = "",
    may_consent: bool = True,
) -> Guardian:
    """Record a parent or guardian of a minor (one of several, if need be)."""
    _require(access.may_manage_portal(actor.user, client), "Only intake or an admin add guardians.")
    if not client.is_minor:
        raise ValidationError({"name": "Only a client under 18 has a guardian here."})
    guardian = Guardian(
        client=client,
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        relationship=relationship.strip(),
        may_consent=may_consent,
    )
    guardian.full_clean()
    guardian.save()
    record(Action.CREATE, actor=actor, obj=guardian, client_id=client.pk, detail="Guardian added")
    return guardian


def _guardian_account(actor: Actor, guardian: Guardian) -> User | None:
    """The guardian's portal account: theirs already, the one they have as a guardian of
    another minor (same e-mail), or a new one."""
    if guardian.user_id is not None:
        return accounts.reopen_account(actor, guardian.user, client_id=guardian.client_id)
    if not guardian.email:
        return None
    user = User.objects.filter(
        role=Role.GUARDIAN, email__iexact=guardian.email, is_active=True
    ).first()
    if user is None:
        first, _, last = guardian.name.partition(" ")
        user = accounts.new_account(
            email=guardian.email, first_name=first, last_name=last, role=Role.GUARDIAN
        )
    guardian.user = user
    guardian.save(update_fields=["user"])
    return user


def _client_account(actor: Actor, client: Client) -> User | None:
    if client.user_id is not None:
        return accounts.reopen_account(actor, client.user, client_id=client.pk)
    if not client.email:
        return None
    user = accounts.new_account(
        email=client.email,
        first_name=client.preferred_name or client.first_name,
        last_name=client.last_name,
        role=Role.CLIENT,
    )
    client.user = user
    client.save(update_fields=["user"])
    return user


@transaction.atomic
def open_portal_accounts(actor: Actor, client: Client) -> list[User]:
    """Make sure everyone who should have portal access to this record has an account: an
    adult client; a minor's guardians (from the guardian details on the record, the first
    time) and, from 13, the minor too if they have an e-mail address. Returns the accounts."""
    _require(access.may_invite(actor.user, client), "You cannot invite this client.")
    users: list[User] = []
    if client.is_minor:
        if not client.guardians.exists() and client.guardian_name:
            guardian = Guardian.objects.create(
                client=client,
                name=client.guardian_name,
                email=client.guardian_email,
                phone=client.guardian_phone,
            )
            record(
                Action.CREATE, actor=actor, obj=guardian, client_id=client.pk,
                detail="Guardian added from the record",
            )  # fmt: skip
        for guardian in client.guardians.active():
            if (user := _guardian_account(actor, guardian)) is not None:
                users.append(user)
        if client.age >= OWN_ACCOUNT_AGE and (user := _client_account(actor, client)):
            users.append(user)
        if not users:
            raise ValidationError(
                {"guardian_email": "Add a guardian with an e-mail address to invite."}
            )
        return users
    user = _client_account(actor, client)
    if user is None:
        raise ValidationError({"email": "The client has no e-mail address to send a link to."})
    return [user]


def _close_if_unused(actor: Actor, user: User, client: Client) -> None:
    if not user.guardianships.filter(active=True).exists():
        accounts.close_account(actor, user, reason="Guardian access closed", client_id=client.pk)
    else:
        # Still a guardian of another minor: the account stays, this record's sessions end.
        accounts.end_access(user)


@transaction.atomic
def remove_guardian(actor: Actor, guardian: Guardian) -> Guardian:
    """End a guardian's access to this minor (kept on the record as a former guardian)."""
    client = guardian.client
    _require(access.may_manage_portal(actor.user, client), "Only intake or an admin do this.")
    guardian.active = False
    guardian.save(update_fields=["active"])
    if guardian.user_id is not None:
        _close_if_unused(actor, guardian.user, client)
    record(Action.UPDATE, actor=actor, obj=guardian, client_id=client.pk, detail="Guardian removed")
    return guardian


@transaction.atomic
def close_portal_access(actor: Actor, client: Client) -> int:
    """Close the portal for this record: the client's account, and each guardian's access to
    it; sessions and API tokens end. The record itself stays (see the retention schedule).
    Returns how many accounts lost access."""
    _require(access.may_manage_portal(actor.user, client), "Only intake or an admin do this.")
    closed = 0
    if client.user_id is not None and client.user.is_active:
        accounts.close_account(
            actor, client.user, reason="Portal access closed", client_id=client.pk
        )
        closed += 1
    for guardian in client.guardians.active().select_related("user"):
        guardian.active = False
        guardian.save(update_fields=["active"])
        if guardian.user_id is not None:
            _close_if_unused(actor, guardian.user, client)
            closed += 1
    record(Action.UPDATE, actor=actor, obj=client, client_id=client.pk, detail="Portal closed")
    return closed


@transaction.atomic
def set_sharing(
    actor: Actor, client: Client, *, guardians_see_answers: bool, client_sees_plan: bool
) -> Sharing:
    """The clinician's choice of what the portal shares beyond the defaults (Sharing)."""
    _require(
        access.may_change_sharing(actor.user, client),
        "Only the client's clinician decides what is shared.",
    )
    sharing = sharing_for(client)
    before = (sharing.guardians_see_answers, sharing.client_sees_plan)
    after = (guardians_see_answers, client_sees_plan)
    if sharing.pk is not None and before == after:
        return sharing
    sharing.guardians_see_answers, sharing.client_sees_plan = after
    sharing.changed_by = actor.user
    sharing.changed_at = timezone.now()
    sharing.save()
    words = {True: "on", False: "off"}
    record(
        Action.UPDATE,
        actor=actor,
        obj=sharing,
        client_id=client.pk,
        detail=f"Sharing: guardians see answers {words[guardians_see_answers]}; "
        f"client sees plan {words[client_sees_plan]}",
    )
    return sharing
