"""Who may see which client: decided here, and only here.

Every page, API route, export and admin view gets its clients through `visible_clients` (as
`Client.objects.visible_to(user)`) or `client_for`, which also writes the audit row.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
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
