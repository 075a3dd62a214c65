"""GET|PUT /clients/{id}/formulation and GET /clients/{id}/plan/suggestions."""

import pytest

from confide.audit.models import AuditEvent
from confide.ipt.models import Formulation
from tests.factories import call, token_for

pytestmark = pytest.mark.django_db

BODY = {
    "areas": ["grief", "role_dispute"],
    "dispute_stage": "impasse",
    "text": "Carol's depression began soon after her father's death.",
    "focus": "Mourning her father; renegotiating with Marco.",
    "sessions": 14,
    "weeks": 16,
}


def test_a_clinician_reads_suggested_areas_with_evidence(client, world, carol_inventory):
    token = token_for(client, world.alice)
    r = call(client, token, "get", f"/api/v1/clients/{world.carol.pk}/formulation")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["current"] is None
    areas = {s["area"]: s for s in body["suggested_areas"]}
    assert set(areas) == {"grief", "role_dispute"}
    assert "Father died" in areas["grief"]["evidence"][0]
    assert "Marco" in areas["role_dispute"]["evidence"][0]


def test_put_then_accept_locks_and_a_change_is_a_new_version(client, world, carol_inventory):
    token = token_for(client, world.alice)
    url = f"/api/v1/clients/{world.carol.pk}/formulation"
    r = call(client, token, "put", url, BODY)
    assert r.status_code == 200, r.content
    assert r.json()["current"]["version"] == 1 and not r.json()["current"]["locked"]
    r = call(
        client, token, "put", url, {**BODY, "focus": "Edited draft", "accepted_on": "2026-03-20"}
    )
    current = r.json()["current"]
    assert (current["version"], current["locked"], current["accepted_by"]) == (1, True, "alice")
    r = call(client, token, "put", url, {**BODY, "sessions": 16, "weeks": 18})
    body = r.json()
    assert body["current"]["version"] == 2 and body["current"]["created_by"] == "alice"
    assert [v["version"] for v in body["versions"]] == [2, 1]
    first = Formulation.objects.get(client=world.carol, version=1)
    assert first.focus == "Edited draft" and first.sessions == 14


def test_bad_formulation_input_names_the_fields(client, world):
    token = token_for(client, world.alice)
    url = f"/api/v1/clients/{world.carol.pk}/formulation"
    r = call(
        client, token, "put", url, {**BODY, "areas": ["single_parent_family"], "dispute_stage": ""}
    )
    assert r.status_code == 422
    assert "adolescents" in r.json()["errors"][0]["message"]
    r = call(client, token, "put", url, {**BODY, "dispute_stage": ""})
    assert [e["field"] for e in r.json()["errors"]] == ["dispute_stage"]
    r = call(client, token, "put", url, {**BODY, "weeks": 3})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "weeks"
    r = call(client, token, "put", url, {**BODY, "sessions": 17})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "sessions"
    assert not Formulation.objects.exists()


def test_suggestions_reflect_this_clients_scores(client, world, carol_inventory):
    token = token_for(client, world.alice)
    r = call(client, token, "get", f"/api/v1/clients/{world.carol.pk}/plan/suggestions")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["scores"]["pcl5"] == 40 and body["pcl5_cutoff"] == 33
    codes = [s["code"] for s in body["suggestions"]]
    assert codes == ["trauma_focused", "ipt_alone"]  # Carol is an adult
    assert "PCL-5 40" in body["suggestions"][0]["rationale"][0]
    assert len(body["rules"]) == 9


@pytest.mark.parametrize("who,status", [("bob", 404), ("intake", 403), ("admin", 403)])
def test_the_wrong_persona_gets_nothing(client, world, carol_inventory, who, status):
    token = token_for(client, getattr(world, who))
    for method, path, body in (
        ("get", "formulation", None),
        ("put", "formulation", BODY),
        ("get", "plan/suggestions", None),
    ):
        r = call(client, token, method, f"/api/v1/clients/{world.carol.pk}/{path}", body)
        assert r.status_code == status, (method, path)
        assert b"Marco" not in r.content and b"Father" not in r.content
    assert not Formulation.objects.exists()


def test_carol_herself_cannot_use_the_staff_api(client, world, carol_inventory):
    token = token_for(client, world.carol_user)
    r = call(client, token, "get", f"/api/v1/clients/{world.carol.pk}/formulation")
    assert r.status_code in (403, 404)
    assert b"Marco" not in r.content


def test_reads_are_audited(client, world, carol_inventory):
    token = token_for(client, world.alice)
    call(client, token, "put", f"/api/v1/clients/{world.carol.pk}/formulation", BODY)
    before = AuditEvent.objects.filter(object_type="formulation", action="read").count()
    call(client, token, "get", f"/api/v1/clients/{world.carol.pk}/formulation")
    assert AuditEvent.objects.filter(object_type="formulation", action="read").count() == before + 1
