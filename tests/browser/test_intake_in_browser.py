"""From the check's result to the intake queue, in headless Chromium."""

import re

import pytest
from django.test import Client

from confide.accounts.models import Role, User
from confide.intake.models import ConsultationRequest
from tests.factories import ensure_vocabulary, make_request, sign_in

from .support import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def take_the_check_and_keep_it(page) -> str:
    page.goto("/check/")
    page.get_by_label("Myself (an adult)").check()
    page.get_by_label("All questions on one page").check()
    page.get_by_role("button", name="Start the check").click()
    for n, value in enumerate([2, 2, 2, 2, 2, 1, 1, 1, 0], start=1):
        page.locator(f'input[name="phq9-item_{n}"][value="{value}"]').check()
    for n in range(1, 8):
        page.locator(f'input[name="gad7-item_{n}"][value="1"]').check()
    page.get_by_role("button", name="See my results").click()
    assert "Your results" in page.inner_text("main")
    page.get_by_role("button", name=re.compile("Keep my result")).click()
    return page.locator("p.code").inner_text().strip()


def test_a_person_goes_from_their_kept_result_to_the_intake_queue(page, live_server):
    ensure_vocabulary()
    earlier_calm = make_request(first_name="Calmly")
    earlier_urgent = make_request(first_name="Urgently", details="I keep thinking about suicide")

    code = take_the_check_and_keep_it(page)
    page.get_by_role("link", name="Request a consultation").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Request a consultation"
    assert serious_violations(page) == []

    # Send it once with a mistake: the error names the field and nothing typed is lost.
    page.get_by_label("Your first name").fill("Marisol")
    page.get_by_label("Your last name").fill("Quenby")
    page.get_by_label("Email address").fill("marisol@example.com")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Myself").check()
    page.get_by_label("An adult (18 or over)").check()
    page.get_by_label("A life transition").check()
    page.get_by_label("Tuesday").check()
    page.get_by_label("Afternoon").check()
    page.get_by_label("Code from the symptom check").fill(code)
    page.get_by_role("button", name="Send my request").click()
    summary = page.locator(".error-summary")
    assert "Agree that we may contact you" in summary.inner_text()
    assert page.get_by_label("Your last name").input_value() == "Quenby"
    assert serious_violations(page) == []

    page.get_by_label("You may contact me").check()
    page.get_by_role("button", name="Send my request").click()
    assert "your request is sent" in page.inner_text("h1")
    assert page.locator(".crisis").count() == 0
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    mine = ConsultationRequest.objects.get(first_name="Marisol")
    assert mine.kept_screening is not None and mine.severity == 2  # PHQ-9 of 13: moderate

    intake = User.objects.create_user(username="jordan", password="x" * 12, role=Role.INTAKE)
    staff = sign_in(Client(), intake)
    page.context.add_cookies(
        [{"name": "sessionid", "value": staff.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/staff/intake/")
    rows = page.locator("table.queue tbody tr")
    ids = [rows.nth(i).get_attribute("data-id") for i in range(rows.count())]
    assert ids == [str(earlier_urgent.pk), str(mine.pk), str(earlier_calm.pk)]
    assert "Urgent" in rows.nth(0).inner_text()
    assert serious_violations(page) == []

    page.get_by_role("link", name="Marisol Quenby").click()
    main = page.inner_text("main")
    assert "13 of 27" in main and "A life transition" in main
    assert serious_violations(page) == []
