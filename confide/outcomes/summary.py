"""A client's outcomes as pages, the PDF and the API show them, built from stored Assessments.

The statistics come from stats.py; this module only fetches rows (in a fixed number of
queries, whatever the number of clients) and hands plain numbers to it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from confide import instruments
from confide.assessments.models import SAFETY_UNANSWERED, Assessment
from confide.outcomes import progress, stats
from confide.outcomes.models import DEFAULT_MEASURES, ExpectedBand, MeasureLink, RiskAlert
from confide.practice.models import Client, ClientStatus

# What a score series reads of an Assessment; loading only these skips decoding the JSON answers.
SERIES_FIELDS = (
    *("id", "client_id", "instrument", "total"),
    *("taken_at", "created_at", "risk", "risk_unanswered", "source"),
)

# Order in which a client's measures are listed.
ORDER = ["phq9", "gad7", "epds", "pcl5", "who5", "ucla3"]


def not_on_track_session() -> int:
    return int(settings.CONFIDE_NOT_ON_TRACK_SESSION)


def expected_band_min_courses() -> int:
    return int(settings.CONFIDE_EXPECTED_BAND_MIN_COURSES)


def overdue_days() -> int:
    return int(settings.CONFIDE_MEASURE_OVERDUE_DAYS)


def bands_of(code: str) -> tuple[instruments.Band, ...]:
    """The bands in force, with the practice's cut-off setting (PCL-5)."""
    from confide.assessments.catalog import cutoffs

    return instruments.resolve_bands(instruments.get(code), cutoffs())[0]


def _band(code: str, total: int) -> instruments.Band | None:
    return next((b for b in bands_of(code) if b.covers(total)), None)


def band_slug(code: str, total: int) -> str:
    band = _band(code, total)
    return band.slug if band else ""


def band_label(code: str, total: int) -> str:
    band = _band(code, total)
    return band.label if band else ""


@dataclass
class Point:
    session: int
    taken_at: datetime
    total: int
    band: str
    risk: bool
    source: str
    risk_unanswered: bool = False

    @property
    def safety(self) -> str:
        """The chart table's safety column, in words."""
        if self.risk:
            return "Yes"
        return SAFETY_UNANSWERED if self.risk_unanswered else "No"


@dataclass
class SeriesView:
    code: str
    name: str
    points: list[Point]
    stats: stats.SeriesStats

    @property
    def direction(self) -> str:
        """Plain words for the latest move: better, worse or no change (not colour)."""
        if len(self.points) < 2:
            return "first score"
        step = self.points[-1].total - self.points[-2].total
        if step == 0:
            return "no change"
        better = step < 0 if self.stats.rule.lower_is_better else step > 0
        return "better" if better else "worse"

    @property
    def latest(self) -> Point:
        return self.points[-1]

    @property
    def progress_sentence(self) -> str:
        """The portal's plain-words sentence on this questionnaire's course."""
        return progress.progress_sentence(self.stats)


@dataclass
class ClientOutcome:
    client: Client
    series: list[SeriesView]
    course: stats.CourseOutcome
    track: stats.TrackStatus
    open_alerts: list[RiskAlert]
    pending_links: list[MeasureLink]
    overdue: list[str]
    scheduled: list[str]
    sessions: int
    risk_points: list[Point] = field(default_factory=list)
    next_appointment: Any = None
    # The latest questionnaire of each kind with a safety question, where it was left
    # unanswered (a later answered one clears it). Unscorable questionnaires count too.
    safety_unanswered: list[Assessment] = field(default_factory=list)

    def get(self, code: str) -> SeriesView | None:
        return next((s for s in self.series if s.code == code), None)

    @property
    def urgency(self) -> tuple[int, int, int, str]:
        """Open alerts first, then an unanswered safety question, then red, outside the band,
        amber, overdue; then by name."""
        return (
            0 if self.open_alerts else 1 if self.safety_unanswered else 2,
            self.track.rank,
            0 if self.overdue else 1,
            self.client.last_name + self.client.first_name,
        )


