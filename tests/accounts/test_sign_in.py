"""Signing in and out, and where people land afterwards."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import sign_in, sign_in_with_password

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_labels_its_fields(client):
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<label for="id_username">Username' in html
    assert '<label for="id_password">Password' in html
    assert 'autocomplete="current-password"' in html


def test_an_empty_sign_in_lists_each_missing_field_in_the_error_summary(client):
    page = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    assert page.status_code == 422
    html = page.content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_username">Username: Enter your username.</a>' in html
    assert '<a href="#id_password">Password: Enter your password.</a>' in html
    # The ids Django 5.2 points aria-describedby at are the ones the error messages carry.
    assert 'aria-describedby="id_username_error"' in html
    assert 'id="id_username_error"' in html


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(client, clinician):
    page = sign_in_with_password(client, "alice", "not the password at all")
    assert page.status_code == 422
    assert "The username or password is not right." in page.content.decode()
    assert SESSION_KEY not in client.session


def test_a_client_lands_in_the_portal_without_a_second_factor(client, client_user):
    response = sign_in_with_password(client, "carol", follow=False)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:home"))["Location"] == "/portal/"
    # No second factor is asked of a client, anywhere.
    for url in ("/portal/", "/check/", reverse("accounts:home")):
        assert "/accounts/2fa/" not in client.get(url).get("Location", "")


def test_the_session_key_changes_at_sign_in(client, client_user):
    session = client.session
    session["seen_the_check"] = True
    session.save()
    before = client.cookies["sessionid"].value

    sign_in_with_password(client, "carol")

    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.session[SESSION_KEY] == str(client_user.pk)


def test_signing_out_ends_the_session_for_good(client, client_user):
    sign_in_with_password(client, "carol")
    old_key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=old_key).exists()

    response = client.post(reverse("accounts:logout"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert "You have signed out." in response.content.decode()
    assert not Session.objects.filter(session_key=old_key).exists()
    # The old cookie opens nothing any more.
    client.cookies["sessionid"] = old_key
    assert client.get(reverse("accounts:home")).status_code == 302
    assert SESSION_KEY not in client.session


def test_signing_out_needs_a_post(client, client_user):
    sign_in(client, client_user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert SESSION_KEY in client.session


def test_the_page_returns_to_where_the_person_was_going_but_never_off_site(client, client_user):
    url = reverse("accounts:login")
    going = client.post(
        url, {"username": "carol", "password": "correct horse battery staple", "next": "/check/"}
    )
    assert going["Location"] == "/check/"
    client.post(reverse("accounts:logout"))
    away = client.post(
        url,
        {
            "username": "carol",
            "password": "correct horse battery staple",
            "next": "https://evil.example/",
        },
    )
    assert away["Location"] == reverse("accounts:home")


def test_the_header_offers_sign_in_and_then_sign_out(client, client_user):
    assert ">Sign in</a>" in client.get("/check/").content.decode()
    sign_in(client, client_user)
    html = client.get("/check/").content.decode()
    assert ">Sign out</button>" in html
    assert ">Sign in</a>" not in html


@pytest.mark.parametrize(
    "password",
    ["Tr0ub4dor&3", "password1234", "qwertyuiop123"],
    ids=["eleven characters", "common", "common and long"],
)
def test_short_or_common_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    validate_password("violet kettle lighthouse 42")
