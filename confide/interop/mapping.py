"""Confide's records as FHIR R4 resources, each built as a dict already in the canonical form
fhir.resources writes, and validated with it (the bulk export validates a sample).

Functions take model instances (read by attribute only) and return JSON-able dicts; none of them
queries the database or imports Django, so an exporter decides what to load and prefetch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from confide.instruments.fhir import questionnaire
from confide.instruments.model import Instrument
from confide.interop.known import LOINC

UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
# Seen in HEDIS-derived repositories but not verified on loinc.org (instruments.md §1.6).
UNVERIFIED_LOINC = frozenset({"99046-5"})


class MappingDrift(ValueError):
    """A mapper built a resource that differs from its validated, canonical form: a bug in
    the mapper, which the bulk export refuses to write rather than emit unchecked."""


class _Sample:
    """Which resources to check: the first `first` of each type, then one in `every`."""

    def __init__(self, first: int, every: int) -> None:
        self.first, self.every = first, every
        self.seen: dict[str, int] = {}

    def due(self, kind: str) -> bool:
        n = self.seen[kind] = self.seen.get(kind, 0) + 1
        return n <= self.first or n % self.every == 0


_sample: ContextVar[_Sample | None] = ContextVar("fhir_sample", default=None)


@contextmanager
def checking_a_sample(*, first: int, every: int) -> Iterator[None]:
    """Within this block, validate only a sample of resources and require each sampled one to
    be canonical already. Validation is most of an export's cost; the mappers are tested to
    emit canonical resources, and the sample catches any that drift, failing loudly."""
    token = _sample.set(_Sample(first, every))
    try:
        yield
    finally:
        _sample.reset(token)


def _validated(resource: dict[str, Any]) -> dict[str, Any]:
    """Validate against the R4B model and return the canonical JSON form (or, while
    `checking_a_sample`, the resource as built, checked when it falls in the sample)."""
    sample = _sample.get()
    if sample is not None and not sample.due(resource["resourceType"]):
        return resource
    canonical = _canonical(resource)
    if sample is not None and canonical != resource:
        raise MappingDrift(f"{resource['resourceType']}/{resource.get('id')} is not canonical.")
    return canonical


def _canonical(resource: dict[str, Any]) -> dict[str, Any]:
    from fhir.resources.R4B import get_fhir_model_class

    model = get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return model.model_dump(mode="json", exclude_none=True)


def validate(resource: Mapping[str, Any]) -> dict[str, Any]:
    """Public form of the validation every mapper applies (for tests and importers)."""
    return _canonical(dict(resource))


def instant(value: datetime) -> str:
    """A FHIR instant or dateTime in the canonical form fhir.resources writes: UTC, "Z"."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def confide_system(base_url: str, name: str) -> str:
    return f"{base_url.rstrip('/')}/fhir/CodeSystem/{name}"


def _text_concepts(labels: Iterable[str]) -> list[dict[str, Any]]:
    return [{"text": label} for label in labels]


# --- people and places ----------------------------------------------------------------


def patient(client: Any, base_url: str) -> dict[str, Any]:
    names: list[dict[str, Any]] = [
        {"use": "official", "family": client.last_name, "given": [client.first_name]}
    ]
    if client.preferred_name:
        names.append({"use": "usual", "given": [client.preferred_name]})
    telecom = []
    if client.phone:
        telecom.append({"system": "phone", "value": client.phone})
    if client.email:
        telecom.append({"system": "email", "value": client.email})
    rank = {"phone": "phone", "text": "sms", "email": "email"}.get(client.preferred_contact)
    for point in telecom:
        if point["system"] == rank or (rank == "sms" and point["system"] == "phone"):
            point["rank"] = 1
    contacts = []
    if client.emergency_contact_name:
        contact: dict[str, Any] = {
            "relationship": [
                {
                    "coding": [
                        {"system": "http://terminology.hl7.org/CodeSystem/v2-0131", "code": "C"}
                    ],
                    "text": client.emergency_contact_relationship or "Emergency contact",
                }
            ],
            "name": {"text": client.emergency_contact_name},
        }
        if client.emergency_contact_phone:
            contact["telecom"] = [{"system": "phone", "value": client.emergency_contact_phone}]
        contacts.append(contact)
    if client.guardian_name:
        guardian: dict[str, Any] = {
            "relationship": [
                {
                    "coding": [
                        {"system": "http://terminology.hl7.org/CodeSystem/v2-0131", "code": "N"}
                    ],
                    "text": "Guardian",
                }
            ],
            "name": {"text": client.guardian_name},
        }
        points = [("phone", client.guardian_phone), ("email", client.guardian_email)]
        if any(value for _, value in points):
            guardian["telecom"] = [{"system": s, "value": v} for s, v in points if v]
        contacts.append(guardian)
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(client.pk),
        "identifier": [
            {"system": f"{base_url.rstrip('/')}/fhir/client-id", "value": str(client.pk)}
        ],
        "active": client.status != "discharged",
        "name": names,
        "birthDate": client.date_of_birth.isoformat(),
        "generalPractitioner": [
            {"reference": f"Practitioner/{a.clinician_id}"} for a in client.assignments.all()
        ],
    }
    if telecom:
        resource["telecom"] = telecom
    if contacts:
        resource["contact"] = contacts
    if not resource["generalPractitioner"]:
        del resource["generalPractitioner"]
    return _validated(resource)


