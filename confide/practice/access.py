"""Who may see and change a client, and everything clinical hanging off them: decided here.

Which client rows a user sees at all is `Client.objects.visible_to(user)` (models.py); every
other rule is one `may_*` function below, and every page, API route, admin view, export and
the calendar feed gets its client through `client_for` or `clinical_client_for`, which also
write the audit row. Appointments have their own gate beside this one (scheduling/access.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from confide.accounts.models import Role
from confide.audit.actor import Actor, role_of
from confide.audit.log import record
from confide.audit.models import Action
from confide.practice.models import (
    BREAK_GLASS_DURATION,
    BreakGlass,
    Client,
    ClientQuerySet,
    Clinician,
    Guardian,
    sharing_for,
)

__all__ = [
    "BREAK_GLASS_DURATION",
    "GUARDIAN_RECORD_FIELDS",
    "OWN_RECORD_FIELDS",
    "PORTAL_PARTIES",
    "STAFF_ROLES",
    "Capacities",
    "capacities",
    "client_for",
    "clinical_client_for",
    "guardianship",
    "is_care_team",
    "is_own_record",
    "is_staff",
    "may_act_for",
    "may_break_glass",
    "may_bulk_export",
    "may_change_client",
    "may_change_clinician",
    "may_change_sharing",
    "may_create_clients",
    "may_download_record",
    "may_edit_templates",
    "may_fill",
    "may_handle_alert",
    "may_invite",
    "may_manage_clinicians",
    "may_manage_portal",
    "may_manage_texts",
    "may_message",
    "may_read_clinical",
    "may_read_messages",
    "may_record_assessment",
    "may_review_intake",
    "may_revoke",
    "may_see_answers",
    "may_see_messages",
    "may_see_plan",
    "may_see_thread",
    "may_sign",
    "may_triage",
    "may_write_messages",
    "may_write_thread",
    "own_client",
    "portal_client",
    "portal_clients",
    "portal_party",
    "portal_people",
    "require_clinical",
    "require_staff",
    "role_of",
    "visible_client",
    "visible_inbound_texts",
    "visible_threads",
]

STAFF_ROLES = (Role.ADMIN, Role.INTAKE, Role.CLINICIAN)


# --- the rules ------------------------------------------------------------------------------


def is_staff(user: Any) -> bool:
    return role_of(user) in STAFF_ROLES


def may_create_clients(user: Any) -> bool:
    """Intake and admin add clients and assign (or unassign) their clinicians."""
    return role_of(user) in (Role.ADMIN, Role.INTAKE)


# What a portal account may change on the record itself (through its intake forms). A
# guardian's phone is not the minor's, so a guardian's answers reach fewer fields.
OWN_RECORD_FIELDS = frozenset(
    {
        "preferred_name",
        "phone",
        "preferred_contact",
        "emergency_contact_name",
        "emergency_contact_phone",
        "emergency_contact_relationship",
    }
)
GUARDIAN_RECORD_FIELDS = OWN_RECORD_FIELDS - {"phone", "preferred_contact"}


def may_change_client(user: Any, client: Client, fields: Any = ()) -> bool:
    """Clinicians change their own clients; intake and admin change contact details; the
    client, and a minor's guardian, only what their intake forms write."""
    if is_staff(user):
        return True
    if is_own_record(user, client):
        return set(fields) <= OWN_RECORD_FIELDS
    if guardianship(user, client) is not None:
        return set(fields) <= GUARDIAN_RECORD_FIELDS
    return False


def may_read_clinical(user: Any, client: Client) -> bool:
    """Clinical content (notes, formulation, scores) is for the client's own clinicians.

    An admin reads it only through a logged break-glass grant (see `may_break_glass`); intake
    never.
    """
    role = role_of(user)
    if role == Role.CLINICIAN:
        return client.assignments.filter(clinician__user=user).exists()
    if role == Role.ADMIN:
        return client.break_glass.filter(user=user, expires_at__gt=timezone.now()).exists()
    return False


def may_record_assessment(user: Any, client: Client) -> bool:
    """Scores are entered by the client's own clinician. Break-glass is for reading in an
    emergency, not for adding to the record, so an admin holding it may not."""
    return (
        role_of(user) == Role.CLINICIAN and client.assignments.filter(clinician__user=user).exists()
    )


