"""The portal's and the staff's message pages, as their users meet them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from confide.messaging import actions
from confide.messaging.models import Attachment, Thread
from tests.factories import make_user, sign_in

from .conftest import EXE, PDF, actor

pytestmark = pytest.mark.django_db


def test_the_portal_says_plainly_that_messages_are_not_watched_around_the_clock(world):
    carol = sign_in(Client(), world.carol_user)
    home = carol.get("/portal/").content.decode()
    assert "not around the clock" in home and "/portal/messages/" in home
    page = carol.get("/portal/messages/").content.decode()
    assert "Messages are not watched around the clock." in page and "988" in page
    assert "Your message goes to Alice Ames" in page


def test_a_client_writes_to_their_clinician_from_the_portal(world):
    carol = sign_in(Client(), world.carol_user)
    response = carol.post(
        "/portal/messages/", {"subject": "Next week", "body": "I may be late on Tuesday."}
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/portal/messages/{thread.pk}/"
    page = carol.get(response["Location"]).content.decode()
    assert "Your message has been sent." in page and "I may be late on Tuesday." in page
    assert 'id="crisis"' not in page


def test_a_message_with_risk_words_shows_the_sender_the_crisis_lines_at_once(world):
    carol = sign_in(Client(), world.carol_user)
    response = carol.post(
        "/portal/messages/", {"subject": "Hard week", "body": "Honestly I want to die."}
    )
    page = carol.get(response["Location"]).content.decode()
    assert 'id="crisis"' in page and "tel:988" in page and "Please do not wait for a reply" in page
    again = carol.get(response["Location"]).content.decode()
    assert 'id="crisis"' not in again  # shown at once, not pinned to the thread for ever
    assert "may-signal-risk" not in response["Location"]
    staff = sign_in(Client(), world.alice).get("/staff/messages/").content.decode()
    assert "May signal risk" in staff


def test_bad_input_is_shown_on_the_form_with_the_field_named(world):
    carol = sign_in(Client(), world.carol_user)
    response = carol.post("/portal/messages/", {"subject": "", "body": "Hello"})
    assert response.status_code == 422
    assert "Subject: This field is required." in response.content.decode()
    upload = SimpleUploadedFile("homework.pdf", EXE, content_type="application/pdf")
    response = carol.post(
        "/portal/messages/", {"subject": "Homework", "body": "Attached", "file": upload}
    )
    assert response.status_code == 422 and "cannot be sent" in response.content.decode()
    assert not Thread.objects.exists()


def test_the_clinician_shares_a_worksheet_and_the_client_finds_it(world):
    alice = sign_in(Client(), world.alice)
    record = alice.get(f"/staff/clients/{world.carol.pk}/").content.decode()
    assert "Messages and shared documents" in record and "New message or document" in record
    upload = SimpleUploadedFile("record.pdf", PDF, content_type="application/octet-stream")
    response = alice.post(
        f"/staff/messages/clients/{world.carol.pk}/new/",
        {
            "subject": "Homework for this week",
            "body": "",
            "kind": "worksheet",
            "title": "Thought record",
            "file": upload,
        },
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    carol = sign_in(Client(), world.carol_user)
    assert "You have 1 new message" in carol.get("/portal/").content.decode()
    page = carol.get("/portal/messages/").content.decode()
    assert "Thought record" in page and "New" in page
    assert f"/portal/messages/files/{attachment.pk}/" in page
    assert carol.get(f"/portal/messages/files/{attachment.pk}/").content == PDF


def test_the_clinician_replies_and_marks_a_thread_as_needing_no_reply(world):
    sent = actions.start_thread(actor(world.carol_user), world.carol, subject="Thanks", body="!")
    alice = sign_in(Client(), world.alice)
    page = alice.get(f"/staff/messages/{sent.thread.pk}/").content.decode()
    assert "Mark as needing no reply" in page
    alice.post(f"/staff/messages/{sent.thread.pk}/reply-needed/", {"needed": "0"})
    assert not Thread.objects.get().awaiting_reply
    assert "No reply needed" in alice.get("/staff/messages/").content.decode()
    alice.post(f"/staff/messages/{sent.thread.pk}/", {"body": "Glad to hear it", "kind": "other"})
    assert Thread.objects.get().messages.count() == 2


def test_staff_who_are_not_the_care_team_see_no_messages(world):
    sent = actions.start_thread(actor(world.carol_user), world.carol, subject="S", body="B")
    intake = sign_in(Client(), world.intake)
    record = intake.get(f"/staff/clients/{world.carol.pk}/").content.decode()
    assert "Messages and shared documents" not in record
    hidden = intake.get(f"/staff/messages/{sent.thread.pk}/")
    assert hidden.status_code == 403 and b"B</p>" not in hidden.content
    assert intake.get(f"/staff/messages/clients/{world.carol.pk}/new/").status_code == 403
    bob = sign_in(Client(), world.bob)
    assert bob.get(f"/staff/messages/{sent.thread.pk}/").status_code == 404
    assert bob.get(f"/staff/messages/clients/{world.carol.pk}/new/").status_code == 404
    assert str(sent.thread.pk) not in bob.get("/staff/messages/").content.decode()


def test_a_client_cannot_open_another_clients_thread(world):
    sent = actions.start_thread(actor(world.carol_user), world.carol, subject="S", body="Secret")
    dave_user = make_user("dave", "client")
    world.dave.user = dave_user
    world.dave.save()
    dave = sign_in(Client(), dave_user)
    response = dave.get(f"/portal/messages/{sent.thread.pk}/")
    assert response.status_code == 404 and b"Secret" not in response.content
    assert dave.post(f"/portal/messages/{sent.thread.pk}/", {"body": "hi"}).status_code == 404


def test_staff_pages_need_the_second_factor(world):
    sent = actions.start_thread(actor(world.carol_user), world.carol, subject="S", body="B")
    web = Client()
    web.force_login(world.alice)  # password only
    response = web.get(f"/staff/messages/{sent.thread.pk}/")
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def _threads(world, n):
    for i in range(n):
        sent = actions.start_thread(
            actor(world.carol_user), world.carol, subject=f"Subject {i}", body="Body"
        )
        actions.send_message(actor(world.alice), sent.thread, body="Reply")


def test_the_inbox_costs_the_same_queries_for_many_threads(world, django_assert_max_num_queries):
    _threads(world, 2)
    alice = sign_in(Client(), world.alice)
    carol = sign_in(Client(), world.carol_user)
    alice.get("/staff/messages/")
    carol.get("/portal/messages/")
    with django_assert_max_num_queries(30) as few:
        alice.get("/staff/messages/")
    with django_assert_max_num_queries(30) as few_portal:
        carol.get("/portal/messages/")
    _threads(world, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        alice.get("/staff/messages/")
    with django_assert_max_num_queries(len(few_portal.captured_queries)):
        carol.get("/portal/messages/")
