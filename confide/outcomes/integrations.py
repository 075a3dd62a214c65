"""What outcomes reads from scheduling (appointments) and IPT (formulation, plan, notes).

Each function takes many clients at once and costs one query, so pages stay at a fixed query
count. They read only; the other areas own their data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from confide.outcomes.charts import Phase


def next_appointments(client_ids: Iterable[Any]) -> dict[Any, Any]:
    """Each client's next live appointment (one query)."""
    from confide.scheduling.models import Appointment

    found: dict[Any, Any] = {}
    rows = (
        Appointment.objects.live()
        .filter(client_id__in=list(client_ids), end__gt=timezone.now())
        .select_related("clinician", "location")
        .order_by("start")
    )
    for appointment in rows:
        found.setdefault(appointment.client_id, appointment)
    return found


def attended_sessions(client_ids: Iterable[Any]) -> dict[Any, int]:
    """Attended sessions per client as the diary records them (one query)."""
    from django.db.models import Count

    from confide.scheduling.models import Appointment, Status

    rows = (
        Appointment.objects.filter(client_id__in=list(client_ids), status=Status.ATTENDED)
        .values("client_id")
        .annotate(n=Count("id"))
    )
    return {r["client_id"]: r["n"] for r in rows}


def problem_areas(client_ids: Iterable[Any]) -> dict[Any, list[str]]:
    """The problem areas of each client's latest formulation (one query)."""
    from confide.ipt.models import Formulation

    found: dict[Any, list[str]] = {}
    rows = Formulation.objects.filter(client_id__in=list(client_ids)).order_by(
        "client_id", "-version"
    )
    for f in rows.values("client_id", "areas"):
        found.setdefault(f["client_id"], list(f["areas"] or []))
    return found


def adjunct_modalities(client_ids: Iterable[Any]) -> dict[Any, list[str]]:
    """The adjunct modalities accepted in each client's plan (one query)."""
    from confide.ipt.models import Adjunct, Decision

    found: dict[Any, list[str]] = defaultdict(list)
    rows = Adjunct.objects.filter(
        plan__client_id__in=list(client_ids), decision__in=[Decision.ACCEPTED, Decision.EDITED]
    ).values_list("plan__client_id", "modality")
    for client_id, modality in rows:
        found[client_id].append(modality)
    return dict(found)


def phases(client: Any) -> list[Phase]:
    """The phases of the course, by session number, from the session notes (one query)."""
    from confide.ipt.course import PHASE_LABELS
    from confide.ipt.models import Note

    runs: list[Phase] = []
    for session, phase in (
        Note.objects.filter(client=client).order_by("session").values_list("session", "phase")
    ):
        label = PHASE_LABELS.get(phase, phase)
        if runs and runs[-1].label == label:
            runs[-1] = Phase(runs[-1].first_session, session, label)
        else:
            runs.append(Phase(session, session, label))
    return runs


def goals(client: Any) -> list[tuple[str, str, str]]:
    """(problem area, goal, progress) from the client's plan, if there is one."""
    from confide.ipt.models import PROGRESS_LABELS, Goal
    from confide.ipt.problem_areas import AREAS

    return [
        (AREAS[g.area].label if g.area in AREAS else g.area, g.text, PROGRESS_LABELS[g.progress])
        for g in Goal.objects.filter(plan__client=client)
    ]
