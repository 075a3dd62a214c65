"""Who may see which client: decided here, and only here.

Every page, API route, export and admin view gets its clients through `visible_clients` (as
`Client.objects.visible_to(user)`) or `client_for`, which also writes the audit row.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone

from confide.accounts.models import Role
from confide.audit.log import record
from confide.audit.models import Action

if TYPE_CHECKING:
    from confide.practice.models import BreakGlass, Client, ClientQuerySet

BREAK_GLASS_DURATION = timedelta(hours=1)


def role_of(user: Any) -> str:
    if user is None or not user.is_authenticated or not user.is_active:
        return ""
    return user.role


def visible_clients(queryset: ClientQuerySet, user: Any) -> ClientQuerySet:
    """Admin and intake see every client's record (not clinical notes: see `may_read_notes`);
    a clinician sees only their assigned clients; a client only themself; anyone else, none."""
    role = role_of(user)
    if role in (Role.ADMIN, Role.INTAKE):
        return queryset
    if role == Role.CLINICIAN:
        return queryset.filter(assignments__clinician__user=user).distinct()
    if role == Role.CLIENT:
        return queryset.filter(user=user)
    return queryset.none()


def may_change_client(user: Any, client: Client) -> bool:
    """Clinicians change their own clients; intake and admin change contact details."""
    return role_of(user) in (Role.ADMIN, Role.INTAKE, Role.CLINICIAN)


def may_read_clinical(user: Any, client: Client) -> bool:
    """Clinical content (notes, formulation, scores) is for the client's own clinicians.

    An admin reads it only through a logged break-glass grant (see `break_glass`); intake never.
    """
    role = role_of(user)
    if role == Role.CLINICIAN:
        return client.assignments.filter(clinician__user=user).exists()
    if role == Role.ADMIN:
        return client.break_glass.filter(user=user, expires_at__gt=timezone.now()).exists()
    return False


def break_glass(request: HttpRequest, client: Client, reason: str) -> BreakGlass:
    """Grant an admin one hour of access to a client's clinical record, and log why."""
    from confide.practice.models import BreakGlass

    reason = reason.strip()
    if role_of(request.user) != Role.ADMIN:
        raise PermissionDenied("Only a practice admin can use break-glass access.")
    if len(reason) < 10:
        raise ValidationError({"reason": "Say why you need access (at least 10 characters)."})
    grant = BreakGlass.objects.create(
        user=request.user,
        client=client,
        reason=reason,
        expires_at=timezone.now() + BREAK_GLASS_DURATION,
    )
    record(
        Action.BREAK_GLASS,
        request=request,
        obj=client,
        client_id=client.pk,
        detail=f"Reason: {reason}",
    )
    return grant


def client_for(
    request: HttpRequest, client_id: Any, *, via: str = "page", action: str = Action.READ
) -> Client:
    """Return the client if this user may see them, auditing the look; else 404.

    A record that exists but is not yours is indistinguishable from one that does not exist.
    """
    from confide.practice.models import Client

    try:
        client = Client.objects.visible_to(request.user).get(pk=client_id)
    except (Client.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such client.") from None
    record(action, request=request, obj=client, client_id=client.pk, via=via)
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
    from confide.practice.models import Client

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
    from confide.practice.models import BreakGlass, Client

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
    from confide.practice.models import BreakGlass, Client

    role = role_of(user)
    if role == Role.CLINICIAN:
        return queryset.filter(client_id__in=Client.objects.visible_to(user).values("pk"))
    if role == Role.INTAKE:
        return queryset.filter(client_id__isnull=True)
    if role == Role.ADMIN:
        grants = BreakGlass.objects.filter(user=user, expires_at__gt=timezone.now())
        return queryset.filter(Q(client_id__isnull=True) | Q(client_id__in=grants.values("client")))
    return queryset.none()


def may_join_video(user: Any, appointment: Any) -> bool:
    """A session's video room is for its clinician and its client (a guardian joins a minor's
    session through `portal_party`, once issue 17 adds them); not for the rest of the staff."""
    role = role_of(user)
    if role == Role.CLINICIAN:
        return appointment.clinician.user_id == user.pk
    return bool(portal_party(user, appointment.client))
