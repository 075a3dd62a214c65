"""A self-pay client from booking to a Good Faith Estimate, attended sessions to charges, an
invoice paid by card through the console provider, and the superbill from the portal, in
headless Chromium, with an accessibility scan of each page on the way."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from confide.billing.demo import load_fee_schedule
from confide.billing.models import Charge, Estimate, Invoice
from confide.practice.models import Location
from confide.scheduling.models import Appointment
from tests.factories import NY, build_world, next_weekday, sign_in, work_at

from .support import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def as_user(page, live_server, user):
    session = sign_in(Client(), user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": live_server.url}]
    )


def scanned(page):
    assert serious_violations(page) == [], page.url


def test_self_pay_client_from_booking_to_a_paid_invoice_and_a_superbill(
    page, live_server, artifacts
):
    world = build_world()
    work_at(world.alice_clinician, Location.objects.get(slug="greenwich"))
    load_fee_schedule()
    carol = world.carol

    # Intake books the first consultation two weeks out: Confide drafts the estimate.
    as_user(page, live_server, world.intake)
    start = next_weekday(1, 10, weeks_ahead=2)
    page.goto(f"/staff/schedule/?clinician={world.alice_clinician.pk}&week={start.date()}")
    page.get_by_role("link", name=f"Book {start:%A %B} {start.day} at 10:00").click()
    page.get_by_label("Client").select_option(label=carol.full_name)
    page.get_by_label("Kind").select_option("intake_consultation")
    page.get_by_role("button", name="Book").click()
    assert "Booked" in page.locator(".messages").inner_text()
    page.goto("/staff/billing/")
    scanned(page)
    due = page.get_by_role("row", name=carol.full_name)
    assert "Scheduled" in due.inner_text() or "scheduled" in due.inner_text()
    due.get_by_role("link", name=carol.full_name).click()
    scanned(page)
    page.get_by_role("button", name="Issue the estimate").click()
    assert "Estimate issued" in page.locator(".messages").inner_text()
    assert Estimate.objects.get(client=carol).status == "issued"

    # Two sessions were held: the clinician marks them attended, adds the diagnosis, and
    # finalises the draft charges.
    held = []
    for days_ago, kind in ((9, "intake_consultation"), (2, "ipt_session")):
        day = timezone.localdate() - timedelta(days=days_ago)
        begin = datetime(day.year, day.month, day.day, 10, tzinfo=NY)
        held.append(
            Appointment.objects.create(
                clinician=world.alice_clinician,
                client=carol,
                start=begin,
                end=begin + timedelta(minutes=50),
                format="virtual",
                kind=kind,
            )
        )
    as_user(page, live_server, world.alice)
    for appt in held:
        page.goto(f"/staff/schedule/appointments/{appt.pk}/")
        page.get_by_role("button", name="Attended").click()
        assert "Marked attended" in page.locator(".messages").inner_text()
    assert Charge.objects.filter(client=carol, status="draft").count() == 2
    page.goto(f"/staff/billing/clients/{carol.pk}/")
    page.get_by_label("ICD-10-CM code").fill("F32")
    page.get_by_role("button", name="Add the diagnosis").click()
    assert "not billable" in page.locator(".error-summary").inner_text()
    scanned(page)
    page.get_by_label("ICD-10-CM code").fill("F32.1")
    page.get_by_role("button", name="Add the diagnosis").click()
    assert "Diagnosis added" in page.locator(".messages").inner_text()
    page.goto("/staff/billing/")
    page.get_by_role("button", name="Finalise the ticked charges").click()
    assert "2 charge(s) finalised" in page.locator(".messages").inner_text()

    # Intake invoices the final charges: it is e-mailed to the client.
    as_user(page, live_server, world.intake)
    page.goto(f"/staff/billing/clients/{carol.pk}/")
    page.get_by_role("button", name="Invoice 2 final charges and e-mail it").click()
    invoice = Invoice.objects.get(client=carol)
    assert f"Invoice {invoice.number} made" in page.locator(".messages").inner_text()
    assert any(m.subject.startswith("Your invoice") for m in mail.outbox)

    # The client pays by card through the console provider and downloads the superbill.
    as_user(page, live_server, world.carol_user)
    page.goto("/portal/")
    scanned(page)
    page.get_by_role("button", name="Pay $425.00 by card").click()
    scanned(page)
    page.get_by_role("button", name="Pay $425.00").click()
    assert "your payment of $425.00 was received" in page.locator(".messages").inner_text()
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    first = held[0].local_start.date()
    page.get_by_label("From").fill(str(first))
    page.get_by_label("To").fill(str(timezone.localdate()))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the superbill (PDF)").click()
    content = Path(download.value.path()).read_bytes()
    (artifacts / "superbill.pdf").write_bytes(content)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    for expected in (
        "90791",
        "90834",
        "95",
        "F32.1",
        "Major depressive disorder",
        carol.full_name,
        "Alice Ames",
        "$425.00",
    ):
        assert expected in text, expected
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/portal/")
    scanned(page)
    page.screenshot(path=str(artifacts / "portal-money.png"), full_page=True)
