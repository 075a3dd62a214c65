"""The FHIR API: the per-client Bundle and the import, for every persona."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from fhir.resources.R4B import get_fhir_model_class

from confide.assessments.models import Assessment, Source
from confide.audit.models import AuditEvent
from confide.practice.models import BreakGlass
from tests.factories import build_world, call, fixture, lhc_response, mii_response, post, token_for

pytestmark = pytest.mark.django_db

DAVE_MARKERS = ("Thistlewood", "davidson@example.com", "555-0202")


@pytest.fixture
def world(db):
    return build_world()


def bundle_of(client, world, who, target="carol", query=""):
    token = token_for(client, getattr(world, who))
    return call(client, token, "get", f"/api/v1/clients/{getattr(world, target).pk}/fhir{query}")


def test_a_clinician_gets_a_valid_bundle_of_their_client(client, world):
    response = bundle_of(client, world, "alice")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/fhir+json")
    body = response.json()
    get_fhir_model_class("Bundle").model_validate(body)
    types = [e["resource"]["resourceType"] for e in body["entry"]]
    for kind in ("Patient", "Practitioner", "PractitionerRole", "QuestionnaireResponse"):
        assert kind in types
    patient = next(
        e["resource"] for e in body["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    assert patient["id"] == str(world.carol.pk)
    assert patient["name"][0]["family"] == "Quillfeather"
    assert not any(marker in response.content.decode() for marker in DAVE_MARKERS)
    qr = next(
        e["resource"]
        for e in body["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    )
    assert qr["questionnaire"] == "https://confide.example/fhir/Questionnaire/phq9"
    total = next(
        e["resource"]
        for e in body["entry"]
        if e["resource"]["resourceType"] == "Observation" and "hasMember" in e["resource"]
    )
    assert total["code"]["coding"][0] == {"system": "http://loinc.org", "code": "44261-6"}
    assert total["valueQuantity"]["value"] == 9
    assert total["interpretation"][0]["text"] == "Mild"
    assert len(total["hasMember"]) == 9  # the nine answered items (difficulty unanswered)
    event = AuditEvent.objects.filter(action="export", client_id=world.carol.pk).get()
    assert event.actor == world.alice and event.via == "api"


def test_another_clinician_and_outsiders_get_404_with_nothing_of_carol(client, world):
    for who in ("bob",):
        response = bundle_of(client, world, who)
        assert response.status_code == 404
        assert "Quillfeather" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_intake_and_an_admin_without_break_glass_get_403(client, world):
    for who in ("intake", "admin"):
        response = bundle_of(client, world, who)
        assert response.status_code == 403, who
        assert "Quillfeather" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_an_admin_with_break_glass_may_export(client, world):
    BreakGlass.objects.create(
        user=world.admin,
        client=world.carol,
        reason="Records request from the hospital",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    assert bundle_of(client, world, "admin").status_code == 200


def test_the_client_themself_and_people_without_a_role_cannot_export(client, world):
    assert bundle_of(client, world, "carol_user").status_code == 403
    assert bundle_of(client, world, "outsider").status_code == 403


def test_an_unknown_include_is_a_422(client, world):
    response = bundle_of(client, world, "alice", query="?include=secrets")
    assert response.status_code == 422
    assert "secrets" in response.json()["detail"]


def test_bundle_queries_do_not_grow_with_assessments(client, world):
    from confide.assessments.actions import record_assessment
    from confide.instruments import get

    token = token_for(client, world.alice)
    url = f"/api/v1/clients/{world.carol.pk}/fhir"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert call(client, token, "get", url).status_code == 200  # warm: first-use lookups
    with CaptureQueriesContext(connection) as few:
        assert call(client, token, "get", url).status_code == 200
    for _ in range(6):
        record_assessment(get("gad7"), [2] * 7, source=Source.CLINICIAN, client=world.carol)
        record_assessment(get("phq9"), [1] * 9, source=Source.CLINICIAN, client=world.carol)
    with CaptureQueriesContext(connection) as many:
        assert call(client, token, "get", url).status_code == 200
    assert len(many) == len(few)


# --- import ----------------------------------------------------------------------------


def test_the_mii_example_imports_as_a_phq9_of_27(client, world):
    token = token_for(client, world.alice)
    response = post(client, token, mii_response(f"Patient/{world.carol.pk}"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["instrument"], body["total"], body["severity"]) == ("phq9", 27, "severe")
    # The MII's own Observation of the same response says 27 too.
    assert (
        fixture("mii-Observation-mii-exa-pro-phq-9-observation.json")["valueQuantity"]["value"]
        == 27
    )
    stored = Assessment.objects.get(pk=body["id"])
    assert stored.client == world.carol and stored.source == Source.FHIR_IMPORT
    assert stored.risk and stored.recorded_by == world.alice
    assert stored.taken_at.isoformat().startswith("2023-10-01T12:00:00")
    assert AuditEvent.objects.filter(action="create", object_id=str(stored.pk)).exists()


def test_an_lhc_forms_phq9_imports_with_its_total(client, world):
    token = token_for(client, world.alice)
    body = lhc_response(f"Patient/{world.carol.pk}", [0, 1, 2, 3, 0, 1, 2, 3, 0], system=False)
    response = post(client, token, body)
    assert response.status_code == 201, response.content
    assert response.json()["total"] == 12


def test_importing_for_someone_elses_client_is_404_and_stores_nothing(client, world):
    before = Assessment.objects.count()
    token = token_for(client, world.alice)
    response = post(client, token, mii_response(f"Patient/{world.dave.pk}"))
    assert response.status_code == 404
    assert not any(m in response.content.decode() for m in DAVE_MARKERS)
    response = post(client, token, mii_response("Patient/example"))
    assert response.status_code == 404
    assert Assessment.objects.count() == before


def test_intake_cannot_import(client, world):
    token = token_for(client, world.intake)
    assert post(client, token, mii_response(f"Patient/{world.carol.pk}")).status_code == 403


def test_an_unknown_code_is_a_422_naming_it_and_nothing_is_stored(client, world):
    before = Assessment.objects.count()
    data = mii_response(f"Patient/{world.carol.pk}")
    data["item"][3]["answer"][0]["valueCoding"]["code"] = "LA0000-0"
    response = post(client, token_for(client, world.alice), data)
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "item[3].answer[0]"
    assert "LA0000-0" in body["errors"][0]["message"]
    assert Assessment.objects.count() == before


def test_malformed_json_is_a_400(client, world):
    response = client.post(
        "/api/v1/fhir/QuestionnaireResponse",
        data="{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(client, world.alice)}",
    )
    assert response.status_code == 400


def test_an_export_reimported_yields_the_same_scores(client, world):
    from confide.assessments.actions import record_assessment
    from confide.instruments import get

    record_assessment(
        get("gad7"), [3, 2, 1, 0, 1, 2, 3], source=Source.CLINICIAN, client=world.carol
    )
    record_assessment(get("who5"), [5, 4, 3, 2, 1], source=Source.CLINICIAN, client=world.carol)
    record_assessment(
        get("phq9"),
        [0, 1, None, 2, 3, 0, 1, 2, 0],
        extras={"difficulty": 1},
        source=Source.CLINICIAN,
        client=world.carol,
    )
    token = token_for(client, world.alice)
    bundle = call(client, token, "get", f"/api/v1/clients/{world.carol.pk}/fhir").json()
    originals = {str(a.pk): a for a in world.carol.assessments.all()}
    responses = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    assert len(responses) == len(originals) == 4
    for qr in responses:
        # Sent back as it is, it is the same response: the record it came from.
        reply = post(client, token, qr)
        assert (reply.status_code, reply.json()["id"]) == (200, qr["id"]), reply.content
        # Without its id it is a new response, scored the same.
        original = originals[qr.pop("id")]
        reply = post(client, token, qr)
        assert reply.status_code == 201, reply.content
        again = Assessment.objects.get(pk=reply.json()["id"])
        assert (again.instrument, again.total, again.severity, again.flags, again.prorated) == (
            original.instrument,
            original.total,
            original.severity,
            original.flags,
            original.prorated,
        )
        assert again.responses == original.responses and again.extras == original.extras
