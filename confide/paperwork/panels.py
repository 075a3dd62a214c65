"""What paperwork adds to the staff client page and to the portal (see staff/panels.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from confide.accounts.models import Invitation
from confide.paperwork import actions
from confide.paperwork.models import Document, Status
from confide.practice import access
from confide.practice.models import sharing_for
from confide.scheduling.models import Appointment, Kind
from confide.staff.panels import Panel


def account_state(user: Any, invitation: Invitation | None) -> str:
    """How a portal account stands, in words for the staff page."""
    if user is None:
        return "No portal account"
    if not user.is_active:
        return "Portal access closed"
    if user.has_usable_password():
        return "Can sign in"
    if invitation is None:
        return "Not invited yet"
    if invitation.state == "pending":
        return f"Invited; the link works until {invitation.expires_at:%b %-d}"
    asked = " (they asked for a new one)" if invitation.renewal_requested_at else ""
    return f"Invitation {invitation.state}{asked}"


def client_panel(request: HttpRequest, client: Any, clinical: bool) -> Panel | None:
    """Portal access, guardians, sharing, the packet's progress and each document and form.
    A fixed number of queries, however many documents and forms there are."""
    user = request.user
    documents = list(client.documents.select_related("version").order_by("created_at"))
    forms = list(client.intake_forms.order_by("created_at"))
    guardians = list(client.guardians.select_related("user").order_by("created_at"))
    people = [p for p in [client.user, *(g.user for g in guardians)] if p is not None]
    latest: dict[int, Invitation] = {}
    for invitation in Invitation.objects.filter(user__in=people).order_by("created_at"):
        latest[invitation.user_id] = invitation
    intake = (
        Appointment.objects.live()
        .filter(client=client, kind=Kind.INTAKE_CONSULTATION)
        .order_by("start")
        .first()
    )
    context = {
        "client": client,
        "own_account": account_state(client.user, latest.get(client.user_id)),
        "guardians": [
            (g, account_state(g.user, latest.get(g.user_id)) if g.user else "Not invited yet")
            for g in guardians
        ],
        "status": actions.packet_status(client, documents, forms),
        "intake": intake,
        "documents": documents,
        "forms": forms,
        "sharing": sharing_for(client),
        "may_invite": access.may_invite(user, client),
        "may_manage": access.may_manage_portal(user, client),
        "may_share": access.may_change_sharing(user, client),
        "may_review": access.may_review_intake(user, client),
    }
    return Panel("paperwork/_client_panel.html", context, order=15)


def portal_panel(request: HttpRequest, client: Any) -> Panel | None:
    """What the viewer still has to do for this record, and the documents already signed."""
    user = request.user
    documents, forms = actions.to_do(user, [client])
    roles = access.capacities(user, client).fill
    done = list(
        Document.objects.filter(
            client=client, signer_role__in=roles, status__in=[Status.SIGNED, Status.REVOKED]
        )
        .select_related("version")
        .order_by("-signed_at")
    )
    optional = [d for d in documents if d.kind in actions.OPTIONAL]
    required = [d for d in documents if d.kind not in actions.OPTIONAL]
    context = {"documents": required, "optional": optional, "forms": forms, "done": done}
    return Panel("paperwork/_portal_panel.html", context, order=5)