def with_outcome_data(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Prefetch everything `outcome_for` reads: one query per relation, never per client."""
    return clients.select_related("measure_schedule").prefetch_related(
        Prefetch(
            "assessments",
            queryset=Assessment.objects.only(*SERIES_FIELDS).order_by("taken_at", "created_at"),
            to_attr="outcome_assessments",
        ),
        Prefetch(
            "risk_alerts",
            queryset=RiskAlert.objects.open().select_related("assessment").order_by("-created_at"),
            to_attr="open_alerts",
        ),
        Prefetch(
            "measure_links",
            queryset=MeasureLink.objects.pending().order_by("-created_at"),
            to_attr="pending_links",
        ),
    )


def practice_bands() -> dict[tuple[str, int], stats.Band]:
    """Expected-recovery PHQ-9 bands from this practice's finished (discharged) courses, as
    stored by practice.refresh_expected_bands() (one small query)."""
    return {
        (b.start_band, b.session): stats.Band(b.low, b.high, b.courses)
        for b in ExpectedBand.objects.all()
    }


def _schedule(client: Client) -> list[str]:
    try:
        schedule = client.measure_schedule
    except Client.measure_schedule.RelatedObjectDoesNotExist:
        return list(DEFAULT_MEASURES)
    return list(schedule.instruments or DEFAULT_MEASURES)


def build_series(assessments: Iterable[Assessment]) -> list[SeriesView]:
    by_code: dict[str, list[Assessment]] = defaultdict(list)
    for a in assessments:
        if a.total is not None:
            by_code[a.instrument].append(a)
    result = []
    for code in sorted(by_code, key=lambda c: ORDER.index(c) if c in ORDER else 99):
        rows = sorted(by_code[code], key=lambda a: (a.taken_at, a.created_at))
        try:
            name = instruments.get(code).short_name
        except instruments.UnknownInstrument:
            continue
        points = [
            Point(
                i,
                a.taken_at,
                a.total,
                band_label(code, a.total),
                a.risk,
                a.source,
                a.risk_unanswered,
            )
            for i, a in enumerate(rows, start=1)
            if a.total is not None
        ]
        series = stats.series_stats(code, [p.total for p in points])
        assert series is not None
        result.append(SeriesView(code, name, points, series))
    return result


def latest_unanswered(assessments: Iterable[Assessment]) -> list[Assessment]:
    """Of each instrument's latest questionnaire, those whose safety question went unanswered."""
    latest: dict[str, Assessment] = {}
    for a in sorted(assessments, key=lambda a: (a.taken_at, a.created_at)):
        latest[a.instrument] = a
    return [a for a in latest.values() if a.risk_unanswered]


def outcome_for(
    client: Client,
    *,
    bands: dict[tuple[str, int], stats.Band] | None = None,
    now: datetime | None = None,
) -> ClientOutcome:
    """Outcomes for one client whose data was prefetched with `with_outcome_data`."""
    now = now or timezone.now()
    assessments = getattr(client, "outcome_assessments", None)
    if assessments is None:
        assessments = list(client.assessments.only(*SERIES_FIELDS))
    series = build_series(assessments)
    by_code = {s.code: s for s in series}
    phq9, gad7 = by_code.get("phq9"), by_code.get("gad7")
    course = stats.course_outcome(phq9.stats if phq9 else None, gad7.stats if gad7 else None)
    sessions = max((len(s.points) for s in series if s.code in ("phq9", "gad7")), default=0)
    track = stats.track_status(
        [s.stats for s in series],
        session=sessions,
        not_on_track_session=not_on_track_session(),
        bands=bands,
        band_for=lambda t: band_slug("phq9", t),
    )
    scheduled = _schedule(client)
    cutoff = now - timedelta(days=overdue_days())
    overdue = [
        code
        for code in scheduled
        if client.status == ClientStatus.ACTIVE
        and not any(p.taken_at >= cutoff for p in (by_code[code].points if code in by_code else []))
    ]
    open_alerts = getattr(client, "open_alerts", None)
    if open_alerts is None:
        open_alerts = list(client.risk_alerts.open().select_related("assessment"))
    links = getattr(client, "pending_links", None)
    if links is None:
        links = list(client.measure_links.pending())
    return ClientOutcome(
        client=client,
        series=series,
        course=course,
        track=track,
        open_alerts=list(open_alerts),
        pending_links=list(links),
        overdue=overdue,
        scheduled=scheduled,
        sessions=sessions,
        risk_points=[p for s in series for p in s.points if p.risk],
        safety_unanswered=latest_unanswered(assessments),
    )


def outcomes_for(clients: QuerySet[Client]) -> list[ClientOutcome]:
    """Outcomes for many clients, most urgent first, in a fixed number of queries."""
    from confide.outcomes.integrations import next_appointments

    bands = practice_bands()
    rows = [outcome_for(c, bands=bands) for c in with_outcome_data(clients)]
    upcoming = next_appointments(r.client.pk for r in rows)
    for row in rows:
        row.next_appointment = upcoming.get(row.client.pk)
    return sorted(rows, key=lambda r: r.urgency)


def chart_svg(series: SeriesView, chart_id: str, phases: Iterable[Any] = ()) -> str:
    """The series drawn over its instrument's bands (see charts.py)."""
    from confide.outcomes import charts

    definition = instruments.get(series.code)
    return charts.score_chart(
        title=f"{series.name} scores by session",
        points=[charts.ChartPoint(p.session, p.total, p.risk) for p in series.points],
        bands=[charts.ChartBand(b.low, b.high, b.label) for b in bands_of(series.code)],
        max_score=definition.max_total,
        min_score=definition.min_total,
        phases=list(phases),
        chart_id=chart_id,
    )


def rules_in_use(codes: Iterable[str] = ("phq9", "gad7")) -> list[stats.Rule]:
    """The rules a page applies, with their sources, to show beside the numbers."""
    rules = []
    for code in codes:
        rule = stats.change_rule(code)
        name = instruments.get(code).short_name
        rules.append(stats.Rule(f"{name} reliable change", rule.text, rule.source))
    rules += [stats.RESPONSE, stats.REMISSION, stats.CASENESS, stats.RECOVERY]
    rules += [stats.RELIABLE_IMPROVEMENT_COURSE, stats.RELIABLE_RECOVERY]
    rules.append(
        stats.Rule(
            "Not on track",
            "Red: reliable deterioration on any measure. Amber: no reliable improvement by "
            f"session {not_on_track_session()}. Outside the band: once this practice has "
            f"{expected_band_min_courses()} finished courses, a PHQ-9 above the 75th "
            "percentile of courses that started in the same severity band, at the same "
            "session.",
            "Confide practice rule, after Lambert's routine outcome monitoring and feedback "
            "studies; settings CONFIDE_NOT_ON_TRACK_SESSION and "
            "CONFIDE_EXPECTED_BAND_MIN_COURSES",
        )
    )
    return rules