def may_break_glass(user: Any) -> bool:
    return role_of(user) == Role.ADMIN


def may_manage_clinicians(user: Any) -> bool:
    """Adding clinicians, and changing whether they work here and how many clients they take."""
    return role_of(user) == Role.ADMIN


ADMIN_ONLY_CLINICIAN_FIELDS = frozenset({"active", "caseload_limit", "user"})


def may_change_clinician(user: Any, clinician: Clinician, fields: Any = ()) -> bool:
    """An admin changes any profile; a clinician their own, but not the admin-only fields."""
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    return (
        role == Role.CLINICIAN
        and clinician.user_id == user.pk
        and not (ADMIN_ONLY_CLINICIAN_FIELDS & set(fields))
    )


def may_bulk_export(user: Any) -> bool:
    """A bulk FHIR export: an admin (the whole practice) or a clinician (their own clients)."""
    return role_of(user) in (Role.ADMIN, Role.CLINICIAN)


def may_triage(user: Any) -> bool:
    """Consultation requests and expert questions are intake's (and an admin's) to handle."""
    return role_of(user) in (Role.ADMIN, Role.INTAKE)


def may_handle_alert(user: Any, alert: Any) -> bool:
    """A risk alert is its clinician's to act on; intake's when the client has no clinician."""
    role = role_of(user)
    if role == Role.CLINICIAN:
        return alert.clinician is not None and alert.clinician.user_id == user.pk
    if role == Role.INTAKE:
        return alert.clinician is None
    return False


# --- the portal: clients, guardians, and what the clinician shares -----------------------


def portal_clients(user: Any) -> ClientQuerySet:
    """The records a portal account opens: a client's own; a guardian's minors."""
    if role_of(user) not in (Role.CLIENT, Role.GUARDIAN):
        return Client.objects.none()
    return Client.objects.visible_to(user)


def is_own_record(user: Any, client: Client) -> bool:
    return role_of(user) == Role.CLIENT and client.user_id == user.pk


def guardianship(user: Any, client: Client) -> Guardian | None:
    """The active link that makes `user` a guardian of `client`, if there is one."""
    if role_of(user) != Role.GUARDIAN or not client.is_minor:
        return None
    return client.guardians.active().filter(user=user).first()


def may_act_for(user: Any, client: Client) -> bool:
    """Whose portal this is: the client's own, or a minor's active guardian's."""
    return is_own_record(user, client) or guardianship(user, client) is not None


def may_see_answers(user: Any, client: Client) -> bool:
    """Questionnaire answers and scores: the client, their clinicians, and a minor's guardians
    only when the clinician has chosen to share them (default: not shared)."""
    if is_own_record(user, client):
        return True
    if guardianship(user, client) is not None:
        return sharing_for(client).guardians_see_answers
    return may_read_clinical(user, client)


def may_see_plan(user: Any, client: Client) -> bool:
    """The IPT problem areas and treatment plan in a portal download (shared by default with
    the client; with guardians only with the answers)."""
    if is_own_record(user, client):
        return sharing_for(client).client_sees_plan
    if guardianship(user, client) is not None:
        choice = sharing_for(client)
        return choice.guardians_see_answers and choice.client_sees_plan
    return may_read_clinical(user, client)


def may_message(user: Any, client: Client) -> bool:
    """Secure messages with the care team: the client, and a minor's guardians (each in their
    own threads, never reading the minor's)."""
    return may_act_for(user, client)


def may_download_record(user: Any, client: Client) -> bool:
    """The right of access: the client, or a minor's guardian (within the sharing rules)."""
    return may_act_for(user, client)


@dataclass(frozen=True)
class Capacities:
    """In which roles a portal user signs and fills in paperwork for one client."""

    sign: frozenset[str] = frozenset()
    fill: frozenset[str] = frozenset()


def capacities(user: Any, client: Client) -> Capacities:
    """A document or form addressed to the client is the client's own; one addressed to a
    guardian is filled in by any of the minor's guardians and signed by one with authority
    to consent for them. Costs at most one query, however many documents it is used for."""
    if is_own_record(user, client):
        return Capacities(sign=frozenset({Role.CLIENT}), fill=frozenset({Role.CLIENT}))
    link = guardianship(user, client)
    if link is None:
        return Capacities()
    guardian = frozenset({Role.GUARDIAN})
    return Capacities(sign=guardian if link.may_consent else frozenset(), fill=guardian)


