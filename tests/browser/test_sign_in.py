"""Signing in with two-step set-up in headless Chromium: accessible, and within the CSP."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page

from confide.accounts.models import Role
from tests.browser.support import serious_violations
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_clinician_signs_in_and_sets_up_two_step_verification(page):
    make_user("alice", Role.CLINICIAN)
    sign_in_and_set_up(page)


def sign_in_and_set_up(page: Page) -> None:
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)

    page.goto("/staff/")
    assert page.url.endswith("/accounts/login/?next=/staff/")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text().count("Enter your") == 2
    assert serious_violations(page) == []

    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Set up two-step verification"
    assert page.get_by_role("img", name="QR code for your authenticator app").is_visible()
    assert serious_violations(page) == []
    secret = re.sub(r"\s", "", page.inner_text("#totp-secret"))
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Confirm").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Your recovery codes"
    assert len(page.locator(".recovery-codes li").all()) == 10
    assert serious_violations(page) == []
    page.get_by_role("link", name="I have saved my codes: continue").click()
    assert page.url.endswith("/staff/")

    page.get_by_role("button", name="Sign out").click()
    assert "You have signed out." in page.inner_text("main")
    assert refused == []
