"""Staff need a second factor (an authenticator app, or a recovery code); clients do not."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from confide.accounts.second_factor import new_recovery_codes
from tests.factories import code_for, make_user, sign_in_with_password

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:setup")
VERIFY = reverse("accounts:verify")


def test_staff_without_an_app_are_sent_to_set_one_up_then_shown_recovery_codes(client, clinician):
    response = sign_in_with_password(client, "alice", follow=True)
    assert response.redirect_chain[0][0].startswith(SETUP)
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=clinician, confirmed=False)
    assert "otpauth://totp/Confide%3Aalice?secret=" in html
    assert "<svg" in html and "QR code for your authenticator app" in html
    secret_shown = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1)
    # Reloading the page shows the same secret: the app added a moment ago keeps working.
    assert secret_shown in client.get(SETUP).content.decode()

    codes_page = client.post(SETUP, {"code": code_for(device), "next": "/staff/"})

    assert codes_page.status_code == 200
    codes = re.findall(r'<code class="code">([a-z2-7]{8})</code>', codes_page.content.decode())
    assert len(codes) == 10
    assert "the only time they are shown" in codes_page.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    # The session passed the second factor: the staff pages open.
    assert not client.get("/staff/").get("Location", "").startswith("/accounts/")


def test_recovery_codes_are_never_shown_again(client, clinician):
    sign_in_with_password(client, "alice", follow=True)
    device = TOTPDevice.objects.get(user=clinician, confirmed=False)
    first = client.post(SETUP, {"code": code_for(device)}).content.decode()
    codes = re.findall(r'<code class="code">([a-z2-7]{8})</code>', first)
    for url in (SETUP, reverse("accounts:two_step"), "/staff/"):
        page = client.get(url, follow=True).content.decode()
        assert not any(code in page for code in codes)


def test_a_wrong_set_up_code_is_refused_and_named(client, clinician):
    sign_in_with_password(client, "alice", follow=True)
    page = client.post(SETUP, {"code": "000000"})
    assert page.status_code == 422
    assert "That code is not right." in page.content.decode()
    assert not TOTPDevice.objects.filter(user=clinician, confirmed=True).exists()


def test_staff_with_an_app_are_asked_for_its_code(client, clinician, app):
    response = sign_in_with_password(client, "alice", follow=True)
    assert response.redirect_chain[0][0].startswith(VERIFY)
    assert '<label for="id_code">Code</label>' in response.content.decode()

    done = client.post(VERIFY, {"code": code_for(app), "next": "/staff/"})

    assert done["Location"] == "/staff/"
    assert not client.get("/staff/").get("Location", "").startswith("/accounts/")


def test_a_wrong_code_is_refused(client, clinician, app):
    sign_in_with_password(client, "alice")
    page = client.post(VERIFY, {"code": "123456"})
    assert page.status_code == 422
    assert "That code is not right." in page.content.decode()
    assert client.get("/staff/")["Location"].startswith(VERIFY)


def test_a_recovery_code_works_once(client, clinician, app):
    codes = new_recovery_codes(clinician)
    sign_in_with_password(client, "alice")
    used = client.post(VERIFY, {"code": codes[0].upper(), "next": "/staff/"}, follow=True)
    assert "You used a recovery code; 9 left." in used.content.decode()
    assert not client.get("/staff/").get("Location", "").startswith("/accounts/")

    client.post(reverse("accounts:logout"))
    sign_in_with_password(client, "alice")
    again = client.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 422
    assert client.get("/staff/")["Location"].startswith(VERIFY)
    assert StaticToken.objects.filter(device__user=clinician).count() == 9


def test_a_password_alone_cannot_replace_the_app(client, clinician, app):
    sign_in_with_password(client, "alice")
    response = client.get(SETUP)
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=clinician).count() == 1


@pytest.mark.parametrize("url", ["/staff/", "/admin/", "/portal/", "/staff/clients/"])
def test_staff_pages_wait_for_the_second_factor(client, clinician, app, url):
    sign_in_with_password(client, "alice")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert f"next={url.replace('/', '%2F')}" in response["Location"]


def test_the_check_and_the_sign_in_pages_stay_open_before_the_second_factor(client, clinician, app):
    sign_in_with_password(client, "alice")
    assert client.get("/check/").status_code == 200
    assert client.get(VERIFY).status_code == 200


def test_a_client_is_never_asked_for_a_second_factor(client, client_user):
    sign_in_with_password(client, "carol")
    assert client.get(SETUP)["Location"] == "/portal/"
    assert client.get(VERIFY)["Location"] == "/portal/"
    assert not TOTPDevice.objects.filter(user=client_user).exists()


def test_signing_in_again_asks_for_the_code_again(client, clinician, app):
    sign_in_with_password(client, "alice")
    client.post(VERIFY, {"code": code_for(app)})
    assert not client.get("/staff/").get("Location", "").startswith("/accounts/")
    sign_in_with_password(client, "alice")
    assert client.get("/staff/")["Location"].startswith(VERIFY)


def test_new_recovery_codes_replace_the_old_ones(client, clinician, app):
    old = new_recovery_codes(clinician)
    sign_in_with_password(client, "alice")
    client.post(VERIFY, {"code": code_for(app)})
    page = client.post(reverse("accounts:two_step")).content.decode()
    new = re.findall(r'<code class="code">([a-z2-7]{8})</code>', page)
    assert len(new) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)


def test_an_admin_site_account_without_a_role_needs_a_second_factor_too(client, db):
    make_user("root", "", is_staff=True, is_superuser=True)
    response = sign_in_with_password(client, "root", follow=True)
    assert response.redirect_chain[0][0].startswith(SETUP)
    assert client.get("/admin/")["Location"].startswith(SETUP)
