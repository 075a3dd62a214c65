"""The client search, the calendar link and a refused save, in headless Chromium."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import build_world, sign_in

from .support import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(page, live_server, user):
    session = sign_in(Client(), user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_searching_for_a_client_keeps_the_name_out_of_the_address(page, live_server, artifacts):
    world = build_world()
    signed_in(page, live_server, world.intake)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto("/staff/clients/")
    page.get_by_label("Name").fill("Quill")
    page.get_by_label("Name").press("Enter")
    page.wait_for_url("**/staff/clients/?search=*")
    assert "Quill" not in page.url
    assert all("Quill" not in url for url in requests)
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and "Carolina Quillfeather" in rows.inner_text()
    assert page.get_by_label("Name").input_value() == "Quill"
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / "client-search.png", full_page=True)
    page.reload()  # the address alone brings the results back
    assert page.locator("tbody tr").count() == 1


def test_a_clinician_replaces_their_calendar_link(page, live_server, artifacts):
    world = build_world()
    signed_in(page, live_server, world.alice)
    page.goto("/staff/")
    page.get_by_role("link", name="Calendar link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your calendar link"
    page.get_by_role("button", name="Make a link").click()
    first = page.locator("code").inner_text()
    assert "/calendar/" in first and first.endswith(".ics")
    page.request.get(first)  # a calendar app reads it
    page.goto("/staff/schedule/calendar-link/")
    assert "read 1 time" in page.locator("main").inner_text()
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / "calendar-link.png", full_page=True)
    page.get_by_role("button", name="Replace the link").click()
    second = page.locator("code").inner_text()
    assert second != first
    assert page.request.get(first).status == 404
    assert page.request.get(second).status == 200


def test_a_save_the_database_refuses_lands_on_the_field(page, live_server, artifacts, monkeypatch):
    """Two people adding the same client at once: the database refuses the second."""
    from django.db import IntegrityError

    from confide.staff import views

    world = build_world()

    def refuse(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: practice_client.email")

    monkeypatch.setattr(views, "create_client", refuse)
    signed_in(page, live_server, world.intake)
    page.goto("/staff/clients/new/")
    page.get_by_label("First name").fill("Wilhelmina")
    page.get_by_label("Last name").fill("Zarkovsky")
    page.get_by_label("Date of birth").fill("1971-08-19")
    page.get_by_label("Email", exact=False).first.fill("carolina@example.com")
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if r.request.method == "POST" else None)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert statuses == [409]
    assert "Another record already has this email" in page.locator("main").inner_text()
    assert page.get_by_label("First name").input_value() == "Wilhelmina"  # nothing lost
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / "refused.png", full_page=True)
