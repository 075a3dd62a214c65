"""Between sessions, in headless Chromium: a client writes to their clinician and reads the
reply, receives and opens a shared worksheet, sees the crisis lines at once when a message
holds risk words, and opens the session's video room; the clinician's side too. Every page
is scanned with axe-core, and every step is in the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client as DjangoClient
from django.utils import timezone

from confide.audit.models import Action, AuditEvent
from confide.messaging.models import Attachment, Message
from confide.scheduling.models import Appointment, Format
from tests.factories import build_world, sign_in
from tests.messaging.conftest import PDF

from .support import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(browser, live_server, user, **viewport):
    session = sign_in(DjangoClient(), user)
    context = browser.new_context(
        viewport=viewport or {"width": 1280, "height": 900}, base_url=live_server.url
    )
    context.add_cookies(
        [{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _axe(page):
    assert serious_violations(page) == [], page.url


def test_a_client_and_their_clinician_between_sessions(browser, live_server, places, artifacts):
    world = build_world()
    soon = timezone.now() + timedelta(minutes=5)
    appt = Appointment.objects.create(
        clinician=world.alice_clinician,
        client=world.carol,
        start=soon,
        end=soon + timedelta(minutes=50),
        format=Format.VIRTUAL,
    )
    carol_context, carol = _signed_in(browser, live_server, world.carol_user)
    alice_context, alice = _signed_in(browser, live_server, world.alice)

    # The client writes to her clinician.
    carol.goto("/portal/")
    _axe(carol)
    carol.get_by_role("link", name="Messages and documents").click()
    assert "not watched around the clock" in carol.locator("#not-watched").inner_text()
    _axe(carol)
    carol.get_by_label("Subject").fill("Before Tuesday")
    carol.get_by_label("Your message").fill("Could we talk about my sister on Tuesday?")
    carol.get_by_role("button", name="Send the message").click()
    assert "Your message has been sent." in carol.locator(".messages").inner_text()
    _axe(carol)

    # The clinician reads it and replies with a worksheet.
    alice.goto("/staff/")
    alice.get_by_role("link", name="Messages 1 unread").click()
    _axe(alice)
    alice.get_by_role("link", name="Before Tuesday").click()
    assert "my sister" in alice.locator(".conversation").inner_text()
    _axe(alice)
    alice.get_by_label("Message (optional)").fill("Yes, let's. Here is a worksheet for it.")
    alice.get_by_label("Attach a file (optional)").set_input_files(
        files=[{"name": "relationships.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    alice.get_by_label("What the file is").select_option("worksheet")
    alice.get_by_label("Title of the file (optional)").fill("Interpersonal inventory worksheet")
    alice.get_by_role("button", name="Send", exact=True).click()
    assert "Sent." in alice.locator(".messages").inner_text()
    alice.screenshot(path=str(artifacts / "messages-staff-thread.png"), full_page=True)

    # The client sees the reply and opens the worksheet.
    carol.goto("/portal/")
    assert "You have 1 new message" in carol.inner_text("main")
    carol.get_by_role("link", name="Read your messages").click()
    documents = carol.locator("section", has_text="Documents shared with you")
    assert "Interpersonal inventory worksheet" in documents.inner_text()
    assert "New" in documents.inner_text()
    _axe(carol)
    carol.get_by_role("link", name="Before Tuesday", exact=True).click()
    assert "Here is a worksheet for it." in carol.locator(".conversation").inner_text()
    _axe(carol)
    with carol.expect_download() as download:
        carol.get_by_role("link", name="Download Interpersonal inventory worksheet").click()
    with open(download.value.path(), "rb") as f:
        assert f.read() == PDF
    thread_url = carol.url
    with carol.expect_response(lambda r: "/files/" in r.url) as opened:
        carol.get_by_role("link", name="Interpersonal inventory worksheet", exact=True).click()
    response = opened.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    # (Chromium shows it in its PDF viewer; the bytes were compared in the download above.)
    carol.goto(thread_url)

    # A reply that holds risk words brings the crisis lines up at once.
    carol.get_by_label("Your message").fill("Some nights I don't want to be here anymore.")
    carol.get_by_role("button", name="Send the reply").click()
    crisis = carol.locator("#crisis")
    assert "988" in crisis.inner_text() and "911" in crisis.inner_text()
    _axe(carol)
    carol.screenshot(path=str(artifacts / "messages-portal-crisis.png"), full_page=True)
    alice.goto("/staff/messages/")
    assert "May signal risk" in alice.inner_text("main")

    # The session's video room, from the portal and from the staff side.
    carol.goto("/portal/")
    carol.get_by_role("link", name="join the video session").click()
    assert "You are in room" in carol.inner_text("main") and "Carolina" in carol.inner_text("main")
    _axe(carol)
    alice.goto(f"/staff/schedule/appointments/{appt.pk}/")
    _axe(alice)
    alice.get_by_role("link", name="open the video room").click()
    assert "Alice Ames, PhD (moderator)" in alice.inner_text("main")
    appt.refresh_from_db()
    assert appt.video_room and appt.video_room in carol.url.split("?")[0] + alice.url

    # Everything above is in the audit trail.
    audit = AuditEvent.objects.filter(client_id=world.carol.pk)
    assert audit.filter(action=Action.CREATE, object_type="message").count() == 3
    reply = Message.objects.get(side="care_team")
    assert audit.filter(action=Action.READ, actor=world.carol_user, object_id=str(reply.pk))
    worksheet = Attachment.objects.get()
    assert audit.filter(object_id=str(worksheet.pk), detail="File opened").count() == 2
    assert audit.filter(detail="Video room opened").count() == 2
    carol_context.close()
    alice_context.close()
