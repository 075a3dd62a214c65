"""Appointments, open risk alerts, the IPT plan and notes in the Bundle and the bulk export."""

from __future__ import annotations

import base64
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from fhir.resources.R4B import get_fhir_model_class

from confide.assessments.actions import record_assessment
from confide.assessments.models import Source
from confide.instruments import get
from confide.ipt.models import Adjunct, Formulation, Note, Plan
from confide.outcomes.models import RiskAlert
from confide.practice.models import Location
from confide.scheduling.models import Appointment
from tests.factories import build_world, call, token_for

pytestmark = pytest.mark.django_db

NOTE_TEXT = "Discussed the dispute with her sister; role-play planned."


@pytest.fixture
def record(db, places):
    world = build_world()
    place = Location.objects.first()
    room = place.rooms.first()
    start = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    Appointment.objects.create(
        clinician=world.alice_clinician,
        client=world.carol,
        start=start,
        end=start + timedelta(minutes=50),
        format="in_person",
        location=place,
        room=room,
        session_number=4,
    )
    Appointment.objects.create(
        clinician=world.alice_clinician,
        client=world.carol,
        start=start + timedelta(days=7),
        end=start + timedelta(days=7, minutes=50),
        format="virtual",
        status="cancelled",
        cancel_reason="Client unwell",
    )
    risky = record_assessment(
        get("phq9"), [2] * 8 + [1], source=Source.CLINICIAN, client=world.carol
    )
    RiskAlert.objects.get_or_create(
        assessment=risky, defaults={"client": world.carol, "clinician": world.alice_clinician}
    )
    settled = record_assessment(
        get("phq9"), [1] * 8 + [1], source=Source.CLINICIAN, client=world.carol
    )
    RiskAlert.objects.update_or_create(
        assessment=settled,
        defaults={
            "client": world.carol,
            "acknowledged_at": timezone.now(),
            "action_taken": "Safety plan",
        },
    )
    Formulation.objects.create(
        client=world.carol,
        areas=["role_dispute", "role_transition"],
        text="Formulation text",
        focus="Focus text",
        sessions=16,
        weeks=16,
        course="standard",
    )
    plan = Plan.objects.create(client=world.carol)
    Adjunct.objects.create(plan=plan, modality="mbct", decision="accepted", reason="Rumination")
    Adjunct.objects.create(plan=plan, modality="dbt", decision="declined", reason="Not indicated")
    Note.objects.create(
        client=world.carol,
        session=4,
        phase="middle",
        held_on=date(2026, 3, 2),
        body=NOTE_TEXT,
        author=world.alice,
    )
    return world


def resources(body, kind):
    return [e["resource"] for e in body["entry"] if e["resource"]["resourceType"] == kind]


def test_the_bundle_holds_appointments_the_open_alert_and_the_care_plan(client, record):
    token = token_for(client, record.alice)
    response = call(client, token, "get", f"/api/v1/clients/{record.carol.pk}/fhir")
    assert response.status_code == 200, response.content
    body = response.json()
    get_fhir_model_class("Bundle").model_validate(body)
    appointments = {a["status"]: a for a in resources(body, "Appointment")}
    assert set(appointments) == {"booked", "cancelled"}
    booked = appointments["booked"]
    assert booked["start"].startswith("2026-03-02T15:00:00")  # 10:00 New York, in UTC
    actors = {p["actor"]["reference"].split("/")[0] for p in booked["participant"]}
    assert actors == {"Patient", "Practitioner", "Location"}
    assert appointments["cancelled"]["cancelationReason"]["text"] == "Client unwell"
    # The room is a Location inside its building, and both are in the Bundle.
    room_ref = next(
        p["actor"]["reference"]
        for p in booked["participant"]
        if p["actor"]["reference"].startswith("Location/")
    )
    locations = {f"Location/{loc['id']}": loc for loc in resources(body, "Location")}
    assert room_ref in locations and locations[room_ref]["partOf"]["reference"] in locations
    flags = resources(body, "Flag")
    open_ids = {str(a.pk) for a in RiskAlert.objects.open().filter(client=record.carol)}
    assert open_ids and {f["id"] for f in flags} == open_ids  # the acknowledged alert is not
    assert {f["status"] for f in flags} == {"active"}
    plan = resources(body, "CarePlan")[0]
    conditions = {f"Condition/{c['id']}": c for c in resources(body, "Condition")}
    assert [a["reference"] for a in plan["addresses"]] == list(conditions)
    assert len(conditions) == 2
    assert "IPT problem area: Interpersonal role dispute" in {
        c["code"]["text"] for c in conditions.values()
    }
    activities = [a["detail"]["description"] for a in plan["activity"]]
    assert activities[:3] == [
        "Initial phase: sessions 1-3",
        "Middle phase: sessions 4-13",
        "Termination phase: sessions 14-16",
    ]
    assert "Mindfulness-Based Cognitive Therapy (MBCT)" in activities
    assert not any("DBT" in a for a in activities)  # declined
    # Notes only when asked for; free text of the formulation never.
    assert NOTE_TEXT not in response.content.decode()
    assert "Formulation text" not in response.content.decode()
    assert not resources(body, "DocumentReference")


def test_notes_come_only_when_asked_for(client, record):
    token = token_for(client, record.alice)
    body = call(
        client, token, "get", f"/api/v1/clients/{record.carol.pk}/fhir?include=notes"
    ).json()
    documents = resources(body, "DocumentReference")
    assert len(documents) == 1
    text = base64.b64decode(documents[0]["content"][0]["attachment"]["data"]).decode()
    assert text == NOTE_TEXT


def test_notes_are_never_given_to_an_admin_without_break_glass(client, record):
    token = token_for(client, record.admin)
    response = call(client, token, "get", f"/api/v1/clients/{record.carol.pk}/fhir?include=notes")
    assert response.status_code == 403
    assert NOTE_TEXT not in response.content.decode()


def test_the_bulk_export_holds_them_too_but_never_notes(client, record, settings, tmp_path):
    settings.CONFIDE_EXPORT_DIR = tmp_path
    token = token_for(client, record.admin)
    status_url = call(client, token, "get", "/api/v1/fhir/$export")["Content-Location"]
    manifest = call(client, token, "get", status_url).json()
    counts = {o["type"]: o["count"] for o in manifest["output"]}
    assert (
        counts["Appointment"] == 2
        and counts["Flag"] == RiskAlert.objects.open().count()
        and counts["CarePlan"] == 1
    )
    assert counts["Condition"] == 2 and "DocumentReference" not in counts
