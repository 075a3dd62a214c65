"""The practice's outcomes: response, remission and recovery by group, counted, with 95%
intervals, and any group under 5 people suppressed. Aggregates only: no names.

Each discharged client's course is computed once, when its data changes (`refresh`, called by
the signals in `signals.py`), and stored as a CourseOutcome with the groups it counts in. The
practice page then adds stored rows up in one GROUP BY, so its cost follows the number of
groups shown, not the number of clients or questionnaires behind them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Prefetch, Q

from confide.assessments.models import Assessment
from confide.outcomes import integrations, stats
from confide.outcomes.models import CourseGroup, CourseOutcome, Dimension, ExpectedBand
from confide.outcomes.summary import (
    SERIES_FIELDS,
    band_slug,
    build_series,
    expected_band_min_courses,
)
from confide.practice.models import Client, ClientStatus, population_for_age

CHUNK = 1000  # clients computed per batch when rebuilding


@dataclass
class Course:
    client_id: Any
    finished: bool
    phq9_elevated: bool  # index PHQ-9 >= 10: the denominator for response and remission
    response: bool
    remission: bool
    at_caseness: bool
    recovered: bool
    reliable_recovery: bool
    groups: list[tuple[Dimension, str]] = field(default_factory=list)
    phq9_totals: list[int] = field(default_factory=list)


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


def group_label(dimension: str, slug: str) -> str:
    if dimension == Dimension.ALL:
        return "All"
    if dimension == Dimension.AREA:
        from confide.ipt.problem_areas import AREAS

        return AREAS[slug].label if slug in AREAS else slug
    if dimension == Dimension.MODALITY:
        from confide.ipt.modalities import LABELS

        return LABELS.get(slug, slug)
    return slug.title()  # populations: "adults", "perinatal"


# --- computing courses -----------------------------------------------------------------


def courses(client_ids: Iterable[Any] | None = None) -> list[Course]:
    """The courses of discharged clients (all of them, or those among `client_ids`), from
    their questionnaires, diary, formulation and plan, in a fixed number of queries."""
    discharged = Client.objects.filter(status=ClientStatus.DISCHARGED)
    if client_ids is not None:
        discharged = discharged.filter(pk__in=list(client_ids))
    clients = list(
        discharged.prefetch_related(
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
        population = population_for_age(client.age_on(client.updated_at.date()))
        groups = [(Dimension.ALL, "all"), (Dimension.POPULATION, population)]
        if client.perinatal:
            groups.append((Dimension.POPULATION, "perinatal"))
        groups += [(Dimension.AREA, a) for a in dict.fromkeys(areas.get(client.pk, []))]
        groups += [(Dimension.MODALITY, m) for m in dict.fromkeys(adjuncts.get(client.pk, []))]
        elevated = phq9 is not None and phq9.stats.baseline >= 10 and phq9.stats.measured > 1
        found.append(
            Course(
                client_id=client.pk,
                finished=stats.finished_treatment(sessions),
                phq9_elevated=elevated,
                response=bool(elevated and phq9 and phq9.stats.response),
                remission=bool(elevated and phq9 and phq9.stats.remission),
                at_caseness=bool(course.caseness_at_start),
                recovered=bool(course.recovered),
                reliable_recovery=bool(course.reliable_recovery),
                groups=groups,
                phq9_totals=[p.total for p in phq9.points] if phq9 else [],
            )
        )
    return found


# --- keeping the stored rows current ---------------------------------------------------


def _store(client_ids: list[Any], found: list[Course]) -> None:
    CourseOutcome.objects.filter(client_id__in=client_ids).delete()  # groups cascade
    outcomes = CourseOutcome.objects.bulk_create(
        CourseOutcome(
            client_id=c.client_id,
            finished=c.finished,
            phq9_elevated=c.phq9_elevated,
            response=c.response,
            remission=c.remission,
            at_caseness=c.at_caseness,
            recovered=c.recovered,
            reliable_recovery=c.reliable_recovery,
            phq9_totals=c.phq9_totals,
        )
        for c in found
    )
    CourseGroup.objects.bulk_create(
        CourseGroup(course=outcome, dimension=dimension, group=group)
        for outcome, c in zip(outcomes, found, strict=True)
        for dimension, group in c.groups
    )


def refresh(client_ids: Iterable[Any]) -> None:
    """Recompute these clients' stored courses (dropping any no longer discharged), and the
    expected bands if a course that feeds them changed. Called on every save of a course's
    records, so a client who is not discharged, with nothing stored, costs two queries."""
    ids = list(dict.fromkeys(client_ids))
    if not ids:
        return
    with transaction.atomic():
        # Locked, so two changes to one client's course at once are stored one after the other.
        statuses = Client.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        discharged = [
            pk
            for pk, status in statuses.values_list("pk", "status")
            if status == ClientStatus.DISCHARGED
        ]
        stored = dict(
            CourseOutcome.objects.filter(client_id__in=ids).values_list("client_id", "phq9_totals")
        )
        if not discharged and not stored:
            return
        found = courses(discharged)
        _store(ids, found)
        before = {pk: totals for pk, totals in stored.items() if _feeds_bands(totals)}
        if before != {c.client_id: c.phq9_totals for c in found if _feeds_bands(c.phq9_totals)}:
            refresh_expected_bands()


def rebuild() -> int:
    """Recompute every stored course and the bands from scratch (after bulk loads, or when
    the rules or settings change); returns the number of courses stored."""
    stored = 0
    with transaction.atomic():
        CourseOutcome.objects.all().delete()
        discharged = Client.objects.filter(status=ClientStatus.DISCHARGED).order_by("pk")
        for chunk in _chunks(discharged.values_list("pk", flat=True).iterator(), CHUNK):
            found = courses(chunk)
            _store(chunk, found)
            stored += len(found)
        refresh_expected_bands()
    return stored


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- the expected bands ----------------------------------------------------------------


def _feeds_bands(phq9_totals: list[int]) -> bool:
    """A finished course, counted by its PHQ-9 measures, sets the practice's expected band."""
    return stats.finished_treatment(len(phq9_totals))


