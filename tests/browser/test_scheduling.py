"""Book, move and cancel an appointment in the week view, in headless Chromium."""

from __future__ import annotations

import pytest
from django.test import Client

from confide.practice.models import Location
from confide.scheduling.models import Appointment
from tests.factories import build_world, next_weekday, sign_in, work_at

from .support import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_book_move_and_cancel_in_the_week_view(page, live_server):
    world = build_world()
    work_at(world.alice_clinician, Location.objects.get(slug="greenwich"))
    session = sign_in(Client(), world.intake)
    page.context.add_cookies(
        [{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": live_server.url}]
    )
    start = next_weekday(1, 10)
    page.goto(f"/staff/schedule/?clinician={world.alice_clinician.pk}&week={start.date()}")
    assert serious_violations(page) == []
    page.get_by_role("link", name=f"Book {start:%A %B} {start.day} at 10:00").click()
    page.get_by_label("Client").select_option(label=world.carol.full_name)
    page.get_by_label("Session number in the course").fill("4")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Book").click()
    assert "Booked" in page.locator(".messages").inner_text()
    slot = page.locator("a.appt", has_text="Carolina")
    assert "10:00" in slot.inner_text() and "IPT session 4" in slot.inner_text()

    slot.click()
    assert serious_violations(page) == []
    page.get_by_label("Start time").fill("15:00")
    page.get_by_role("button", name="Move the appointment").click()
    assert "Moved" in page.locator(".messages").inner_text()
    assert "3:00" in page.locator("a.appt", has_text="Carolina").inner_text()

    page.locator("a.appt", has_text="Carolina").click()
    page.get_by_label("Reason").fill("Client travelling")
    page.get_by_label("Cancelled by").select_option("client")
    page.get_by_role("button", name="Cancel the appointment").click()
    assert "the time is free again" in page.locator(".messages").inner_text()
    assert "Cancelled" in page.locator("a.appt", has_text="Carolina").inner_text()
    appt = Appointment.objects.get()
    assert appt.status == "cancelled" and appt.local_start.hour == 15

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/staff/schedule/locations/greenwich/")
    assert serious_violations(page) == []
