"""Risk alerts: created from every source, shown until acknowledged with what was done."""

import json

import pytest

from confide.assessments.actions import record_assessment
from confide.assessments.models import Source
from confide.audit.models import AuditEvent
from confide.instruments import get
from confide.outcomes.models import RiskAlert
from confide.practice.models import Client
from tests.factories import call, sign_in, token_for

pytestmark = pytest.mark.django_db

RISK_PHQ9 = [0, 0, 0, 0, 0, 0, 0, 0, 1]


@pytest.mark.parametrize("source", [s.value for s in Source if s != Source.PUBLIC_CHECK])
def test_a_positive_item_9_from_any_source_opens_an_alert_for_the_clinician(world, source):
    a = record_assessment(get("phq9"), RISK_PHQ9, source=source, client=world.carol)
    alert = RiskAlert.objects.get(assessment=a)
    assert alert.clinician == world.alice_clinician and alert.is_open
    event = AuditEvent.objects.get(object_type="riskalert", object_id=str(alert.pk))
    assert event.action == "create" and event.client_id == world.carol.pk
    assert "item" not in event.detail.lower()  # no clinical content in the audit row


def test_no_alert_without_risk_or_without_a_client(world):
    before = RiskAlert.objects.count()  # the personas' own PHQ-9s have item 9 at 1
    record_assessment(get("phq9"), [3] * 8 + [0], source=Source.CLINICIAN, client=world.carol)
    record_assessment(get("phq9"), RISK_PHQ9, source=Source.PUBLIC_CHECK)
    assert RiskAlert.objects.count() == before


def test_an_unassigned_client_s_alert_goes_to_intake(world):
    eve = Client.objects.create(first_name="Eve", last_name="Nobody", date_of_birth="1991-01-01")
    a = record_assessment(get("phq9"), RISK_PHQ9, source=Source.API, client=eve)
    assert a.risk_alert.clinician is None


def test_the_api_source_opens_an_alert(client, world):
    token = token_for(client, world.alice)
    url = f"/api/v1/clients/{world.carol.pk}/assessments"
    response = call(client, token, "post", url, {"instrument": "phq9", "responses": RISK_PHQ9})
    assert response.status_code == 201
    assert RiskAlert.objects.filter(client=world.carol, assessment__source="api").exists()


def test_the_clinician_entry_page_opens_an_alert(client, world):
    sign_in(client, world.alice)
    data = {f"phq9-item_{i}": "0" for i in range(1, 9)} | {"phq9-item_9": "2"}
    response = client.post(f"/staff/outcomes/clients/{world.carol.pk}/enter/phq9/", data)
    assert response.status_code == 302
    alert = RiskAlert.objects.filter(client=world.carol).latest("created_at")
    assert alert.assessment.source == "clinician" and alert.assessment.recorded_by == world.alice


def open_alert(world):
    a = record_assessment(get("phq9"), RISK_PHQ9, source=Source.PORTAL, client=world.carol)
    return a.risk_alert


def test_acknowledging_needs_what_was_done(client, world):
    alert = open_alert(world)
    sign_in(client, world.alice)
    url = f"/staff/outcomes/alerts/{alert.pk}/acknowledge/"
    response = client.post(url, {"action_taken": "  "})
    assert response.status_code == 422
    assert "Say what was done" in response.content.decode()
    alert.refresh_from_db()
    assert alert.is_open
    response = client.post(url, {"action_taken": "Called Carolina; safety plan reviewed."})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert not alert.is_open and alert.acknowledged_by == world.alice
    assert alert.action_taken == "Called Carolina; safety plan reviewed."
    event = AuditEvent.objects.filter(object_id=str(alert.pk), action="update").get()
    assert "safety plan" not in event.detail  # the words stay on the alert, not in the trail
    # A second acknowledgement changes nothing.
    response = client.post(url, {"action_taken": "Again, overwriting"})
    alert.refresh_from_db()
    assert alert.action_taken.startswith("Called")


def test_another_clinician_cannot_see_or_acknowledge_the_alert(client, world):
    alert = open_alert(world)
    sign_in(client, world.bob)
    page = client.get("/staff/outcomes/alerts/")
    assert "Quillfeather" not in page.content.decode()
    response = client.post(
        f"/staff/outcomes/alerts/{alert.pk}/acknowledge/", {"action_taken": "Not mine at all"}
    )
    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.is_open


def test_intake_handles_alerts_of_clients_without_a_clinician(client, world):
    eve = Client.objects.create(
        first_name="Evelyn", last_name="Unassigned", date_of_birth="1991-01-01"
    )
    alert = record_assessment(get("phq9"), RISK_PHQ9, source=Source.API, client=eve).risk_alert
    carol_alert = open_alert(world)
    sign_in(client, world.intake)
    page = client.get("/staff/outcomes/alerts/").content.decode()
    assert "Unassigned" in page and "Quillfeather" not in page
    response = client.post(
        f"/staff/outcomes/alerts/{carol_alert.pk}/acknowledge/", {"action_taken": "not mine"}
    )
    assert response.status_code == 404
    response = client.post(
        f"/staff/outcomes/alerts/{alert.pk}/acknowledge/", {"action_taken": "Phoned, booked"}
    )
    assert response.status_code == 302


def test_open_alerts_show_on_the_clients_page_and_in_the_api(client, world):
    alert = open_alert(world)
    sign_in(client, world.alice)
    page = client.get(f"/staff/clients/{world.carol.pk}/").content.decode()
    assert "Risk alert" in page and f"/staff/outcomes/alerts/{alert.pk}/acknowledge/" in page
    token = token_for(client, world.alice)
    body = call(client, token, "get", f"/api/v1/clients/{world.carol.pk}/outcomes").json()
    mine = [a for a in body["alerts"] if a["id"] == str(alert.pk)]
    assert mine and mine[0]["acknowledged_at"] is None
    assert json.dumps(body).count("Thistlewood") == 0
