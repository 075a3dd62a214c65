"""API tokens: `POST /api/v1/auth/token`, then `Authorization: Bearer <token>`."""

import hashlib
import json
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from confide.accounts.models import ApiToken
from confide.accounts.second_factor import new_recovery_codes
from tests.factories import PASSWORD, code_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token"


def ask(client, **body):
    return client.post(URL, json.dumps(body), content_type="application/json")


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_client_gets_a_token_that_expires_in_8_hours(client, client_user):
    response = ask(client, username="carol", password=PASSWORD)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expires_at"}
    expires = datetime.fromisoformat(body["expires_at"])
    assert expires.utcoffset() is not None
    assert body["expires_at"][-6] in "+-"  # an explicit offset, such as -05:00
    assert abs(expires - (timezone.now() + timedelta(hours=8))) < timedelta(minutes=1)


def test_only_the_tokens_hash_is_stored(client, client_user):
    token = ask(client, username="carol", password=PASSWORD).json()["token"]
    stored = ApiToken.objects.get()
    assert stored.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert stored.prefix == token[:8]
    assert not ApiToken.objects.filter(key_hash=token).exists()
    assert token not in json.dumps(list(ApiToken.objects.values()), default=str)


def test_a_token_opens_the_api_as_its_user(client, client_user):
    token = ask(client, username="carol", password=PASSWORD).json()["token"]
    me = client.get(URL, **bearer(token))
    assert me.status_code == 200
    assert me.json()["username"] == "carol"
    assert ApiToken.objects.get().last_used_at is not None


def test_a_wrong_password_is_a_401_in_the_error_shape(client, client_user):
    response = ask(client, username="carol", password="not it at all")
    assert response.status_code == 401
    assert response.json() == {"detail": "The username or password is not right.", "errors": []}
    assert not ApiToken.objects.exists()


def test_an_unknown_user_looks_like_a_wrong_password(client, db):
    response = ask(client, username="nobody", password=PASSWORD)
    assert response.status_code == 401
    assert response.json()["detail"] == "The username or password is not right."


def test_staff_must_send_a_second_factor_code_named_otp(client, clinician, app):
    response = ask(client, username="alice", password=PASSWORD)
    assert response.status_code == 401
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["otp"]
    assert not ApiToken.objects.exists()


def test_a_wrong_otp_is_a_401_naming_otp(client, clinician, app):
    response = ask(client, username="alice", password=PASSWORD, otp="000000")
    assert response.status_code == 401
    assert response.json()["errors"][0]["field"] == "otp"


def test_staff_get_a_token_with_their_apps_code(client, clinician, app):
    response = ask(client, username="alice", password=PASSWORD, otp=code_for(app))
    assert response.status_code == 200
    assert ApiToken.objects.get().user == clinician


def test_a_recovery_code_works_for_the_api_once(client, clinician, app):
    code = new_recovery_codes(clinician)[0]
    assert ask(client, username="alice", password=PASSWORD, otp=code).status_code == 200
    again = ask(client, username="alice", password=PASSWORD, otp=code)
    assert again.status_code == 401
    assert again.json()["errors"][0]["field"] == "otp"


def test_staff_without_an_app_are_told_to_set_one_up_first(client, clinician):
    response = ask(client, username="alice", password=PASSWORD, otp="123456")
    assert response.status_code == 401
    assert response.json()["errors"][0]["field"] == "otp"
    assert "set it up" in response.json()["detail"]


def test_an_expired_token_is_refused(client, client_user):
    token = ask(client, username="carol", password=PASSWORD).json()["token"]
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(URL, **bearer(token))
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


def test_a_revoked_token_is_refused(client, client_user):
    token = ask(client, username="carol", password=PASSWORD).json()["token"]
    assert client.delete(URL, **bearer(token)).status_code == 204
    assert ApiToken.objects.get().revoked_at is not None
    assert client.get(URL, **bearer(token)).status_code == 401
    assert client.delete(URL, **bearer(token)).status_code == 401


def test_revoking_one_token_leaves_the_others(client, client_user):
    first = ask(client, username="carol", password=PASSWORD).json()["token"]
    second = ask(client, username="carol", password=PASSWORD).json()["token"]
    client.delete(URL, **bearer(first))
    assert client.get(URL, **bearer(second)).status_code == 200


def test_a_disabled_users_token_is_refused(client, client_user):
    token = ask(client, username="carol", password=PASSWORD).json()["token"]
    client_user.is_active = False
    client_user.save()
    assert client.get(URL, **bearer(token)).status_code == 401


@pytest.mark.parametrize(
    "header", ["", "Bearer ", "Bearer not-a-token", "Basic Y2Fyb2w6cGFzc3dvcmQ="]
)
def test_a_missing_or_made_up_token_is_refused(client, client_user, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    assert client.get(URL, **extra).status_code == 401


def test_the_token_endpoints_are_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"post", "get", "delete"} <= set(paths["/api/v1/auth/token"])
