"""Five wrong tries lock sign-in for that username from that address for 15 minutes."""

import json
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, sign_in_with_password

pytestmark = pytest.mark.django_db

LOCKOUT_TEXT = "Too many failed sign-in attempts"
TOKEN_URL = "/api/v1/auth/token"


def fail(client, times: int, username: str = "carol", **extra):
    return [
        sign_in_with_password(client, username, "wrong password!", **extra) for _ in range(times)
    ]


def wind_back_the_clock(minutes: int) -> None:
    """As if the failures had happened `minutes` ago."""
    earlier = timezone.now() - timedelta(minutes=minutes)
    AccessAttempt.objects.update(attempt_time=earlier)


def api_token(client, username: str, password: str, **extra):
    body = {"username": username, "password": password, **extra}
    return client.post(TOKEN_URL, json.dumps(body), content_type="application/json")


def test_the_fifth_wrong_password_locks_the_page_with_a_clear_message(client, client_user):
    responses = fail(client, 5)
    assert [r.status_code for r in responses[:4]] == [422] * 4
    locked = responses[4]
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Sign-in paused" in html
    assert LOCKOUT_TEXT in html and "15 minutes" in html
    assert locked["Retry-After"] == "900"


def test_the_right_password_is_refused_until_the_cool_off_ends(client, client_user):
    fail(client, 5)
    still_locked = sign_in_with_password(client, "carol")
    assert still_locked.status_code == 429
    assert SESSION_KEY not in client.session

    wind_back_the_clock(14)
    assert sign_in_with_password(client, "carol").status_code == 429

    wind_back_the_clock(16)
    assert sign_in_with_password(client, "carol").status_code == 302
    assert client.session[SESSION_KEY] == str(client_user.pk)


def test_tries_during_the_lockout_do_not_extend_it(client, client_user):
    fail(client, 5)
    wind_back_the_clock(10)
    fail(client, 3)
    wind_back_the_clock(16)
    assert sign_in_with_password(client, "carol").status_code == 302


def test_the_lockout_is_for_that_username_from_that_address_only(client, client_user):
    fail(client, 5)
    other_address = sign_in_with_password(client, "carol", REMOTE_ADDR="203.0.113.9")
    assert other_address.status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(client, client_user):
    fail(client, 4)
    assert sign_in_with_password(client, "carol").status_code == 302
    client.post(reverse("accounts:logout"))
    assert fail(client, 4)[-1].status_code == 422


def test_the_api_locks_out_too_in_its_own_error_shape(client, client_user):
    statuses = [api_token(client, "carol", "wrong password!").status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    locked = api_token(client, "carol", PASSWORD)
    assert locked.status_code == 429
    body = locked.json()
    assert LOCKOUT_TEXT in body["detail"]
    assert body["errors"] == []
    assert "token" not in body


def test_failures_on_the_page_and_the_api_add_up(client, client_user):
    fail(client, 3)
    api_token(client, "carol", "wrong password!")
    assert api_token(client, "carol", "wrong password!").status_code == 429
    assert sign_in_with_password(client, "carol").status_code == 429


def test_wrong_second_factor_codes_lock_out_and_sign_out(client, clinician, app):
    sign_in_with_password(client, "alice")
    verify = reverse("accounts:verify")

    def wrong_code():
        # django-otp also makes each retry wait; this test is about the count, not the wait.
        app.throttle_reset()
        return client.post(verify, {"code": "000000"})

    assert [wrong_code().status_code for _ in range(4)] == [422] * 4
    locked = wrong_code()
    assert locked.status_code == 429
    assert LOCKOUT_TEXT in locked.content.decode()
    assert SESSION_KEY not in client.session
    assert sign_in_with_password(client, "alice").status_code == 429