def may_sign(user: Any, document: Any) -> bool:
    return document.signer_role in capacities(user, document.client).sign


def may_fill(user: Any, form: Any) -> bool:
    return form.for_role in capacities(user, form.client).fill


def may_revoke(user: Any, document: Any) -> bool:
    """The signer's side withdraws in the portal; staff record a withdrawal received."""
    return may_sign(user, document) or may_invite(user, document.client)


def may_edit_templates(user: Any) -> bool:
    """The practice's document texts (consents, policies) are the admin's."""
    return role_of(user) == Role.ADMIN or bool(getattr(user, "is_superuser", False))


def may_invite(user: Any, client: Client) -> bool:
    """Intake and admin invite anyone to the portal; a clinician their own clients."""
    role = role_of(user)
    if role in (Role.ADMIN, Role.INTAKE):
        return True
    return role == Role.CLINICIAN and client.assignments.filter(clinician__user=user).exists()


def may_manage_portal(user: Any, client: Client) -> bool:
    """Add or remove guardians, close portal access: intake and admin."""
    return role_of(user) in (Role.ADMIN, Role.INTAKE)


def may_change_sharing(user: Any, client: Client) -> bool:
    """What guardians and the client see beyond the defaults is the clinician's choice."""
    return role_of(user) == Role.CLINICIAN and may_read_clinical(user, client)


def may_review_intake(user: Any, client: Client) -> bool:
    """Intake answers (medication, prior treatment, baseline scores) are clinical."""
    return may_read_clinical(user, client)


# --- the gates: check, audit, and hand over ------------------------------------------------


def require_staff(actor: Actor) -> str:
    """The actor's role, if it is a staff role; else PermissionDenied (403)."""
    role = actor.role
    if role not in STAFF_ROLES:
        raise PermissionDenied("Staff only.")
    return role


