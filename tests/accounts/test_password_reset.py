"""Password reset with Django's views and token generator: it never says whether an address
exists, is rate limited, ends the account's other sessions and tokens, and never gets past a
staff member's second factor."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from confide.accounts.models import ApiToken, Role
from confide.accounts.tokens import issue_token
from confide.audit.models import AuditEvent
from tests.factories import PASSWORD, code_for, make_user, sign_in_with_password

pytestmark = pytest.mark.django_db
NEW = "lantern orchard velvet ninety"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def ask(client, email, capture):
    with capture(execute=True):
        return client.post(reverse("password_reset"), {"email": email})


def reset_path() -> str:
    [message] = mail.outbox
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", message.body).group(1)


def choose(client, path, password=NEW, **extra):
    form = client.get(path)
    assert form.status_code == 302  # the token leaves the address bar first
    return client.post(
        form["Location"], {"new_password1": password, "new_password2": password, **extra}
    )


def test_the_url_names_are_djangos_own():
    assert reverse("password_reset") == "/accounts/password_reset/"
    assert reverse("password_reset_done") == "/accounts/password_reset/done/"
    assert reverse("password_reset_complete") == "/accounts/reset/done/"


def test_the_page_says_the_same_for_a_known_and_an_unknown_address(
    client, django_capture_on_commit_callbacks
):
    make_user("carol", Role.CLIENT, email="carol@example.com")
    known = ask(client, "carol@example.com", django_capture_on_commit_callbacks)
    unknown = ask(client, "nobody@example.com", django_capture_on_commit_callbacks)
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    assert [m.to for m in mail.outbox] == [["carol@example.com"]]
    assert "Reset your password" in mail.outbox[0].subject


def test_a_bad_address_is_a_422_naming_the_field(client):
    response = client.post(reverse("password_reset"), {"email": "not an address"})
    assert response.status_code == 422
    assert "E-mail address: Enter an e-mail address." in response.content.decode()


def test_a_client_resets_and_every_other_session_and_token_ends(
    client, django_capture_on_commit_callbacks
):
    carol = make_user("carol", Role.CLIENT, email="carol@example.com")
    elsewhere = Client()
    sign_in_with_password(elsewhere, "carol")
    assert elsewhere.get("/accounts/home/").status_code == 302
    _, token = issue_token(carol)
    ask(client, "carol@example.com", django_capture_on_commit_callbacks)
    response = choose(client, reset_path())
    assert response["Location"] == reverse("password_reset_complete")
    carol.refresh_from_db()
    assert carol.check_password(NEW)
    # Not signed in by the reset; the other browser is signed out; the token no longer works.
    assert "_auth_user_id" not in client.session
    assert elsewhere.get("/portal/")["Location"].startswith("/accounts/login/")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert AuditEvent.objects.filter(detail__startswith="Password reset;").exists()
    # The link worked once.
    assert client.get(reset_path()).status_code == 200
    assert "no longer works" in client.get(reset_path()).content.decode()


def test_a_staff_reset_needs_the_authenticator_and_signing_in_still_asks_for_it(
    client, django_capture_on_commit_callbacks
):
    alice = make_user("alice", Role.CLINICIAN, email="alice@practice.example")
    device = TOTPDevice.objects.create(user=alice, name="phone", confirmed=True)
    ask(client, "alice@practice.example", django_capture_on_commit_callbacks)
    path = reset_path()
    form = client.get(client.get(path)["Location"])
    assert "Code from your authenticator app" in form.content.decode()

    wrong = choose(client, path, code="000000")
    assert wrong.status_code == 422 and "That code is not right" in wrong.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)  # nothing changed without the second factor
    missing = choose(client, path)
    assert missing.status_code == 422
    assert "Enter the code from your authenticator app." in missing.content.decode()

    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes the next try wait after a wrong code
    done = choose(client, path, code=code_for(device))
    assert done["Location"] == reverse("password_reset_complete")
    alice.refresh_from_db()
    assert alice.check_password(NEW)
    response = sign_in_with_password(client, "alice", NEW)
    assert response["Location"].startswith(reverse("accounts:verify"))
    assert client.get("/staff/")["Location"].startswith(reverse("accounts:verify"))


def test_reset_requests_are_rate_limited_per_address(
    client, settings, django_capture_on_commit_callbacks
):
    make_user("carol", Role.CLIENT, email="carol@example.com")
    for _ in range(settings.CONFIDE_RESET_LIMIT):
        assert ask(client, "x@example.com", django_capture_on_commit_callbacks).status_code == 302
    refused = ask(client, "carol@example.com", django_capture_on_commit_callbacks)
    assert refused.status_code == 429 and "Retry-After" in refused
    assert mail.outbox == []


def test_one_inbox_cannot_be_flooded_from_many_addresses(
    settings, django_capture_on_commit_callbacks
):
    make_user("carol", Role.CLIENT, email="carol@example.com")
    for n in range(settings.CONFIDE_RESET_LIMIT + 2):
        browser = Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
        response = ask(browser, "carol@example.com", django_capture_on_commit_callbacks)
        assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == settings.CONFIDE_RESET_LIMIT


def test_an_account_without_a_password_gets_no_reset(client, django_capture_on_commit_callbacks):
    invited = make_user("new", Role.CLIENT, email="new@example.com")
    invited.set_unusable_password()
    invited.save()
    ask(client, "new@example.com", django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_the_sign_in_page_offers_the_reset(client):
    assert reverse("password_reset") in client.get(reverse("accounts:login")).content.decode()
