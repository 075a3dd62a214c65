"""What paperwork adds to the staff client page and to the portal (see staff/panels.py)."""

from __future__ import annotations

from typing import Any

from confide.accounts.models import Invitation
from confide.audit.actor import Actor
from confide.core.panels import Panel
from confide.paperwork import actions
from confide.paperwork.forms import SharingForm
from confide.paperwork.models import Document, Status
from confide.practice import access
from confide.practice.models import sharing_for
from confide.scheduling.models import Appointment, Kind


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


def client_panel(actor: Actor, client: Any, clinical: bool) -> Panel | None:
    """Portal access, guardians, sharing, the packet's progress and each document and form.
    A fixed number of queries, however many documents and forms there are."""
    user = actor.user
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
        "sharing_form": SharingForm(initial=_shared(client), minor=client.is_minor),
        "may_invite": access.may_invite(user, client),
        "may_manage": access.may_manage_portal(user, client),
        "may_share": access.may_change_sharing(user, client),
        "may_review": access.may_review_intake(user, client),
    }
    return Panel("paperwork/_client_panel.html", context, order=15)


def _shared(client: Any) -> dict[str, bool]:
    sharing = sharing_for(client)
    return {
        "guardians_see_answers": sharing.guardians_see_answers,
        "client_sees_plan": sharing.client_sees_plan,
    }


def portal_panel(actor: Actor, client: Any) -> Panel | None:
    """What the viewer still has to do for this record, and the documents already signed."""
    user = actor.user
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
