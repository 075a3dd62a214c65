"""Appointments, open risk alerts, the IPT plan and session notes as FHIR resources.

Mappers are pure (attribute reads only); `client_extras` reads what `prefetches()` loaded, so
an export of many clients costs the same number of queries as an export of a few.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch

from confide.interop.mapping import _validated, instant
from confide.ipt import course
from confide.ipt.modalities import LABELS as MODALITY_LABELS
from confide.ipt.models import Formulation, Note
from confide.ipt.problem_areas import AREAS
from confide.outcomes.models import RiskAlert
from confide.scheduling.models import Appointment

APPOINTMENT_STATUS = {
    "booked": "booked",
    "attended": "fulfilled",
    "cancelled": "cancelled",
    "no_show": "noshow",
}


def _fhir_id(*parts: object) -> str:
    # FHIR ids allow letters, digits, '-' and '.': slugs with '_' are rewritten.
    return "-".join(str(p) for p in parts).replace("_", "-")[:64]


def room(place: Any) -> dict[str, Any]:
    return _validated(
        {
            "resourceType": "Location",
            "id": str(place.pk),
            "status": "active",
            "name": f"{place.location.name}, {place.name}",
            "mode": "instance",
            "physicalType": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/location-physical-type",
                        "code": "ro",
                        "display": "Room",
                    }
                ]
            },
            "partOf": {"reference": f"Location/{place.location_id}"},
        }
    )


def appointment(item: Any) -> dict[str, Any]:
    participants: list[dict[str, Any]] = [
        {"actor": {"reference": f"Patient/{item.client_id}"}, "status": "accepted"},
        {"actor": {"reference": f"Practitioner/{item.clinician_id}"}, "status": "accepted"},
    ]
    place = item.room_id or item.location_id
    if place:
        participants.append({"actor": {"reference": f"Location/{place}"}, "status": "accepted"})
    kind = item.get_kind_display()
    description = f"{kind}, {item.get_format_display().lower()}"
    if item.session_number:
        description = f"{kind} {item.session_number}, {item.get_format_display().lower()}"
    resource: dict[str, Any] = {
        "resourceType": "Appointment",
        "id": str(item.pk),
        "status": APPOINTMENT_STATUS[item.status],
        "appointmentType": {"text": kind},
        "serviceType": [{"text": item.get_format_display()}],
        "description": description,
        "start": instant(item.start),
        "end": instant(item.end),
        "minutesDuration": item.minutes,
        "created": instant(item.created_at),
        "participant": participants,
    }
    if item.status == "cancelled" and item.cancel_reason:
        resource["cancelationReason"] = {"text": item.cancel_reason}
    return _validated(resource)


def flag(alert: Any) -> dict[str, Any]:
    """An open risk alert: a positive safety answer nobody has acknowledged yet."""
    resource: dict[str, Any] = {
        "resourceType": "Flag",
        "id": str(alert.pk),
        "status": "active" if alert.acknowledged_at is None else "inactive",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/flag-category",
                        "code": "safety",
                        "display": "Safety",
                    }
                ]
            }
        ],
        "code": {"text": "Risk alert: a safety question was answered positively"},
        "subject": {"reference": f"Patient/{alert.client_id}"},
        "period": {"start": instant(alert.created_at)},
    }
    if alert.clinician_id:
        resource["author"] = {"reference": f"Practitioner/{alert.clinician_id}"}
    return _validated(resource)


def conditions(formulation: Any) -> list[dict[str, Any]]:
    """Each IPT problem area of the formulation as a Condition the CarePlan addresses."""
    found = []
    for slug in formulation.areas:
        area = AREAS.get(slug)
        if area is None:
            continue
        found.append(
            _validated(
                {
                    "resourceType": "Condition",
                    "id": _fhir_id(formulation.pk, slug)[:64],
                    "clinicalStatus": {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/"
                                "condition-clinical",
                                "code": "active",
                            }
                        ]
                    },
                    "category": [
                        {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/"
                                    "condition-category",
                                    "code": "problem-list-item",
                                }
                            ]
                        }
                    ],
                    "code": {"text": f"IPT problem area: {area.label}"},
                    "subject": {"reference": f"Patient/{formulation.client_id}"},
                    "recordedDate": instant(formulation.created_at),
                }
            )
        )
    return found


def _phase_ranges(total: int) -> list[tuple[str, int, int]]:
    ranges: list[tuple[str, int, int]] = []
    for number in range(1, total + 1):
        phase = course.phase_for(number, total)
        if ranges and ranges[-1][0] == phase:
            ranges[-1] = (phase, ranges[-1][1], number)
        else:
            ranges.append((phase, number, number))
    return ranges


def care_plan(plan: Any, formulation: Any, addressed: list[dict[str, Any]]) -> dict[str, Any]:
    """The treatment plan: problem areas addressed, IPT phases and chosen adjuncts as activities."""
    activities: list[dict[str, Any]] = []
    if formulation is not None:
        for phase, first, last in _phase_ranges(formulation.sessions):
            sessions = f"session {first}" if first == last else f"sessions {first}-{last}"
            activities.append(
                {
                    "detail": {
                        "kind": "Appointment",
                        "code": {"text": f"IPT {course.PHASE_LABELS[phase].lower()} phase"},
                        "status": "scheduled",
                        "description": f"{course.PHASE_LABELS[phase]} phase: {sessions}",
                    }
                }
            )
    for adjunct in plan.adjuncts.all():
        if adjunct.decision == "declined":
            continue
        label = MODALITY_LABELS.get(adjunct.modality, adjunct.modality)
        activities.append(
            {"detail": {"code": {"text": label}, "status": "scheduled", "description": label}}
        )
    resource: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": str(plan.pk),
        "status": "active",
        "intent": "plan",
        "title": "Interpersonal psychotherapy treatment plan",
        "subject": {"reference": f"Patient/{plan.client_id}"},
        "created": instant(plan.created_at),
    }
    if formulation is not None:
        resource["description"] = (
            f"{course.COURSE_LABELS.get(formulation.course, formulation.course)}: "
            f"{formulation.sessions} sessions over {formulation.weeks} weeks."
        )
    if addressed:
        resource["addresses"] = [{"reference": f"Condition/{c['id']}"} for c in addressed]
    if activities:
        resource["activity"] = activities
    return _validated(resource)


def note(item: Any) -> dict[str, Any]:
    """A session note (with any addenda) as a DocumentReference carrying the text."""
    text = item.body
    phase = course.PHASE_LABELS.get(item.phase, item.phase)
    for addendum in item.addenda.all():
        text += f"\n\nAddendum ({addendum.created_at:%Y-%m-%d}): {addendum.body}"
    return _validated(
        {
            "resourceType": "DocumentReference",
            "id": str(item.pk),
            "status": "current",
            "docStatus": "final" if item.signed_at else "preliminary",
            "type": {"text": "IPT session note"},
            "subject": {"reference": f"Patient/{item.client_id}"},
            "date": instant(item.created_at),
            "description": f"Session {item.session} ({phase} phase)",
            "content": [
                {
                    "attachment": {
                        "contentType": "text/plain; charset=utf-8",
                        "data": base64.b64encode(text.encode()).decode(),
                        "title": f"Session {item.session} note, {item.held_on.isoformat()}",
                    }
                }
            ],
        }
    )


def prefetches() -> list[Any]:
    """What `client_extras` reads, for Client querysets."""
    return [
        Prefetch(
            "appointments",
            queryset=Appointment.objects.select_related("room__location").order_by("start"),
            to_attr="exported_appointments",
        ),
        Prefetch("risk_alerts", queryset=RiskAlert.objects.open(), to_attr="exported_alerts"),
        Prefetch(
            "ipt_formulations",
            queryset=Formulation.objects.order_by("-version"),
            to_attr="exported_formulations",
        ),
        "ipt_plan__adjuncts",
    ]


def client_extras(
    client: Any, user: Any, *, include_notes: bool = False, with_rooms: bool = True
) -> Iterator[dict[str, Any]]:
    """Appointments (and their rooms), open alerts as Flags, the CarePlan and, if asked, notes.

    The caller has already checked that `user` may read this client's clinical record.
    """
    rooms = {}
    for item in client.exported_appointments:
        yield appointment(item)
        if item.room_id and with_rooms:
            rooms[item.room_id] = item.room
    for place in rooms.values():
        yield room(place)
    for alert in client.exported_alerts:
        yield flag(alert)
    formulation = client.exported_formulations[0] if client.exported_formulations else None
    addressed = conditions(formulation) if formulation is not None else []
    yield from addressed
    try:
        plan = client.ipt_plan
    except ObjectDoesNotExist:  # no plan yet
        plan = None
    if plan is not None:
        yield care_plan(plan, formulation, addressed)
    if include_notes:
        for item in (
            Note.objects.filter(client=client)
            .prefetch_related("addenda")
            .order_by("held_on", "session")
        ):
            yield note(item)