@transaction.atomic
def refresh_expected_bands() -> None:
    """Recompute the practice's expected PHQ-9 bands from its stored finished courses."""
    if connection.vendor == "postgresql":
        # One rewrite at a time, each reading the courses the one before it committed
        # (SQLite writes one at a time anyway). Readers of the bands are not blocked.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {ExpectedBand._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
    series = [
        totals
        for totals in CourseOutcome.objects.values_list("phq9_totals", flat=True).iterator()
        if _feeds_bands(totals)
    ]
    bands = stats.expected_bands(
        series, lambda s: band_slug("phq9", s), min_courses=expected_band_min_courses()
    )
    ExpectedBand.objects.all().delete()
    ExpectedBand.objects.bulk_create(
        ExpectedBand(
            start_band=start, session=k, low=band.low, high=band.high, courses=band.courses
        )
        for (start, k), band in bands.items()
    )


# --- the table -------------------------------------------------------------------------


def practice_table() -> list[Row]:
    """One row per group, added up in the database (one query, whatever the practice's size)."""
    finished = Q(course__finished=True)
    elevated = finished & Q(course__phq9_elevated=True)
    eligible = finished & Q(course__at_caseness=True)  # finished − not at caseness
    counts = (
        CourseGroup.objects.values("dimension", "group")
        .annotate(
            people=Count("pk", filter=finished),
            elevated=Count("pk", filter=elevated),
            responded=Count("pk", filter=elevated & Q(course__response=True)),
            remitted=Count("pk", filter=elevated & Q(course__remission=True)),
            eligible=Count("pk", filter=eligible),
            recovered=Count("pk", filter=eligible & Q(course__recovered=True)),
            reliable=Count("pk", filter=eligible & Q(course__reliable_recovery=True)),
        )
        .order_by()
    )
    rows = [
        Row(
            dimension=Dimension(c["dimension"]).label,
            group=group_label(c["dimension"], c["group"]),
            people=c["people"],
            response=stats.rate(c["responded"], c["elevated"]),
            remission=stats.rate(c["remitted"], c["elevated"]),
            recovery=stats.rate(c["recovered"], c["eligible"]),
            reliable_recovery=stats.rate(c["reliable"], c["eligible"]),
        )
        for c in counts
    ]
    order = {d.label: i for i, d in enumerate(Dimension)}
    return sorted(rows, key=lambda r: (order[r.dimension], r.group))
