"""GET|POST /api/v1/clinicians, GET|PATCH /api/v1/clinicians/{id}."""

import pytest

from tests.factories import build_world, call, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def test_staff_list_clinicians_with_their_profiles(client, world):
    token = token_for(client, world.intake)
    body = call(client, token, "get", "/api/v1/clinicians").json()
    assert {c["last_name"] for c in body} == {"Ames", "Burns"}
    assert set(body[0]) >= {"id", "populations", "modalities", "formats", "accepting_new_clients"}


def test_only_the_admin_adds_a_clinician_and_unknown_tags_are_named(client, world):
    new = {"first_name": "Zed", "last_name": "Zimmer", "modalities": ["ipt", "cbt"]}
    alice = token_for(client, world.alice)
    assert call(client, alice, "post", "/api/v1/clinicians", new).status_code == 403
    admin = token_for(client, world.admin)
    created = call(client, admin, "post", "/api/v1/clinicians", new)
    assert created.status_code == 201
    assert created.json()["modalities"] == ["ipt", "cbt"]
    bad = call(client, admin, "post", "/api/v1/clinicians", {**new, "languages": ["klingon"]})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "languages"
    assert "klingon" in bad.json()["errors"][0]["message"]


def test_a_clinician_edits_her_own_profile_but_not_anothers(client, world):
    alice = token_for(client, world.alice)
    own = call(
        client, alice, "patch", f"/api/v1/clinicians/{world.alice_clinician.pk}", {"bio": "Hi"}
    )
    assert own.status_code == 200 and own.json()["bio"] == "Hi"
    other = call(
        client, alice, "patch", f"/api/v1/clinicians/{world.bob_clinician.pk}", {"bio": "x"}
    )
    assert other.status_code == 403
    limit = call(
        client,
        alice,
        "patch",
        f"/api/v1/clinicians/{world.alice_clinician.pk}",
        {"caseload_limit": 99},
    )
    assert limit.status_code == 403


def test_clients_cannot_list_clinicians_through_the_staff_api(client, world):
    token = token_for(client, world.carol_user)
    assert call(client, token, "get", "/api/v1/clinicians").status_code == 403
