"""GET/POST /api/v1/instruments...: the public contract in shared/design/API.md."""

import json

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

pytestmark = pytest.mark.django_db

URL = "/api/v1/instruments"


def post_score(client, code, body):
    raw = body if isinstance(body, str) else json.dumps(body)
    return client.post(f"{URL}/{code}/score", raw, content_type="application/json")


def test_the_list_names_every_instrument_and_hides_unlicensed_ones(client):
    listing = {i["code"]: i for i in client.get(URL).json()}
    assert set(listing) >= {"phq9", "phq2", "gad7", "gad2", "phqa", "epds", "ucla3", "pcl5", "who5"}
    assert listing["phq9"] == {
        "code": "phq9",
        "name": listing["phq9"]["name"],
        "recall_days": 14,
        "item_count": 9,
        "available": True,
    }
    assert listing["epds"]["available"] is False
    assert listing["phqa"]["available"] is False


def test_a_definition_gives_items_options_bands_and_safety_items(client):
    body = client.get(f"{URL}/phq9").json()
    assert body["items"][0]["text"] == "Little interest or pleasure in doing things"
    assert body["items"][8]["loinc"] == "44260-8"
    assert [o["code"] for o in body["items"][0]["options"]] == [
        "LA6568-5",
        "LA6569-3",
        "LA6570-1",
        "LA6571-9",
    ]
    assert body["safety_items"] == [9]
    assert [b["slug"] for b in body["bands"]] == [
        "minimal",
        "mild",
        "moderate",
        "moderately_severe",
        "severe",
    ]


def test_licensed_wording_is_not_served_until_loaded(client):
    body = client.get(f"{URL}/epds").json()
    assert body["available"] is False
    assert all(item["text"] is None for item in body["items"])
    assert body["safety_items"] == [10]


def test_an_unknown_instrument_is_404(client):
    response = client.get(f"{URL}/nope")
    assert response.status_code == 404
    assert "nope" in response.json()["detail"]


def test_scoring_phq9_follows_the_worked_example(client):
    response = post_score(client, "phq9", {"responses": [0, 0, 0, 0, 0, 0, 0, 0, 1]})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    assert body["max_total"] == 27
    assert body["severity"] == "minimal"
    assert "risk" in body["flags"]
    assert body["prorated"] is False
    assert body["scorable"] is True


def test_scoring_epds_uses_option_positions_with_reverse_items(client):
    body = post_score(client, "epds", {"responses": [0] * 10}).json()
    assert body["total"] == 21
    assert body["severity"] == "probable_depression"
    assert "risk" in body["flags"]


def test_gad7_worked_example(client):
    body = post_score(client, "gad7", {"responses": [1, 1, 1, 1, 1, 2, 1]}).json()
    assert (body["total"], body["severity"]) == (8, "mild")


def test_too_many_missing_items_is_not_scorable(client):
    body = post_score(client, "phq9", {"responses": [1, 1, 1, 1, 1, 1, None, None, None]}).json()
    assert body["scorable"] is False
    assert body["total"] is None
    assert "risk_unanswered" in body["flags"]


def test_two_missing_phq9_items_are_prorated(client):
    body = post_score(client, "phq9", {"responses": [1, 1, 1, 1, 1, 1, 1, None, None]}).json()
    assert body["scorable"] is True
    assert body["prorated"] is True
    assert body["total"] == 9


@pytest.mark.parametrize(
    ("responses", "field"),
    [
        ([0, 0, 0, 4, 0, 0, 0, 0, 0], "responses[3]"),
        ([0, 0, 0, 0, 0, 0, 0, 0, -1], "responses[8]"),
        ([0, 0, 0, 0, 0, 0, 0, 0], "responses"),
        ([0, 0, "x", 0, 0, 0, 0, 0, 0], "responses[2]"),
        ([0, 0, True, 0, 0, 0, 0, 0, 0], "responses[2]"),
        ([0, 0, 1.5, 0, 0, 0, 0, 0, 0], "responses[2]"),
    ],
)
def test_bad_responses_are_a_422_naming_the_item(client, responses, field):
    response = post_score(client, "phq9", {"responses": responses})
    assert response.status_code == 422
    body = response.json()
    assert field in [e["field"] for e in body["errors"]]
    assert body["detail"]


def test_a_missing_responses_field_is_a_422_naming_it(client):
    response = post_score(client, "phq9", {"answers": [0] * 9})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["responses"]


def test_malformed_json_is_a_400(client):
    response = post_score(client, "phq9", "{not json")
    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "code", ["phq9", "phq2", "gad7", "gad2", "phqa", "epds", "ucla3", "pcl5", "who5"]
)
def test_every_fhir_questionnaire_validates_as_r4(client, code):
    response = client.get(f"{URL}/{code}/fhir")
    assert response.status_code == 200
    questionnaire = Questionnaire.model_validate(response.json())
    assert questionnaire.url.endswith(f"/Questionnaire/{code}")


def test_the_phq9_questionnaire_carries_loinc_codes(client):
    body = client.get(f"{URL}/phq9/fhir").json()
    assert body["code"][0]["code"] == "44249-1"
    codes = [item["code"][0]["code"] for item in body["item"] if item.get("code")]
    assert codes[:9] == [
        "44250-9",
        "44255-8",
        "44259-0",
        "44254-1",
        "44251-7",
        "44258-2",
        "44252-5",
        "44253-3",
        "44260-8",
    ]


def test_the_openapi_document_is_served(client):
    body = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/instruments/{code}/score" in body["paths"]