def visible_client(actor: Actor, client_id: Any) -> Client:
    """The client if this actor may see them, else 404; not audited, for an action that
    audits what it then does (an import, an export)."""
    if not isinstance(actor, Actor):
        raise TypeError("Pass an Actor (Actor.from_request(request, Via.PAGE)), not a request.")
    try:
        return Client.objects.visible_to(actor.user).get(pk=client_id)
    except (Client.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such client.") from None


def portal_client(actor: Actor, client_id: Any = None) -> Client:
    """A record this portal account opens: the one given, or its only one; else 404."""
    clients = portal_clients(actor.user)
    client = None
    try:
        if client_id is not None:
            client = clients.filter(pk=client_id).first()
        else:
            found = list(clients[:2])
            client = found[0] if len(found) == 1 else None
    except (ValidationError, ValueError, TypeError):
        client = None
    if client is None:
        raise Http404("No client record is linked to this account.")
    return client


def own_client(actor: Actor) -> Client:
    """The signed-in client's own record (the only one the portal ever shows); else 404."""
    client = Client.objects.visible_to(actor.user).first() if actor.role == Role.CLIENT else None
    if client is None:
        raise Http404("No client record is linked to this account.")
    return client


def client_for(
    actor: Actor, client_id: Any, *, action: str = Action.READ, detail: str = ""
) -> Client:
    """Return the client if this actor may see them, auditing the look; else 404.

    A record that exists but is not yours is indistinguishable from one that does not exist.
    """
    client = visible_client(actor, client_id)
    record(action, actor=actor, obj=client, client_id=client.pk, detail=detail)
    return client


def require_clinical(actor: Actor, client: Client, what: str = "The clinical record") -> None:
    """PermissionDenied (403) unless the actor may read this client's clinical record."""
    if may_read_clinical(actor.user, client):
        return
    if actor.role == Role.ADMIN:
        raise PermissionDenied(
            f"{what} is visible only to the client's clinicians, or through break-glass access."
        )
    raise PermissionDenied(f"{what} is visible only to the client's clinicians.")


def clinical_client_for(
    actor: Actor,
    client_id: Any,
    *,
    action: str = Action.READ,
    what: str = "The clinical record",
    detail: str = "",
) -> Client:
    """The client, if this actor may read their clinical record, auditing the look: 404 when
    the client is not theirs to see at all, 403 when they see the client but not the clinical
    record (intake, an admin without break-glass)."""
    client = visible_client(actor, client_id)
    require_clinical(actor, client, what)
    record(action, actor=actor, obj=client, client_id=client.pk, detail=detail)
    return client


# --- the portal's side: messages, shared documents, texts, video rooms ------------------------
# Which side of a client's messages a portal account speaks for, by its role: a minor's
# guardians see the threads with guardians, never the minor's own (and the minor never theirs).
PORTAL_PARTIES: dict[str, str] = {Role.CLIENT: "client", Role.GUARDIAN: "guardian"}


def portal_party(user: Any, client: Client) -> str:
    """The party ("client", ...) this portal account takes part as for this client, or ""."""
    party = PORTAL_PARTIES.get(role_of(user), "")
    if not party:
        return ""
    return party if Client.objects.visible_to(user).filter(pk=client.pk).exists() else ""


def portal_people(client: Client, party: str) -> list[Any]:
    """The portal accounts that read a client's threads of this party (for notifications)."""
    if party == "client":
        user = client.user
        return [user] if user is not None and user.is_active else []
    if party == "guardian" and client.is_minor:
        links = client.guardians.active().filter(user__is_active=True).select_related("user")
        return [g.user for g in links]
    return []


def is_care_team(user: Any, client: Client) -> bool:
    """One of the client's own clinicians."""
    return (
        role_of(user) == Role.CLINICIAN and client.assignments.filter(clinician__user=user).exists()
    )


def may_read_messages(user: Any, client: Client) -> bool:
    """Staff who read a client's messages: the same people as the clinical record (their
    clinicians; an admin only through break-glass; intake never)."""
    return may_read_clinical(user, client)


def may_see_messages(user: Any, client: Client) -> bool:
    """Either side: a portal account of the client's, or staff who read their messages."""
    return bool(portal_party(user, client)) or may_read_messages(user, client)


def may_write_messages(user: Any, client: Client) -> bool:
    """Writing to a client, sharing documents and closing threads are the care team's: a
    break-glass grant is for reading in an emergency, not for writing."""
    return is_care_team(user, client)


def visible_threads(queryset: Any, user: Any) -> Any:
    """The message threads a user may open: a portal account those of its own party; a
    clinician their clients'; an admin those of clients under a current break-glass grant."""
    role = role_of(user)
    if role in PORTAL_PARTIES:
        return queryset.filter(
            client__in=Client.objects.visible_to(user), party=PORTAL_PARTIES[role]
        )
    if role == Role.CLINICIAN:
        return queryset.filter(client__assignments__clinician__user=user)
    if role == Role.ADMIN:
        grants = BreakGlass.objects.filter(user=user, expires_at__gt=timezone.now())
        return queryset.filter(client__in=grants.values("client"))
    return queryset.none()


def may_see_thread(user: Any, thread: Any) -> bool:
    party = portal_party(user, thread.client)
    if party:
        return thread.party == party
    return may_read_messages(user, thread.client)


def may_write_thread(user: Any, thread: Any) -> bool:
    party = portal_party(user, thread.client)
    if party:
        return thread.party == party
    return may_write_messages(user, thread.client)


def may_manage_texts(user: Any, client: Client) -> bool:
    """Recording a consent to texts (given in writing or in person), or its withdrawal: staff
    who may change the client's contact details, and the client themself in the portal."""
    return is_staff(user) or portal_party(user, client) == "client"


def visible_inbound_texts(queryset: Any, user: Any) -> Any:
    """Texts sent to the practice's number that a user may read: a known client's are for
    those who read the client's messages; one from a number that is nobody's (or several
    people's) is intake's (and an admin's) to handle."""
    role = role_of(user)
    if role == Role.CLINICIAN:
        return queryset.filter(client_id__in=Client.objects.visible_to(user).values("pk"))
    if role == Role.INTAKE:
        return queryset.filter(client_id__isnull=True)
    if role == Role.ADMIN:
        grants = BreakGlass.objects.filter(user=user, expires_at__gt=timezone.now())
        return queryset.filter(Q(client_id__isnull=True) | Q(client_id__in=grants.values("client")))
    return queryset.none()
