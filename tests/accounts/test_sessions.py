"""Sessions end after idle time (15 minutes for staff, 60 for clients) and after 12 hours."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from confide.accounts.sessions import LOGIN_AT, SEEN_AT, now_ts
from confide.audit.models import Action, AuditEvent
from tests.factories import sign_in

pytestmark = pytest.mark.django_db

MINUTE = 60


def age_session(client, *, idle_minutes: float = 0, signed_in_minutes: float | None = None):
    """As if the last request was `idle_minutes` ago, and sign-in `signed_in_minutes` ago."""
    session = client.session
    now = now_ts()
    session[SEEN_AT] = now - idle_minutes * MINUTE
    if signed_in_minutes is not None:
        session[LOGIN_AT] = now - signed_in_minutes * MINUTE
    session.save()


def signed_out_to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def test_staff_are_signed_out_after_15_idle_minutes_with_the_reason(client, clinician):
    sign_in(client, clinician)
    age_session(client, idle_minutes=15.1)

    response = client.get("/staff/")

    assert signed_out_to_login(response)
    assert "next=/staff/" in response["Location"]
    assert SESSION_KEY not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "no activity for 15 minutes" in page


def test_staff_idle_for_14_minutes_stay_signed_in(client, clinician):
    sign_in(client, clinician)
    age_session(client, idle_minutes=14)
    assert not signed_out_to_login(client.get("/staff/"))
    assert client.session[SESSION_KEY] == str(clinician.pk)


def test_activity_keeps_a_session_alive(client, clinician):
    sign_in(client, clinician)
    for _ in range(3):
        age_session(client, idle_minutes=10)
        assert not signed_out_to_login(client.get("/staff/"))


def test_clients_have_an_hour_before_an_idle_sign_out(client, client_user):
    sign_in(client, client_user)
    age_session(client, idle_minutes=59)
    assert SESSION_KEY in client.session
    assert not signed_out_to_login(client.get("/check/"))
    age_session(client, idle_minutes=61)
    assert signed_out_to_login(client.get("/check/"))
    assert SESSION_KEY not in client.session


def test_no_session_lasts_longer_than_12_hours_however_active(client, clinician):
    sign_in(client, clinician)
    age_session(client, idle_minutes=1, signed_in_minutes=12 * 60 - 5)
    assert not signed_out_to_login(client.get("/staff/"))
    age_session(client, idle_minutes=1, signed_in_minutes=12 * 60 + 1)
    response = client.get("/staff/")
    assert signed_out_to_login(response)
    assert "signed in for 12 hours" in client.get(response["Location"]).content.decode()


def test_an_ended_session_is_audited_with_its_reason(client, clinician):
    sign_in(client, clinician)
    age_session(client, idle_minutes=30)
    client.get("/staff/")
    row = AuditEvent.objects.filter(action=Action.LOGOUT).get()
    assert row.actor_username == "alice"
    assert row.detail == "Session ended: idle"


def test_a_disabled_user_is_signed_out_on_the_next_request(client, clinician):
    sign_in(client, clinician)
    assert not signed_out_to_login(client.get("/staff/"))
    clinician.is_active = False
    clinician.save()

    response = client.get("/staff/")

    assert signed_out_to_login(response)
    assert SESSION_KEY not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "no longer active" in page
    row = AuditEvent.objects.filter(action=Action.LOGOUT).get()
    assert (row.actor_username, row.detail) == ("alice", "Session ended: account disabled")


def test_a_disabled_user_cannot_sign_in(client, clinician):
    clinician.is_active = False
    clinician.save()
    page = client.post(
        reverse("accounts:login"),
        {"username": "alice", "password": "correct horse battery staple"},
    )
    assert page.status_code == 422
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("url", ["/staff/", "/check/", "/api/v1/instruments", "/admin/"])
def test_pages_with_health_information_are_never_cached(client, clinician, url):
    assert client.get(url)["Cache-Control"] == "no-store, private"
    sign_in(client, clinician)
    assert client.get(url)["Cache-Control"] == "no-store, private"


def test_every_page_a_signed_in_person_sees_is_never_cached(client, client_user):
    sign_in(client, client_user)
    assert client.get(reverse("accounts:login"))["Cache-Control"] == "no-store, private"
    assert client.get("/no-such-page/")["Cache-Control"] == "no-store, private"


def test_static_files_stay_cacheable(client, client_user):
    sign_in(client, client_user)
    css = client.get("/static/core/site.css")
    css.close()
    assert css.status_code == 200
    assert "no-store" not in css.get("Cache-Control", "")
