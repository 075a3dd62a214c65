"""The pre-session link on a phone, and the caseload, in headless Chromium."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client as DjangoClient
from django.utils import timezone

from confide.outcomes.links import issue_token
from confide.outcomes.models import MeasureLink, RiskAlert
from tests.factories import add_scores, build_world, sign_in

from .support import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_client_fills_the_link_on_a_375px_screen_and_sees_crisis_help_at_once(
    browser, live_server, places, artifacts
):
    world = build_world()
    link = MeasureLink.objects.create(
        client=world.carol, instruments=["phq9", "gad7"],
        expires_at=timezone.now() + timedelta(hours=72),
    )  # fmt: skip
    token = issue_token(link)
    context = browser.new_context(viewport={"width": 375, "height": 800}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"/m/{token}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Before your session"
    assert serious_violations(page) == []
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for i in range(1, 9):
        page.locator(f"label[for=id_phq9-item_{i}_1]").click()
    crisis = page.locator("#q-phq9-item_9 .crisis-inline")
    assert not crisis.is_visible()
    page.locator("label[for=id_phq9-item_9_1]").click()
    assert crisis.is_visible() and "988" in crisis.inner_text()  # at once, before sending
    for i in range(1, 8):
        page.locator(f"label[for=id_gad7-item_{i}_0]").click()
    page.screenshot(path=str(artifacts / "outcomes-link-375.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Send my answers").click()
    # The crisis panel comes first on the page that comes back.
    first_heading = page.locator("main h2, main h1").first.inner_text()
    assert first_heading.startswith("If you are thinking about harming yourself")
    assert serious_violations(page) == []
    assert RiskAlert.objects.filter(client=world.carol, assessment__source="portal").exists()
    page.goto(f"/m/{token}/")
    assert "no longer works" in page.inner_text("main")
    context.close()


def test_a_clinician_opens_the_caseload_and_sees_who_needs_attention(page, live_server):
    world = build_world()
    add_scores(world.dave, "phq9", [18, 12])  # Bob's: never shown to Alice
    session = DjangoClient()
    sign_in(session, world.alice)
    page.context.add_cookies(
        [{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto("/staff/outcomes/")
    main = page.inner_text("main")
    assert "need attention" in main or "needs attention" in main
    assert "Open risk alert" in main and "Quillfeather" in main and "Thistlewood" not in main
    assert serious_violations(page) == []
    page.get_by_role("link", name="Carolina Quillfeather").click()
    page.wait_for_url(re.compile(r"/staff/outcomes/clients/"))
    assert page.locator("svg.score-chart").count() >= 1
    assert serious_violations(page) == []
    page.get_by_label("What was done").first.fill("Phoned Carolina; safety plan reviewed.")
    with page.expect_navigation():
        page.get_by_role("button", name="Acknowledge alert").first.click()
    assert "acknowledged" in page.inner_text("main")
    assert not mail.outbox  # acknowledging sends nothing
