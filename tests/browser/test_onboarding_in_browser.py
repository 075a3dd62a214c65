"""Onboarding in headless Chromium, each page scanned with axe-core: a new client goes from the
invitation e-mail to a signed packet and completed intake forms and downloads their record; a
guardian signs a minor's consent; a staff password reset works and never gets past the second
factor."""

import io
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client as DjangoClient
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page
from pypdf import PdfReader

from confide.accounts.models import Role
from confide.paperwork.models import Document, FormStatus, IntakeForm, Kind, Status
from confide.practice.models import Client, Guardian
from confide.scheduling.models import Appointment
from tests.factories import actor, sign_in
from tests.factories.onboarding import NEW_PASSWORD, PASSWORD, staff, years_ago

from .support import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def as_staff(page: Page, live_server, user) -> None:
    browser_session = DjangoClient()
    sign_in(browser_session, user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": browser_session.cookies["sessionid"].value,
          "url": live_server.url}]
    )  # fmt: skip


def link_to(address: str) -> str:
    base = re.escape(settings.CONFIDE_BASE_URL.rstrip("/"))
    message = [m for m in mail.outbox if address in m.to][-1]
    return re.search(rf"{base}(/\S+)", message.body).group(1)


def accessible(page: Page) -> None:
    assert serious_violations(page) == [], page.url


