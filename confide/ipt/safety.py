"""What the IPT pages show above everything else: open risk alerts, and the cautions the
course's published population asks the clinician to check (IPT-A's exclusions)."""

from __future__ import annotations

from typing import Any

from confide.ipt import course as course_mod
from confide.practice.access import may_handle_alert
from confide.practice.models import Client


def _latest_depression_scores(client: Client) -> dict[str, int | None]:
    scores: dict[str, int | None] = {}
    rows = client.assessments.filter(instrument__in=("phqa", "phq9"), scorable=True)
    for code, total in rows.order_by("-taken_at").values_list("instrument", "total"):
        scores.setdefault(code, total)
    return scores


def panel(user: Any, client: Client, course: course_mod.Course) -> dict[str, Any]:
    """The context of ipt/_safety.html."""
    alerts = list(client.risk_alerts.open().select_related("assessment", "clinician"))
    checks = []
    if course.cautions:
        checks = course_mod.exclusion_checks(
            course.cautions,
            open_risk_alerts=len(alerts),
            scores=_latest_depression_scores(client),
        )
    return {
        "alerts": [{"alert": a, "handle": may_handle_alert(user, a)} for a in alerts],
        "cautions": checks,
        "cautions_source": course_mod.IPT_A_SOURCE,
    }
