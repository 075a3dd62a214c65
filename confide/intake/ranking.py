"""Feed the pure ranking (matching.py) from the database and the schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils import timezone

from confide.intake import matching
from confide.intake.models import ConsultationRequest, Format
from confide.practice.models import ClientStatus, Clinician


def request_profile(cr: ConsultationRequest) -> matching.RequestProfile:
    return matching.RequestProfile(
        age_group=cr.age_group,
        for_whom=cr.for_whom,
        concerns=tuple(cr.concerns),
        text=cr.details,
        format=cr.format,
        location=cr.location.slug if cr.location else None,
        languages=tuple(cr.languages),
        days=tuple(cr.days),
        day_parts=tuple(cr.day_parts),
    )


def clinician_profile(
    c: Clinician, openings: tuple[datetime, ...] = ()
) -> matching.ClinicianProfile:
    return matching.ClinicianProfile(
        id=c.pk,
        name=c.display_name,
        populations=frozenset(t.slug for t in c.populations.all()),
        problem_areas=frozenset(t.slug for t in c.problem_areas.all()),
        modalities=frozenset(t.slug for t in c.modalities.all()),
        languages=frozenset(t.slug for t in c.languages.all()),
        locations={loc.slug: loc.city for loc in c.locations.all()},
        offers_virtual=c.offers_virtual,
        offers_in_person=c.offers_in_person,
        accepting=c.accepting_new_clients,
        caseload=getattr(c, "caseload", 0),
        caseload_limit=c.caseload_limit,
        openings=openings,
    )


def clinicians_for_matching() -> list[Clinician]:
    current = Q(assignments__client__status__in=[ClientStatus.ACTIVE, ClientStatus.WAITING])
    return list(
        Clinician.objects.active()
        .with_profile()
        .annotate(caseload=Count("assignments", filter=current))
    )


@dataclass(frozen=True)
class Opening:
    start: datetime
    end: datetime
    format: str
    location_id: str | None
    local_start: datetime  # wall-clock time where the session happens


def openings_for(
    c: Clinician, cr: ConsultationRequest, *, after: datetime, limit: int = 300
) -> list[Opening]:
    """Free slots that fit the request's format, office, days and times, soonest first.

    The schedule does not filter by weekday, so ask for enough slots to cover its horizon.
    """
    from confide.scheduling.actions import first_open_slots

    formats = ["virtual", "in_person"] if cr.format == Format.EITHER else [cr.format]
    locations = [cr.location] if cr.location_id else None
    found = first_open_slots(
        c,
        after=after,
        formats=formats,
        locations=locations,
        day_parts=cr.day_parts or None,
        limit=limit,
    )
    profile = request_profile(cr)
    openings = [
        Opening(s.start, s.end, s.format, s.location, s.start.astimezone(ZoneInfo(s.zone)))
        for s in found
    ]
    return [o for o in openings if matching.suits(o.local_start, profile)]


@dataclass(frozen=True)
class RankedMatch:
    match: matching.Match
    clinician: Clinician
    opening: Opening | None


def matches_for(
    cr: ConsultationRequest, *, now: datetime | None = None
) -> tuple[list[RankedMatch], list[matching.Exclusion]]:
    """Rank the practice's active clinicians for this request, with their first openings."""
    now = now or timezone.now()
    profile = request_profile(cr)
    clinicians = clinicians_for_matching()
    by_id = {c.pk: c for c in clinicians}
    profiles, first = [], {}
    for c in clinicians:
        base = clinician_profile(c)
        openings: list[Opening] = []
        # Only those who pass the hard requirements need their diary read.
        if not matching.exclusions(profile, base):
            openings = openings_for(c, cr, after=now)
        first[c.pk] = openings[0] if openings else None
        profiles.append(clinician_profile(c, tuple(o.local_start for o in openings)))
    matches, excluded = matching.rank(profile, profiles, now=now)
    ranked = [RankedMatch(m, by_id[m.clinician_id], first[m.clinician_id]) for m in matches]
    return ranked, excluded


def match_dict(m: RankedMatch) -> dict[str, Any]:
    return {
        "clinician": m.clinician.pk,
        "name": m.match.name,
        "score": m.match.score,
        "reasons": list(m.match.reasons),
        "summary": m.match.summary,
        "first_opening": (
            {
                "start": m.opening.start,
                "end": m.opening.end,
                "format": m.opening.format,
                "location": m.opening.location_id,
            }
            if m.opening
            else None
        ),
    }
