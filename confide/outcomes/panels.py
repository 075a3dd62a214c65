"""What this area adds to the staff client page and the client portal (see staff/panels.py)."""

from __future__ import annotations

from typing import Any

from confide.accounts.models import Role
from confide.audit.actor import Actor
from confide.core.panels import Panel
from confide.outcomes import summary


def client_panel(actor: Actor, client: Any, clinical: bool) -> Panel | None:
    """Scores, trajectory and open alerts; only where clinical content may be shown."""
    if not clinical:
        return None
    outcome = summary.outcome_for(client, bands=summary.practice_bands())
    charts = [
        {"series": s, "svg": summary.chart_svg(s, f"panel-chart-{s.code}")} for s in outcome.series
    ]
    context = {
        "client": client,
        "outcome": outcome,
        "charts": charts,
        "rules": summary.rules_in_use([s.code for s in outcome.series] or ["phq9", "gad7"]),
        "is_clinician": actor.role == Role.CLINICIAN,
    }
    return Panel("outcomes/panel.html", context, order=20)


def portal_panel(actor: Actor, client: Any) -> Panel | None:
    """The client's own scores in plain words, and questionnaires waiting for them."""
    outcome = summary.outcome_for(client)
    charts = [
        {"series": s, "svg": summary.chart_svg(s, f"my-chart-{s.code}")} for s in outcome.series
    ]
    return Panel(
        "outcomes/portal_panel.html",
        {"outcome": outcome, "charts": charts, "client": client},
        order=10,
    )
