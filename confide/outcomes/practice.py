"""The practice's outcomes: response, remission and recovery by group, counted, with 95%
intervals, and any group under 5 people suppressed. Aggregates only: no names."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from confide.assessments.models import Assessment
from confide.outcomes import integrations, stats
from confide.outcomes.summary import SERIES_FIELDS, build_series
from confide.practice.models import Client, ClientStatus, population_for_age


@dataclass
class Course:
    client_id: Any
    groups: list[tuple[str, str]]
    finished: bool
    phq9_elevated: bool  # index PHQ-9 >= 10: the denominator for response and remission
    response: bool
    remission: bool
    at_caseness: bool
    recovered: bool
    reliable_recovery: bool


@dataclass
class Row:
    dimension: str
    group: str
    people: int
    response: stats.Rate
    remission: stats.Rate
    recovery: stats.Rate
    reliable_recovery: stats.Rate

    @property
    def rates(self) -> list[dict[str, Any]]:
        """The four rates as the page prints them (whole percentages)."""
        return [
            {
                "suppressed": r.suppressed,
                "successes": r.successes,
                "n": r.n,
                "percent": None if r.rate is None else round(r.rate * 100),
                "low_percent": None if r.low is None else round(r.low * 100),
                "high_percent": None if r.high is None else round(r.high * 100),
            }
            for r in (self.response, self.remission, self.recovery, self.reliable_recovery)
        ]


def area_label(slug: str) -> str:
    from confide.ipt.problem_areas import AREAS

    return AREAS[slug].label if slug in AREAS else slug


def modality_label(slug: str) -> str:
    from confide.ipt.modalities import LABELS

    return LABELS.get(slug, slug)


def courses() -> list[Course]:
    """Every finished (discharged) client's course, in a fixed number of queries."""
    clients = list(
        Client.objects.filter(status=ClientStatus.DISCHARGED).prefetch_related(
            Prefetch(
                "assessments",
                # Only the columns a series needs: the JSON answers are most of a row's cost.
                queryset=Assessment.objects.filter(scorable=True, instrument__in=["phq9", "gad7"])
                .only(*SERIES_FIELDS)
                .order_by("taken_at"),
                to_attr="outcome_assessments",
            )
        )
    )
    ids = [c.pk for c in clients]
    attended = integrations.attended_sessions(ids)
    areas = integrations.problem_areas(ids)
    adjuncts = integrations.adjunct_modalities(ids)
    found = []
    for client in clients:
        series = {s.code: s for s in build_series(client.outcome_assessments)}
        phq9, gad7 = series.get("phq9"), series.get("gad7")
        if phq9 is None and gad7 is None:
            continue
        course = stats.course_outcome(phq9.stats if phq9 else None, gad7.stats if gad7 else None)
        measured = max(s.stats.measured for s in series.values())
        # Attended sessions from the diary where it records them, else the sessions measured
        # (each measure is taken before a session).
        sessions = max(attended.get(client.pk, 0), measured)
        groups = [("All clients", "All")]
        population = population_for_age(client.age_on(client.updated_at.date()))
        groups.append(("Population", population.title()))
        if client.perinatal:
            groups.append(("Population", "Perinatal"))
        groups += [("Problem area", area_label(a)) for a in areas.get(client.pk, [])]
        groups += [("Adjunct modality", modality_label(m)) for m in adjuncts.get(client.pk, [])]
        elevated = phq9 is not None and phq9.stats.baseline >= 10 and phq9.stats.measured > 1
        found.append(
            Course(
                client_id=client.pk,
                groups=groups,
                finished=stats.finished_treatment(sessions),
                phq9_elevated=elevated,
                response=bool(elevated and phq9 and phq9.stats.response),
                remission=bool(elevated and phq9 and phq9.stats.remission),
                at_caseness=bool(course.caseness_at_start),
                recovered=bool(course.recovered),
                reliable_recovery=bool(course.reliable_recovery),
            )
        )
    return found


def practice_table(found: list[Course] | None = None) -> list[Row]:
    found = courses() if found is None else found
    cells: dict[tuple[str, str], list[Course]] = defaultdict(list)
    for course in found:
        for group in course.groups:
            cells[group].append(course)
    order = {"All clients": 0, "Population": 1, "Problem area": 2, "Adjunct modality": 3}
    rows = []
    for (dimension, group), members in sorted(
        cells.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])
    ):
        finished = [c for c in members if c.finished]
        elevated = [c for c in finished if c.phq9_elevated]
        eligible = [c for c in finished if c.at_caseness]  # finished − not at caseness
        rows.append(
            Row(
                dimension=dimension,
                group=group,
                people=len(finished),
                response=stats.rate(sum(c.response for c in elevated), len(elevated)),
                remission=stats.rate(sum(c.remission for c in elevated), len(elevated)),
                recovery=stats.rate(sum(c.recovered for c in eligible), len(eligible)),
                reliable_recovery=stats.rate(
                    sum(c.reliable_recovery for c in eligible), len(eligible)
                ),
            )
        )
    return rows