def practitioner(clinician: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Practitioner",
        "id": str(clinician.pk),
        "active": clinician.active,
        "name": [
            {"use": "official", "family": clinician.last_name, "given": [clinician.first_name]}
        ],
    }
    if clinician.credentials:
        resource["qualification"] = [{"code": {"text": clinician.credentials}}]
    return _validated(resource)


def practitioner_role(clinician: Any) -> dict[str, Any]:
    """What the clinician offers: populations, problem areas and modalities as specialty text."""
    specialties = [
        *(f"Population: {t.label}" for t in clinician.populations.all()),
        *(f"Problem area: {t.label}" for t in clinician.problem_areas.all()),
        *(f"Modality: {t.label}" for t in clinician.modalities.all()),
    ]
    resource: dict[str, Any] = {
        "resourceType": "PractitionerRole",
        "id": str(clinician.pk),
        "active": clinician.active,
        "practitioner": {"reference": f"Practitioner/{clinician.pk}"},
        "code": [{"text": "Psychotherapist"}],
        "specialty": _text_concepts(specialties),
        "location": [{"reference": f"Location/{loc.pk}"} for loc in clinician.locations.all()],
    }
    if clinician.offers_virtual:
        resource["availabilityExceptions"] = "Offers virtual sessions."
    for key in ("specialty", "location"):
        if not resource[key]:
            del resource[key]
    return _validated(resource)


def location(place: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Location",
        "id": str(place.pk),
        "status": "active",
        "name": place.name,
        "mode": "instance",
        "address": {
            "use": "work",
            "line": [place.street],
            "city": place.city,
            "state": place.region,
            "postalCode": place.postal_code,
            "country": "US",
        },
    }
    if place.phone:
        resource["telecom"] = [{"system": "phone", "value": place.phone}]
    return _validated(resource)


# --- questionnaires and scores --------------------------------------------------------


