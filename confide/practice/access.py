"""Who may see which client: decided here, and only here.

Every page, API route, export and admin view gets its clients through `visible_clients` (as
`Client.objects.visible_to(user)`) or `client_for`, which also writes the audit row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone

from confide.accounts.models import Role
from confide.audit.log import record
from confide.audit.models import Action

if TYPE_CHECKING:
    from confide.practice.models import BreakGlass, Client, ClientQuerySet, Guardian

BREAK_GLASS_DURATION = timedelta(hours=1)


def role_of(user: Any) -> str:
    if user is None or not user.is_authenticated or not user.is_active:
        return ""
    return user.role


def visible_clients(queryset: ClientQuerySet, user: Any) -> ClientQuerySet:
    """Admin and intake see every client's record (not clinical notes: see `may_read_notes`);
    a clinician sees only their assigned clients; a client only themself; a guardian the
    minors they are an active guardian of (within `may_see_answers`); anyone else, none."""
    role = role_of(user)
    if role in (Role.ADMIN, Role.INTAKE):
        return queryset
    if role == Role.CLINICIAN:
        return queryset.filter(assignments__clinician__user=user).distinct()
    if role == Role.CLIENT:
        return queryset.filter(user=user)
    if role == Role.GUARDIAN:
        # Only while the client is a minor: at 18 their record is theirs alone.
        return queryset.filter(
            guardians__user=user, guardians__active=True, date_of_birth__gt=adult_born_by()
        ).distinct()
    return queryset.none()


def adult_born_by() -> date:
    """Anyone born on or before this day is 18 or older today."""
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - 18)
    except ValueError:  # February 29
        return today.replace(year=today.year - 18, day=28)


def portal_clients(user: Any) -> ClientQuerySet:
    """The records a portal account opens: a client's own; a guardian's minors."""
    from confide.practice.models import Client

    if role_of(user) not in (Role.CLIENT, Role.GUARDIAN):
        return Client.objects.none()
    return visible_clients(Client.objects.all(), user)


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


# --- the portal: clients, guardians, and what the clinician shares -----------------------


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
    from confide.practice.models import sharing_for

    if is_own_record(user, client):
        return True
    if guardianship(user, client) is not None:
        return sharing_for(client).guardians_see_answers
    return may_read_clinical(user, client)


def may_see_plan(user: Any, client: Client) -> bool:
    """The IPT problem areas and treatment plan in a portal download (shared by default with
    the client; with guardians only with the answers)."""
    from confide.practice.models import sharing_for

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
