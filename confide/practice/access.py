"""Who may see and change a client, and everything clinical hanging off them: decided here.

Which client rows a user sees at all is `Client.objects.visible_to(user)` (models.py); every
other rule is one `may_*` function below, and every page, API route, admin view, export and
the calendar feed gets its client through `client_for` or `clinical_client_for`, which also
write the audit row. Appointments have their own gate beside this one (scheduling/access.py).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from confide.accounts.models import Role
from confide.audit.actor import Actor, role_of
from confide.audit.log import record
from confide.audit.models import Action
from confide.practice.models import BREAK_GLASS_DURATION, BreakGlass, Client, Clinician

__all__ = [
    "BREAK_GLASS_DURATION",
    "PORTAL_PARTIES",
    "STAFF_ROLES",
    "client_for",
    "clinical_client_for",
    "is_care_team",
    "is_staff",
    "may_break_glass",
    "may_bulk_export",
    "may_change_client",
    "may_change_clinician",
    "may_create_clients",
    "may_handle_alert",
    "may_manage_clinicians",
    "may_manage_texts",
    "may_read_clinical",
    "may_read_messages",
    "may_record_assessment",
    "may_see_messages",
    "may_see_thread",
    "may_triage",
    "may_write_messages",
    "may_write_thread",
    "own_client",
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


def may_change_client(user: Any, client: Client) -> bool:
    """Clinicians change their own clients; intake and admin change contact details."""
    return is_staff(user)


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
# Which side of a client's messages a portal account speaks for, by its role. Guardians
# (issue 17) are one line here: `Role.GUARDIAN: "guardian"`, once `visible_clients` gives a
# guardian their minors' records; a guardian then sees the threads with guardians, never the
# minor's own (and the minor never theirs), and `portal_people` names them as recipients.
PORTAL_PARTIES: dict[str, str] = {Role.CLIENT: "client"}


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
    return may_change_client(user, client) or portal_party(user, client) == "client"


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
