"""Ask our experts: a question is stored for intake, errors are named, robots and floods fail."""

import logging
import re

import pytest
from django.urls import reverse

from confide.audit.models import AuditEvent
from confide.pages.models import ExpertQuestion, QuestionStatus
from confide.pages.views import ASK_LIMIT
from tests.factories import build_world, sign_in

pytestmark = pytest.mark.django_db

URL = reverse("pages:ask")
SENT = reverse("pages:ask_sent")
QUESTION = "My teenager has been withdrawn since we moved. Could IPT help?"


def valid(**overrides) -> dict[str, str]:
    data = {
        "name": "Jordan Lee",
        "email": "jordan@example.com",
        "phone": "(203) 555-0100",
        "question": QUESTION,
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_has_labels_csrf_a_hidden_honeypot_and_crisis_help(client, places):
    html = client.get(URL).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    for field in ("name", "email", "phone", "question", "consent"):
        assert f'<label for="id_{field}">' in html or f'for="id_{field}"' in html
    assert re.search(r'<div hidden>\s*<label for="id_website">', html)
    assert 'tabindex="-1"' in html
    assert 'autocomplete="email"' in html
    assert "If this is an emergency, call" in html and "tel:988" in html


def test_a_question_is_stored_for_intake_and_confirmed(client, places):
    response = client.post(URL, valid())
    assert response.status_code == 302
    assert response.headers["Location"] == SENT
    question = ExpertQuestion.objects.get()
    assert question.name == "Jordan Lee"
    assert question.email == "jordan@example.com"
    assert question.phone == "(203) 555-0100"
    assert question.question == QUESTION
    assert question.status == QuestionStatus.NEW
    assert question.handled_by is None and question.handled_at is None
    assert QUESTION not in str(question)


def test_the_phone_number_is_optional(client, places):
    assert client.post(URL, valid(phone=None)).status_code == 302
    assert ExpertQuestion.objects.get().phone == ""


def test_the_confirmation_says_when_to_expect_a_reply_and_where_to_find_crisis_help(client, places):
    html = client.post(URL, valid(), follow=True).content.decode()
    assert "your question has been sent" in html
    assert "within 2 working days" in html
    assert "If this is an emergency, call" in html and 'href="tel:911"' in html
    assert "For a crisis, call or text" in html and 'href="tel:988"' in html


def test_missing_fields_are_each_named_and_nothing_is_stored(client, places):
    response = client.post(URL, {"website": ""})
    html = response.content.decode()
    assert response.status_code == 422
    for message in (
        "Enter your name.",
        "Enter your email address.",
        "Write your question.",
        "Agree that we may contact you, so that we can answer.",
    ):
        assert message in html
    assert 'href="#id_name"' in html
    assert 'aria-describedby="id_name_error"' in html
    assert 'id="id_name_error"' in html
    assert ExpertQuestion.objects.count() == 0


def test_a_bad_email_and_a_phone_without_digits_are_named_and_answers_are_kept(client, places):
    response = client.post(URL, valid(email="not-an-email", phone="call me"))
    html = response.content.decode()
    assert response.status_code == 422
    assert "Enter your email address in the form name@example.com." in html
    assert "Enter a phone number using digits, or leave it empty." in html
    assert QUESTION.replace("'", "&#x27;") in html
    assert ExpertQuestion.objects.count() == 0


def test_a_filled_honeypot_stores_nothing_but_looks_like_success(client, places):
    response = client.post(URL, valid(website="https://spam.example"))
    assert response.status_code == 302
    assert response.headers["Location"] == SENT
    assert ExpertQuestion.objects.count() == 0


def test_csrf_is_required(places):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, valid()).status_code == 403
    assert ExpertQuestion.objects.count() == 0


def test_too_many_questions_from_one_address_get_a_kind_429(client, places):
    for _ in range(ASK_LIMIT):
        assert client.post(URL, valid()).status_code == 302
    response = client.post(URL, valid())
    html = response.content.decode()
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Please wait a little before sending again" in html
    assert "(203) 555-0142" in html
    assert "tel:988" in html
    assert ExpertQuestion.objects.count() == ASK_LIMIT
    # Reading the form is never limited, and another address has its own budget.
    assert client.get(URL).status_code == 200
    assert client.post(URL, valid(), REMOTE_ADDR="198.51.100.7").status_code == 302


def test_robots_count_towards_the_limit_too(client, places):
    for _ in range(ASK_LIMIT):
        client.post(URL, valid(website="x"))
    assert client.post(URL, valid()).status_code == 429


def test_no_health_detail_reaches_the_logs(client, places, caplog):
    caplog.set_level(logging.DEBUG)
    client.post(URL, valid())
    client.post(URL, valid(name=""))
    for _ in range(ASK_LIMIT):
        client.post(URL, valid())
    logged = caplog.text
    assert ExpertQuestion.objects.exists()
    for secret in (QUESTION, "withdrawn", "jordan@example.com", "Jordan Lee", "555-0100"):
        assert secret not in logged


def test_the_admin_records_who_handled_a_question(client):
    world = build_world()
    question = ExpertQuestion.objects.create(
        name="Sam", email="sam@example.com", question="When are you open?"
    )
    sign_in(client, world.admin)
    url = f"/admin/pages/expertquestion/{question.pk}/change/"
    response = client.post(url, {"status": QuestionStatus.ANSWERED})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.handled_by == world.admin
    assert question.handled_at is not None
    event = AuditEvent.objects.get(object_id=str(question.pk), action="update")
    assert (event.actor, event.via, event.detail) == (world.admin, "admin", "Question answered")
    # What the person sent cannot be changed here.
    client.post(url, {"status": QuestionStatus.CLOSED, "question": "Something else"})
    question.refresh_from_db()
    assert question.question == "When are you open?"
