"""Every persona tries every client route of the API: status, and no one else's data."""

import json

import pytest

from confide.audit.models import AuditEvent
from tests.factories import build_world, call, token_for

pytestmark = pytest.mark.django_db

DAVE_MARKERS = ("Thistlewood", "davidson@example.com", "555-0202")


@pytest.fixture
def world(db):
    return build_world()


def routes(world, who):
    target = getattr(world, who)
    return [
        ("get", f"/api/v1/clients/{target.pk}", None),
        ("patch", f"/api/v1/clients/{target.pk}", {"phone": "(212) 555-7777"}),
        ("get", f"/api/v1/clients/{target.pk}/assessments", None),
        (
            "post",
            f"/api/v1/clients/{target.pk}/assessments",
            {"instrument": "gad7", "responses": [0] * 7},
        ),
    ]


def test_without_a_token_every_client_route_is_401(client, world):
    for method, url, body in routes(world, "dave"):
        assert call(client, "nope", method, url, body).status_code == 401


def test_a_clinician_gets_404_for_another_clinicians_client_on_every_route(client, world):
    token = token_for(client, world.alice)
    for method, url, body in routes(world, "dave"):
        response = call(client, token, method, url, body)
        assert response.status_code == 404, (method, url)
        for marker in DAVE_MARKERS:
            assert marker not in response.content.decode()
    world.dave.refresh_from_db()
    assert world.dave.phone == "(212) 555-0202"


def test_a_clinician_uses_every_route_for_her_own_client(client, world):
    token = token_for(client, world.alice)
    statuses = [call(client, token, m, u, b).status_code for m, u, b in routes(world, "carol")]
    assert statuses == [200, 200, 200, 201]


def test_the_client_list_holds_only_your_own_clients(client, world):
    token = token_for(client, world.alice)
    body = call(client, token, "get", "/api/v1/clients").json()
    assert [c["last_name"] for c in body["items"]] == ["Quillfeather"]
    assert "Thistlewood" not in json.dumps(body)


def test_intake_sees_contact_details_but_not_scores(client, world):
    token = token_for(client, world.intake)
    assert call(client, token, "get", f"/api/v1/clients/{world.dave.pk}").status_code == 200
    scores = call(client, token, "get", f"/api/v1/clients/{world.dave.pk}/assessments")
    assert scores.status_code == 403
    assert "total" not in scores.content.decode()


@pytest.mark.parametrize("persona", ["carol", "outsider"])
def test_clients_and_outsiders_cannot_use_staff_routes(client, world, persona):
    user = world.people()[persona]
    token = token_for(client, user)
    listing = call(client, token, "get", "/api/v1/clients")
    assert listing.status_code == 403
    for method, url, body in routes(world, "dave"):
        response = call(client, token, method, url, body)
        assert response.status_code in (403, 404)
        for marker in DAVE_MARKERS:
            assert marker not in response.content.decode()


def test_recording_an_assessment_scores_it_once_and_audits_it(client, world):
    token = token_for(client, world.alice)
    url = f"/api/v1/clients/{world.carol.pk}/assessments"
    response = call(client, token, "post", url, {"instrument": "phq9", "responses": [0] * 8 + [2]})
    body = response.json()
    assert response.status_code == 201
    assert (body["total"], body["severity"], body["flags"][0]) == (2, "minimal", "risk")
    assert AuditEvent.objects.filter(action="create", object_type="assessment").exists()


def test_bad_input_names_the_field(client, world):
    token = token_for(client, world.alice)
    url = f"/api/v1/clients/{world.carol.pk}/assessments"
    bad = call(client, token, "post", url, {"instrument": "phq9", "responses": [0] * 8 + [7]})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "responses[8]"
    unknown = call(client, token, "post", url, {"instrument": "xyz", "responses": [0]})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "instrument"
    admin = token_for(client, world.admin)
    missing = call(client, admin, "post", "/api/v1/clients", {"first_name": "Ann"})
    assert missing.status_code == 422
    fields = {e["field"] for e in missing.json()["errors"]}
    assert {"last_name", "date_of_birth"} <= fields


def test_intake_adds_a_client_and_assigns_a_clinician(client, world):
    token = token_for(client, world.intake)
    body = {
        "first_name": "Eve",
        "last_name": "Nightingale",
        "date_of_birth": "1992-01-02",
        "phone": "(203) 555-4444",
        "clinicians": [str(world.alice_clinician.pk)],
    }
    response = call(client, token, "post", "/api/v1/clients", body)
    assert response.status_code == 201
    assert response.json()["clinicians"] == [str(world.alice_clinician.pk)]
    alice = token_for(client, world.alice)
    names = [c["last_name"] for c in call(client, alice, "get", "/api/v1/clients").json()["items"]]
    assert "Nightingale" in names


def test_a_minor_needs_a_guardian(client, world):
    token = token_for(client, world.intake)
    body = {"first_name": "Tia", "last_name": "Young", "date_of_birth": "2014-05-06"}
    response = call(client, token, "post", "/api/v1/clients", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "guardian_name"
