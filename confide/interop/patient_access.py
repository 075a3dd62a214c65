"""The FHIR Bundle a client (or a minor's guardian) downloads from the portal: the same
mappers as the staff export (export.py, extra.py), minus what the portal does not share.

Never included: session notes (psychotherapy notes, HIPAA 45 CFR 164.524(a)(1)(i)) and the
staff's risk-alert Flags (a workflow of the practice, not part of the client's record set).
Questionnaires and scores, and the IPT problem areas and treatment plan, are included only
when the viewer may see them (access.may_see_answers, access.may_see_plan).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from confide.interop import export, extra, mapping
from confide.practice.models import Client, Location

NEVER = {"Flag", "DocumentReference"}
PLAN = {"Condition", "CarePlan"}


def own_record_bundle(client: Client, *, answers: bool, plan: bool) -> dict[str, Any]:
    client = export.with_record(Client.objects.filter(pk=client.pk)).get()
    questionnaires = mapping.Questionnaires(export.base_url())
    resources: list[dict[str, Any]] = [mapping.patient(client, questionnaires.base_url)]
    if answers:
        instruments = export.InstrumentCache()
        resources.extend(export.assessment_resources(client, questionnaires, instruments))
    clinicians = list(export.clinicians_of(client))
    for clinician in clinicians:
        resources.extend(export.clinician_resources(clinician))
    location_ids = {place.pk for c in clinicians for place in c.locations.all()}
    appointments = client.exported_appointments  # type: ignore[attr-defined] # prefetched
    location_ids |= {a.location_id for a in appointments if a.location_id}
    resources.extend(export.location_resources(Location.objects.filter(pk__in=location_ids)))
    excluded = NEVER | (set() if plan else PLAN)
    resources.extend(
        r
        for r in extra.client_extras(client, None, include_notes=False)
        if r["resourceType"] not in excluded
    )
    return mapping.bundle(resources, export.base_url(), timezone.now())