def choose_password(page: Page, path: str, *, scan: bool = True) -> None:
    """Follow the invitation link; a weak password first, then a good one. (The axe scan
    needs JavaScript; a page without it is checked for working, not scanned.)"""
    page.goto(path)
    assert page.get_by_role("heading", level=1).inner_text() == "Choose your password"
    assert "/invitation/welcome/" in page.url  # the token has left the address bar
    if scan:
        accessible(page)
    page.get_by_label("New password", exact=True).fill("too short")
    page.get_by_label("New password again").fill("too short")
    page.get_by_role("button", name="Set my password").click()
    assert "This password is too short" in page.get_by_role("alert").inner_text()
    if scan:
        accessible(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my password").click()


def sign_document(page: Page, title: str, name: str) -> None:
    page.get_by_role("link", name=f"Read and sign: {title}").click()
    assert page.get_by_role("heading", level=1).inner_text() == title
    accessible(page)
    page.get_by_label("Type your full name").fill(name)
    page.get_by_label(re.compile("I have read this document")).check()
    page.get_by_role("button", name="Sign the document").click()
    assert f"Signed: {title}. Thank you." in page.get_by_role("status").inner_text()


def download(page: Page, link_name: str, tmp: Path) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    target = tmp / info.value.suggested_filename
    info.value.save_as(target)
    return target.read_bytes()


def pdf_text(body: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)


def test_a_new_client_goes_from_the_invitation_to_a_complete_packet_and_their_record(
    page, browser, live_server, tmp_path, artifacts
):
    intake = staff("intake", Role.INTAKE)
    alice = staff("alice", Role.CLINICIAN)
    from confide.practice.models import Assignment, Clinician

    clinician = Clinician.objects.create(user=alice, first_name="Alice", last_name="Ames")
    marisol = Client.objects.create(
        first_name="Marisol", last_name="Quenby", date_of_birth=years_ago(34),
        email="marisol@example.com", phone="(203) 555-0199", status="waiting",
    )  # fmt: skip
    Assignment.objects.create(client=marisol, clinician=clinician)
    start = timezone.now() + timedelta(days=3)
    Appointment.objects.create(
        clinician=clinician, client=marisol, start=start, end=start + timedelta(minutes=50),
        format="virtual", kind="intake_consultation",
    )  # fmt: skip

    # Intake invites her from her record.
    as_staff(page, live_server, intake)
    page.goto(f"/staff/clients/{marisol.pk}/")
    accessible(page)
    page.get_by_role("button", name="Invite to the portal").click()
    assert "Invitation sent" in page.inner_text("main")
    assert "Paperwork: 0 of 9 done" in page.inner_text("main") or "0 of 9 done" in page.inner_text(
        "main"
    )

    # Marisol, in her own browser, follows the link in her e-mail.
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    client_page = context.new_page()
    client_page.set_default_timeout(10_000)
    choose_password(client_page, link_to("marisol@example.com"))
    assert client_page.get_by_role("heading", level=1).inner_text() == "Hello, Marisol"
    accessible(client_page)
    assert client_page.evaluate("document.documentElement.scrollWidth") <= 390
    client_page.screenshot(path=str(artifacts / "portal-paperwork-390.png"), full_page=True)

    for title in (
        "Notice of Privacy Practices: acknowledgement",
        "Informed consent to treatment",
        "Consent to telehealth (video sessions)",
        "Financial policy",
    ):
        sign_document(client_page, title, "Marisol Quenby")

    client_page.get_by_role("link", name="Fill in: About you").click()
    accessible(client_page)
    client_page.get_by_label("Name you would like us to use").fill("Mari")
    client_page.get_by_label("Street address").fill("15 Valley Drive")
    client_page.get_by_label("Town or city").fill("Greenwich")
    client_page.get_by_label("State").fill("CT")
    client_page.get_by_label("ZIP code").fill("06831")
    client_page.get_by_label("Email").check()
    client_page.get_by_role("button", name="Send").click()
    client_page.get_by_role("link", name="Fill in: Emergency contact").click()
    client_page.get_by_label("Name").fill("Rosa Quenby")
    client_page.get_by_label("Relationship to you").fill("sister")
    client_page.get_by_label("Phone").fill("(203) 555-0177")
    client_page.get_by_role("button", name="Send").click()
    client_page.get_by_role("link", name="Fill in: Current medication").click()
    client_page.get_by_role("group", name=re.compile("taking any medication")).get_by_label(
        "Yes"
    ).check()
    client_page.get_by_role("button", name="Send").click()
    assert "Say which medication you take." in client_page.get_by_role("alert").inner_text()
    accessible(client_page)
    client_page.get_by_label("Which medication?").fill("Sertraline 50 mg daily")
    client_page.get_by_role("button", name="Send").click()
    client_page.get_by_role("link", name="Fill in: Earlier treatment").click()
    client_page.get_by_role("group", name=re.compile("counselling, therapy")).get_by_label(
        "No"
    ).check()
    client_page.get_by_role("group", name=re.compile("stayed in hospital")).get_by_label(
        "No"
    ).check()
    client_page.get_by_role("button", name="Send").click()
    client_page.get_by_role(
        "link", name="Fill in: Questionnaires before your first session"
    ).click()
    accessible(client_page)
    for i in range(1, 10):
        client_page.locator(f"label[for=id_phq9-item_{i}_1]").click()
    for i in range(1, 8):
        client_page.locator(f"label[for=id_gad7-item_{i}_1]").click()
    client_page.get_by_role("button", name="Send my answers").click()
    assert client_page.get_by_role("heading", level=1).inner_text() == "Thank you"
    accessible(client_page)
    client_page.get_by_role("link", name="Back to the portal").click()
    assert "Nothing to do: your paperwork is complete." in client_page.inner_text("main")

    assert not Document.objects.filter(client=marisol, status=Status.PENDING).exists()
    assert not IntakeForm.objects.filter(client=marisol, status=FormStatus.PENDING).exists()
    marisol.refresh_from_db()
    assert marisol.preferred_name == "Mari" and marisol.emergency_contact_name == "Rosa Quenby"

    # Her signed consent, and her record, as files.
    client_page.screenshot(path=str(artifacts / "portal-complete-390.png"), full_page=True)
    signed = download(
        client_page, "Download the signed copy (PDF) of Informed consent to treatment", tmp_path
    )
    text = pdf_text(signed)
    consent = Document.objects.get(client=marisol, kind=Kind.TREATMENT_CONSENT)
    assert "Marisol Quenby" in text and consent.content_sha256 in text
    record = pdf_text(download(client_page, "Download the record (PDF)", tmp_path))
    assert "Record of Marisol Quenby" in record and "Generalized Anxiety Disorder" in record
    bundle = json.loads(download(client_page, "Download the record (FHIR JSON)", tmp_path))
    assert bundle["resourceType"] == "Bundle"
    assert "QuestionnaireResponse" in {e["resource"]["resourceType"] for e in bundle["entry"]}
    context.close()

    # The intake appointment shows the packet complete.
    page.goto(f"/staff/clients/{marisol.pk}/")
    main = page.inner_text("main")
    assert "Paperwork complete" in main
    accessible(page)

    # Her clinician reads the medication form and marks it reviewed.
    as_staff(page, live_server, alice)
    page.goto(f"/staff/clients/{marisol.pk}/")
    accessible(page)  # with the clinician's sharing choices and review links
    page.screenshot(path=str(artifacts / "staff-client-paperwork.png"), full_page=True)
    page.get_by_role("link", name="Current medication").click()
    assert "Sertraline 50 mg daily" in page.inner_text("main")
    accessible(page)
    page.get_by_role("button", name="Mark as reviewed").click()
    assert "Marked as reviewed: Current medication." in page.inner_text("main")


def test_a_guardian_signs_the_minors_consent_with_a_drawn_signature(
    page, browser, live_server, artifacts
):
    from confide.paperwork.actions import invite_to_portal
    from confide.practice.models import Assignment, Clinician

    intake = staff("intake", Role.INTAKE)
    clinician = Clinician.objects.create(first_name="Claire", last_name="Moreau")
    pia = Client.objects.create(
        first_name="Pia", last_name="Lindqvist", date_of_birth=years_ago(9),
        guardian_name="Ingrid Lindqvist", guardian_email="ingrid@example.com", status="waiting",
    )  # fmt: skip
    Assignment.objects.create(client=pia, clinician=clinician)
    invite_to_portal(actor(intake), pia)

    choose_password(page, link_to("ingrid@example.com"))
    assert page.get_by_role("heading", level=1).inner_text() == "Pia's care"
    accessible(page)
    page.get_by_role("link", name="Read and sign: Consent for the treatment of a minor").click()
    accessible(page)
    canvas = page.get_by_role("img", name="Area to draw a signature (optional)")
    assert canvas.is_visible()  # JavaScript on: the optional pad is offered
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 60)
    page.mouse.down()
    for step in range(1, 30):
        page.mouse.move(box["x"] + 20 + step * 8, box["y"] + 60 + (step % 5) * 6)
    page.mouse.up()
    page.get_by_label("Type your full name").fill("Ingrid Lindqvist")
    page.get_by_label(re.compile("I have read this document")).check()
    page.screenshot(path=str(artifacts / "guardian-signs-minor-consent.png"), full_page=True)
    page.get_by_role("button", name="Sign the document").click()
    assert "Signed: Consent for the treatment of a minor" in page.inner_text("main")
    consent = Document.objects.get(client=pia, kind=Kind.MINOR_CONSENT)
    guardian = Guardian.objects.get(client=pia)
    assert consent.status == Status.SIGNED and consent.signed_by == guardian.user
    assert bytes(consent.drawn_signature).startswith(b"\x89PNG")
    assert "Parent or guardian" in consent.signer_capacity
    # What Pia says stays hers: no questionnaires or scores here.
    assert "How Pia has been doing" not in page.inner_text("main")


