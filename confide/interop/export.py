"""Which records make up a client's FHIR export, loaded in a fixed number of queries.

`client_resources` yields the resources of one client; the per-client Bundle and the bulk
export both use it, so the two never disagree. Records of other apps (appointments, alerts,
plans, notes) are mapped in `extra.py`, which finds those apps' models when they exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from confide.assessments import catalog
from confide.assessments.models import Assessment
from confide.instruments import UnknownInstrument
from confide.instruments.model import Instrument
from confide.interop import extra, mapping
from confide.practice.models import Assignment, Client, Clinician, Location


def base_url() -> str:
    return settings.CONFIDE_BASE_URL.rstrip("/")


class InstrumentCache:
    """Definitions (with any licensed wording) looked up once per export, not once per row."""

    def __init__(self) -> None:
        self._cache: dict[str, Instrument | None] = {}

    def get(self, code: str) -> Instrument | None:
        if code not in self._cache:
            try:
                self._cache[code] = catalog.get_instrument(code)
            except UnknownInstrument:
                self._cache[code] = None
        return self._cache[code]


def with_record(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Prefetch what `client_resources` reads, so queries do not grow with clients or rows."""
    return clients.prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.order_by("assigned_at")),
        Prefetch(
            "assessments",
            queryset=Assessment.objects.order_by("taken_at"),
            to_attr="exported_assessments",
        ),
        *extra.prefetches(),
    )


def assessment_resources(
    client: Client, questionnaires: mapping.Questionnaires, instruments: InstrumentCache
) -> Iterator[dict[str, Any]]:
    for assessment in client.exported_assessments:  # type: ignore[attr-defined]
        instrument = instruments.get(assessment.instrument)
        if instrument is None:  # an instrument Confide no longer ships: nothing to map it to
            continue
        yield mapping.questionnaire_response(assessment, instrument, questionnaires)
        yield from mapping.observations(assessment, instrument, questionnaires)


def client_resources(
    client: Client,
    questionnaires: mapping.Questionnaires,
    instruments: InstrumentCache,
) -> Iterator[dict[str, Any]]:
    """The client's own resources: Patient, questionnaires and scores (not clinicians)."""
    yield mapping.patient(client, questionnaires.base_url)
    yield from assessment_resources(client, questionnaires, instruments)


def clinicians_of(client: Client) -> QuerySet[Clinician]:
    return (
        Clinician.objects.filter(assignments__client=client)
        .distinct()
        .prefetch_related("populations", "problem_areas", "modalities", "locations")
    )


def clinician_resources(clinician: Clinician) -> Iterator[dict[str, Any]]:
    yield mapping.practitioner(clinician)
    yield mapping.practitioner_role(clinician)


def location_resources(locations: QuerySet[Location]) -> Iterator[dict[str, Any]]:
    for place in locations:
        yield mapping.location(place)
