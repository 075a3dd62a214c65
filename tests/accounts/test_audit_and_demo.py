"""Sign-ins leave audit rows (never a password); the demo's staff get a working second factor."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from confide.accounts.demo import ensure_demo_second_factor
from confide.accounts.models import ApiToken, Role
from confide.audit.models import Action, AuditEvent
from tests.factories import PASSWORD, code_for, make_user, sign_in, sign_in_with_password

pytestmark = pytest.mark.django_db

WRONG = "hunter2-but-longer"


def every_audit_value() -> str:
    return json.dumps(list(AuditEvent.objects.values()), default=str)


def test_sign_in_failed_sign_in_and_sign_out_are_audited_without_the_password(client, client_user):
    sign_in_with_password(client, "carol", WRONG)
    sign_in_with_password(client, "carol")
    client.post(reverse("accounts:logout"))

    rows = list(AuditEvent.objects.order_by("id"))
    assert [r.action for r in rows] == [Action.LOGIN_FAILED, Action.LOGIN, Action.LOGOUT]
    failed, login, logout = rows
    assert "carol" in failed.detail and failed.actor is None
    assert failed.ip == "127.0.0.1"
    assert (login.actor_username, login.actor_role, login.via) == ("carol", Role.CLIENT, "page")
    assert logout.actor_username == "carol"
    assert WRONG not in every_audit_value()
    assert PASSWORD not in every_audit_value()


def test_api_sign_ins_are_audited_too(client, client_user):
    def ask(password):
        body = json.dumps({"username": "carol", "password": password})
        return client.post("/api/v1/auth/token", body, content_type="application/json")

    ask(WRONG)
    token = ask(PASSWORD).json()["token"]
    client.delete("/api/v1/auth/token", HTTP_AUTHORIZATION=f"Bearer {token}")

    rows = list(AuditEvent.objects.order_by("id").values_list("action", "via"))
    assert rows == [
        (Action.LOGIN_FAILED, "api"),
        (Action.LOGIN, "api"),
        (Action.LOGOUT, "api"),
    ]
    assert WRONG not in every_audit_value()
    assert token not in every_audit_value()


def test_a_wrong_second_factor_code_is_audited(client, clinician, app):
    sign_in_with_password(client, "alice")
    client.post(reverse("accounts:verify"), {"code": "000000"})
    row = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert row.detail == "Wrong second-factor code for username 'alice'"
    assert "000000" not in every_audit_value()


def test_the_demo_second_factor_is_refused_outside_debug(clinician, settings):
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        ensure_demo_second_factor(clinician)
    assert not TOTPDevice.objects.exists()


def test_the_demo_second_factor_is_stable_and_its_codes_fresh(client, clinician, settings):
    settings.DEBUG = True
    first = ensure_demo_second_factor(clinician)
    key = TOTPDevice.objects.get(user=clinician, confirmed=True).key
    second = ensure_demo_second_factor(clinician)

    assert len(first) == len(second) == 5
    assert not set(first) & set(second)
    assert TOTPDevice.objects.get(user=clinician, confirmed=True).key == key
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(second)
    # A printed code lets a newcomer in.
    sign_in_with_password(client, "alice")
    response = client.post(reverse("accounts:verify"), {"code": second[0], "next": "/staff/"})
    assert response.status_code == 302


def test_each_demo_account_has_its_own_secret(settings, db):
    settings.DEBUG = True
    alice = make_user("alice", Role.CLINICIAN)
    bob = make_user("bob", Role.INTAKE)
    ensure_demo_second_factor(alice)
    ensure_demo_second_factor(bob)
    assert TOTPDevice.objects.get(user=alice).key != TOTPDevice.objects.get(user=bob).key


def test_the_admin_lists_tokens_without_their_keys_and_cannot_change_them(client, db):
    admin = make_user("root", Role.ADMIN, is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    body = {"username": "root", "password": PASSWORD, "otp": code_for(device)}
    client.post("/api/v1/auth/token", json.dumps(body), content_type="application/json")
    token = ApiToken.objects.get()

    sign_in(client, admin)
    listing = client.get(reverse("admin:accounts_apitoken_changelist"))
    assert listing.status_code == 200
    assert token.prefix in listing.content.decode()
    assert token.key_hash not in listing.content.decode()
    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403
    change = reverse("admin:accounts_apitoken_change", args=[token.pk])
    assert client.post(change, {"expires_at": "2099-01-01"}).status_code == 403
