"""The import door end to end: every real-world shape with its safety item positive, negative
and unanswered, and the same response sent twice."""

from __future__ import annotations

from datetime import date

import pytest

from confide.assessments.models import Assessment, Source
from confide.audit.models import AuditEvent
from confide.interop import dedupe
from confide.outcomes.models import RiskAlert
from confide.practice.models import Assignment, Client
from tests.factories import build_world, post, token_for
from tests.factories.fhir_shapes import DOORS, SAFETY_CASES

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize("door", sorted(DOORS))
@pytest.mark.parametrize("case", sorted(SAFETY_CASES))
def test_every_shape_stores_its_safety_answer_and_a_positive_one_opens_an_alert(
    client, world, door, case
):
    body = DOORS[door](f"Patient/{world.carol.pk}", SAFETY_CASES[case])
    response = post(client, token_for(client, world.alice), body)
    assert response.status_code == 201, response.content
    stored = Assessment.objects.get(pk=response.json()["id"])
    assert stored.responses == SAFETY_CASES[case]
    assert stored.risk == (case == "positive")
    assert stored.risk_unanswered == (case == "unanswered")
    assert ("risk" in response.json()["flags"]) == (case == "positive")
    assert ("risk_unanswered" in response.json()["flags"]) == (case == "unanswered")
    assert RiskAlert.objects.filter(assessment=stored).count() == (case == "positive")
    assert (stored in Assessment.objects.safety_unanswered()) == (case == "unanswered")


def imported(who):
    return Assessment.objects.filter(client=who, source=Source.FHIR_IMPORT)


def import_alerts(who):
    return RiskAlert.objects.filter(client=who, assessment__source=Source.FHIR_IMPORT)


def _with_identity(body, **identity):
    body = dict(body)
    body.update(identity)
    return body


POSITIVE = SAFETY_CASES["positive"]


def test_the_same_identifier_twice_stores_one_assessment_and_one_alert(client, world):
    token = token_for(client, world.alice)
    body = _with_identity(
        DOORS["us_core"](f"Patient/{world.carol.pk}", POSITIVE),
        identifier={"system": "urn:ietf:rfc:3986", "value": "urn:uuid:7f0c"},
    )
    body.pop("id")
    first = post(client, token, body)
    second = post(client, token, body)
    assert (first.status_code, second.status_code) == (201, 200), second.content
    assert first.json() == second.json()
    assert imported(world.carol).count() == 1
    assert import_alerts(world.carol).count() == 1
    # The second call read a health record: audited as a read, with no new create.
    stored = first.json()["id"]
    assert AuditEvent.objects.filter(action="create", object_id=stored).count() == 1
    assert AuditEvent.objects.filter(action="read", object_id=stored).count() == 1


def test_the_same_id_from_the_same_sender_twice_is_one_record(client, world):
    token = token_for(client, world.alice)
    body = DOORS["sdc"](f"Patient/{world.carol.pk}", POSITIVE)  # id, no identifier or source
    assert post(client, token, body).status_code == 201
    assert post(client, token, body).status_code == 200
    assert imported(world.carol).count() == 1
    assert import_alerts(world.carol).count() == 1


def test_the_same_id_from_two_sources_is_two_responses(client, world):
    token = token_for(client, world.alice)
    body = DOORS["us_core"](f"Patient/{world.carol.pk}", POSITIVE)
    body["meta"]["source"] = "https://ehr-one.example/fhir"
    assert post(client, token, body).status_code == 201
    body["meta"]["source"] = "https://ehr-two.example/fhir"
    assert post(client, token, body).status_code == 201
    assert imported(world.carol).count() == 2


def test_the_same_identifier_with_other_answers_is_a_409_and_stores_nothing(client, world):
    token = token_for(client, world.alice)
    identity = {"identifier": {"system": "urn:example:qr", "value": "42"}}
    subject = f"Patient/{world.carol.pk}"
    assert post(client, token, _with_identity(DOORS["loinc_form"](subject, POSITIVE), **identity))
    changed = _with_identity(DOORS["loinc_form"](subject, SAFETY_CASES["negative"]), **identity)
    response = post(client, token, changed)
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "identifier"
    assert "different answers" in response.json()["detail"]
    assert imported(world.carol).count() == 1


def test_an_identifier_is_scoped_to_its_client(client, world):
    # Eve is Alice's other client: the same identifier there is another client's response,
    # and answering with Carol's record would show Carol's scores under Eve's name.
    eve = Client.objects.create(first_name="Eve", last_name="Ng", date_of_birth=date(1991, 1, 2))
    Assignment.objects.create(client=eve, clinician=world.alice_clinician)
    identity = {"identifier": {"system": "urn:example:qr", "value": "same"}}
    token = token_for(client, world.alice)
    for who in (world.carol, eve):
        body = _with_identity(DOORS["loinc_form"](f"Patient/{who.pk}", POSITIVE), **identity)
        response = post(client, token, body)
        assert response.status_code == 201, response.content
        assert response.json()["client"] == str(who.pk)


def test_two_requests_racing_with_the_same_response_store_it_once(client, world, monkeypatch):
    # The second request looks before the first has committed, finds nothing, and then meets
    # the unique constraint: it answers with the stored record instead of a 500.
    token = token_for(client, world.alice)
    body = DOORS["sdc"](f"Patient/{world.carol.pk}", POSITIVE)
    assert post(client, token, body).status_code == 201
    real_find = dedupe.find
    calls = []

    def find_late(*args, **kwargs):
        calls.append(1)
        return None if len(calls) == 1 else real_find(*args, **kwargs)

    monkeypatch.setattr(dedupe, "find", find_late)
    again = post(client, token, body)
    assert again.status_code == 200, again.content
    assert len(calls) == 2
    assert imported(world.carol).count() == 1
    assert import_alerts(world.carol).count() == 1


def test_a_bad_answer_code_is_a_422_naming_item_and_code(client, world):
    body = DOORS["beda"](f"Patient/{world.carol.pk}", POSITIVE)
    nine = body["item"][3]["item"][8]
    nine["answer"] = [{"valueCoding": {"system": "http://loinc.org", "code": "LA9999-9"}}]
    response = post(client, token_for(client, world.alice), body)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "item[3].item[8].answer[0]"
    assert "LA9999-9" in error["message"] and "PHQ-9 item 9" in error["message"]
    assert not imported(world.carol).exists()


def test_json_nested_past_the_parsers_limit_is_a_400_not_a_500(client, world):
    response = client.post(
        "/api/v1/fhir/QuestionnaireResponse",
        data="[" * 100_000,
        content_type="application/fhir+json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(client, world.alice)}",
    )
    assert response.status_code == 400
