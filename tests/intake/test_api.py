"""The intake API: the public POST, the queue for intake only, the matches."""

import json

import pytest

from confide.intake.models import ConsultationRequest
from tests.factories import call, keep_screening, make_request, token_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/consultation-requests"


def body(**changes):
    data = {
        "first_name": "Marisol",
        "last_name": "Quenby",
        "email": "marisol@example.com",
        "preferred_contact": "email",
        "for_whom": "self",
        "age_group": "adults",
        "concerns": ["grief_loss"],
        "format": "virtual",
        "languages": ["en", "es"],
        "days": [0, 2],
        "day_parts": ["morning"],
        "consent": True,
    }
    data.update(changes)
    return data


def post(client, data):
    return client.post(URL, json.dumps(data), content_type="application/json")


def test_anyone_can_send_a_request_without_a_token_and_gets_201(client, places):
    code, kept = keep_screening()
    response = post(client, body(code=code))
    assert response.status_code == 201
    cr = ConsultationRequest.objects.get()
    assert response.json() == {"id": str(cr.pk), "status": "new"}
    assert cr.languages == ["en", "es"] and cr.kept_screening == kept


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"concerns": []}, "concerns"),
        ({"age_group": "elderly"}, "age_group"),
        ({"consent": False}, "consent"),
        ({"code": "ZZZZZ-ZZZZZ"}, "code"),
        ({"days": [9]}, "days"),
        ({"preferred_contact": "phone"}, "phone"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, places, changes, field):
    response = post(client, body(**changes))
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]
    assert ConsultationRequest.objects.count() == 0


def test_a_missing_field_is_named_too(client, places):
    data = body()
    del data["first_name"]
    response = post(client, data)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "first_name"


def test_the_public_post_is_rate_limited(client, places):
    for _ in range(5):
        post(client, body(concerns=[]))
    response = post(client, body())
    assert response.status_code == 429
    assert ConsultationRequest.objects.count() == 0


def test_intake_lists_requests_urgent_first(client, world):
    calm = make_request()
    urgent = make_request(details="I have thought about suicide")
    token = token_for(client, world.intake)
    rows = call(client, token, "get", URL).json()
    assert [r["id"] for r in rows] == [str(urgent.pk), str(calm.pk)]
    assert rows[0]["urgent"] and "suicide" in rows[0]["urgent_reasons"][0]


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_others_get_403_and_no_data(client, world, who):
    cr = make_request(first_name="Zebulon")
    token = token_for(client, world.people()[who])
    for url in (URL, f"{URL}/{cr.pk}/matches"):
        response = call(client, token, "get", url)
        assert response.status_code == 403
        assert "Zebulon" not in response.content.decode()


def test_without_a_token_the_queue_is_401(client, world):
    make_request()
    assert client.get(URL).status_code == 401


def test_matches_for_an_unknown_request_are_404(client, world):
    token = token_for(client, world.intake)
    response = call(client, token, "get", f"{URL}/00000000-0000-0000-0000-000000000000/matches")
    assert response.status_code == 404
