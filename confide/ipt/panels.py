"""What this area adds to the staff client page and the client portal (see staff/panels.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from confide.audit.actor import Actor
from confide.core.panels import Panel


def client_panel(actor: Actor, client: Any, clinical: bool) -> Panel | None:
    """A summary of the IPT record and links; nothing clinical unless `clinical`."""
    if not clinical:
        return Panel("ipt/_panel.html", {"clinical": False}, order=40)
    from confide.ipt.actions import audit_reads, current_formulation

    formulation = current_formulation(client)
    if formulation is not None:
        audit_reads(actor, [formulation], client)
    notes = client.ipt_notes.aggregate(
        total=Count("id"), signed=Count("id", filter=Q(signed_at__isnull=False))
    )
    return Panel(
        "ipt/_panel.html",
        {
            "clinical": True,
            "client_id": client.pk,
            "people": client.ipt_people.count(),
            "events": client.ipt_events.count(),
            "formulation": formulation,
            "notes": notes["total"],
            "signed": notes["signed"],
        },
        order=40,
    )


def portal_panel(actor: Actor, client: Any) -> Panel | None:
    # Clinical notes and formulations are not shown in the client portal.
    return None