def test_signing_works_without_javascript(browser, live_server, places):
    from confide.paperwork.actions import invite_to_portal

    intake = staff("intake", Role.INTAKE)
    client = Client.objects.create(
        first_name="Nadia", last_name="Okonkwo", date_of_birth=years_ago(40),
        email="nadia@example.com",
    )  # fmt: skip
    invite_to_portal(actor(intake), client)
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    choose_password(page, link_to("nadia@example.com"), scan=False)
    page.get_by_role("link", name="Read and sign: Financial policy").click()
    assert not page.get_by_role("img", name="Area to draw a signature (optional)").is_visible()
    page.get_by_label("Type your full name").fill("Nadia Okonkwo")
    page.get_by_label(re.compile("I have read this document")).check()
    page.get_by_role("button", name="Sign the document").click()
    assert Document.objects.get(client=client, kind=Kind.FINANCIAL_POLICY).status == Status.SIGNED
    context.close()


def test_a_staff_reset_works_and_refuses_to_bypass_the_second_factor(page, live_server):
    alice = staff("alice", Role.CLINICIAN)
    device = TOTPDevice.objects.create(user=alice, name="phone", confirmed=True)

    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    accessible(page)
    page.get_by_label("E-mail address").fill("alice@practice.example")
    page.get_by_role("button", name="Send me a reset link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your e-mail"
    accessible(page)

    page.goto(link_to("alice@practice.example"))
    assert page.get_by_role("heading", level=1).inner_text() == "Choose a new password"
    accessible(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Save my new password").click()
    assert "That code is not right" in page.get_by_role("alert").inner_text()
    accessible(page)
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)  # refused: no new password without the app

    device.refresh_from_db()
    device.throttle_reset()
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(
        f"{TOTP(device.bin_key).token():06d}"
    )
    page.get_by_role("button", name="Save my new password").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your password is changed"
    accessible(page)

    # Signing in with the new password still asks for the app; /staff/ stays closed until then.
    page.get_by_role("link", name="Sign in").last.click()
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("heading", level=1).inner_text() != "Dashboard"
    assert "/accounts/2fa/verify/" in page.url
    page.goto("/staff/")
    assert "/accounts/2fa/verify/" in page.url