class Questionnaires:
    """Confide's Questionnaires, rendered once per instrument for a whole export."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self._options: dict[str, dict[str, list[dict[str, Any]]]] = {}

    def url(self, instrument: Instrument) -> str:
        return f"{self.base_url}/fhir/Questionnaire/{instrument.code}"

    def answer_codings(self, instrument: Instrument) -> dict[str, list[dict[str, Any]]]:
        """linkId -> the valueCoding of each option, top to bottom, as the Questionnaire has."""
        if instrument.code not in self._options:
            rendered = questionnaire(instrument, self.base_url)
            self._options[instrument.code] = {
                item["linkId"]: [option["valueCoding"] for option in item["answerOption"]]
                for item in rendered["item"]
            }
        return self._options[instrument.code]


def _subject(assessment: Any) -> dict[str, str]:
    return {"reference": f"Patient/{assessment.client_id}"}


def questionnaire_response(
    assessment: Any, instrument: Instrument, questionnaires: Questionnaires
) -> dict[str, Any]:
    codings = questionnaires.answer_codings(instrument)
    chosen = dict(zip((i.key for i in instrument.items), assessment.responses, strict=False))
    chosen.update(assessment.extras or {})
    items = []
    for item in instrument.all_items:
        entry: dict[str, Any] = {"linkId": item.key, "text": item.text or f"Item {item.number}"}
        position = chosen.get(item.key)
        if position is not None:
            entry["answer"] = [{"valueCoding": codings[item.key][position]}]
        items.append(entry)
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": str(assessment.pk),
        "questionnaire": questionnaires.url(instrument),
        "status": "completed",
        "subject": _subject(assessment),
        "authored": instant(assessment.taken_at),
        "item": items,
    }
    return _validated(resource)


def _total_code(instrument: Instrument, base_url: str) -> dict[str, Any]:
    own = {
        "system": confide_system(base_url, "scores"),
        "code": f"{instrument.code}-total",
        "display": f"{instrument.short_name} total score",
    }
    if instrument.loinc_total and instrument.loinc_total not in UNVERIFIED_LOINC:
        return {
            "coding": [{"system": LOINC, "code": instrument.loinc_total}],
            "text": own["display"],
        }
    if instrument.loinc_total:
        # Both: the Confide code is the one to trust; the LOINC code is offered, not chosen.
        return {
            "coding": [
                own,
                {"system": LOINC, "code": instrument.loinc_total, "userSelected": False},
            ],
            "text": own["display"],
        }
    return {"coding": [own], "text": own["display"]}


def _item_observation_id(assessment: Any, number: int) -> str:
    return f"{assessment.pk}-{number}"


def observations(
    assessment: Any, instrument: Instrument, questionnaires: Questionnaires
) -> list[dict[str, Any]]:
    """The total score Observation, then one per answered item that has a LOINC code."""
    base_url = questionnaires.base_url
    category = [
        {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
    ]
    common = {
        "status": "final",
        "category": category,
        "subject": _subject(assessment),
        "effectiveDateTime": instant(assessment.taken_at),
        "derivedFrom": [{"reference": f"QuestionnaireResponse/{assessment.pk}"}],
    }
    members: list[dict[str, Any]] = []
    chosen = dict(zip((i.key for i in instrument.items), assessment.responses, strict=False))
    chosen.update(assessment.extras or {})
    for item in instrument.all_items:
        position = chosen.get(item.key)
        if not item.loinc or position is None:
            continue
        option = item.options[position]
        value: dict[str, Any]
        if option.code:
            coding = {"system": LOINC, "code": option.code}
            if option.label:
                coding["display"] = option.label
            value = {"valueCodeableConcept": {"coding": [coding]}}
        else:
            value = {"valueInteger": option.value}
        members.append(
            _validated(
                {
                    "resourceType": "Observation",
                    "id": _item_observation_id(assessment, item.number),
                    **common,
                    "code": {"coding": [{"system": LOINC, "code": item.loinc}]},
                    **value,
                }
            )
        )
    total: dict[str, Any] = {
        "resourceType": "Observation",
        "id": str(assessment.pk),
        **common,
        "code": _total_code(instrument, base_url),
    }
    if assessment.total is None:
        total["dataAbsentReason"] = {
            "coding": [{"system": DATA_ABSENT, "code": "not-performed"}],
            "text": "Too many questions were left unanswered to score.",
        }
    else:
        total["valueQuantity"] = {
            "value": assessment.total,
            "unit": "{score}",
            "system": UCUM,
            "code": "{score}",
        }
        total["referenceRange"] = [
            {
                "low": {"value": instrument.min_total},
                "high": {"value": instrument.max_total},
                "text": f"{instrument.min_total}-{instrument.max_total}",
            }
        ]
    if assessment.severity:
        label = instrument.band_by_slug(assessment.severity).label
        total["interpretation"] = [
            {
                "coding": [
                    {
                        "system": confide_system(base_url, f"{instrument.code}-severity"),
                        "code": assessment.severity,
                        "display": label,
                    }
                ],
                "text": label,
            }
        ]
    notes = []
    if assessment.prorated:
        notes.append({"text": "Prorated: one or more items were missing."})
    if instrument.loinc_total in UNVERIFIED_LOINC:
        notes.append({"text": f"LOINC {instrument.loinc_total} is not verified on loinc.org."})
    if "risk" in (assessment.flags or []):
        notes.append({"text": "A safety item was answered positively."})
    if "risk_unanswered" in (assessment.flags or []):
        notes.append({"text": "Safety question not answered: this is not read as 'no risk'."})
    if notes:
        total["note"] = notes
    if members:
        total["hasMember"] = [{"reference": f"Observation/{m['id']}"} for m in members]
    return [_validated(total), *members]


# --- the bundle -----------------------------------------------------------------------


def full_url(resource: Mapping[str, Any], base_url: str) -> str:
    return f"{base_url.rstrip('/')}/fhir/{resource['resourceType']}/{resource['id']}"


def bundle(resources: Iterable[Mapping[str, Any]], base_url: str, at: datetime) -> dict[str, Any]:
    entries = [{"fullUrl": full_url(r, base_url), "resource": dict(r)} for r in resources]
    return _validated(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "timestamp": instant(at),
            "entry": entries,
        }
    )
