"""`GET|POST /api/v1/clients/{id}/messages` (API.md 'Messages'): the same rules as the pages."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from confide.accounts.tokens import issue_token
from confide.audit.models import Action, AuditEvent
from confide.messaging import actions
from confide.messaging.files import Upload
from confide.messaging.models import Kind, Thread

from .conftest import PDF, actor

pytestmark = pytest.mark.django_db


def _api(user):
    raw, _ = issue_token(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _post(web, url, body):
    return web.post(url, json.dumps(body), content_type="application/json")


def _url(world, who="carol"):
    return f"/api/v1/clients/{getattr(world, who).pk}/messages"


def test_the_clinician_lists_the_clients_threads_with_their_messages(world):
    sent = actions.start_thread(actor(world.carol_user), world.carol, subject="Hi", body="Hello")
    actions.send_message(
        actor(world.alice),
        sent.thread,
        body="Here it is",
        upload=Upload(PDF, "w.pdf"),
        kind=Kind.WORKSHEET,
        title="Worksheet",
    )
    response = _api(world.alice).get(_url(world))
    assert response.status_code == 200
    [thread] = response.json()
    assert thread["subject"] == "Hi" and thread["party"] == "client"
    assert thread["unread"] == 0 and not thread["awaiting_reply"]
    bodies = [(m["side"], m["body"]) for m in thread["messages"]]
    assert bodies == [("portal", "Hello"), ("care_team", "Here it is")]
    [attachment] = thread["messages"][1]["attachments"]
    assert attachment["content_type"] == "application/pdf" and attachment["kind"] == "worksheet"
    download = _api(world.alice).get(attachment["url"])
    assert download.status_code == 200 and download.content == PDF
    reads = AuditEvent.objects.filter(action=Action.READ, actor=world.alice, via="api")
    assert reads.filter(object_type="message").count() == 2


def test_reading_through_the_api_does_not_mark_messages_read(world):
    actions.start_thread(actor(world.carol_user), world.carol, subject="Hi", body="Hello")
    _api(world.alice).get(_url(world))
    assert _api(world.alice).get(_url(world)).json()[0]["unread"] == 1
    assert actions.unread_count(world.alice) == 1


def test_the_clinician_writes_and_replies(world):
    web = _api(world.alice)
    created = _post(web, _url(world), {"subject": "Homework", "body": "Try the diary card."})
    assert created.status_code == 201
    thread_id = created.json()["thread"]["id"]
    assert created.json()["crisis_lines"] is None
    reply = _post(web, _url(world), {"thread": thread_id, "body": "And a second thing."})
    assert reply.status_code == 201 and len(reply.json()["thread"]["messages"]) == 2


def test_a_client_with_a_token_writes_and_hears_of_the_crisis_lines(world):
    response = _post(
        _api(world.carol_user),
        _url(world),
        {"subject": "Tonight", "body": "I have been thinking about suicide."},
    )
    assert response.status_code == 201
    body = response.json()
    assert any("988" in line for line in body["crisis_lines"])
    assert body["thread"]["risk_flagged"] and body["thread"]["messages"][0]["risk"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"body": "No subject"}, "subject"), ({"subject": "S"}, "body"), ({"body": ""}, "body")],
)
def test_bad_input_is_a_422_naming_the_field(world, payload, field):
    response = _post(_api(world.alice), _url(world), payload)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not Thread.objects.exists()


def test_the_wrong_people_get_nothing(world):
    sent = actions.start_thread(actor(world.carol_user), world.carol, subject="S", body="Secret")
    for user, status in ((world.bob, 404), (world.intake, 403), (world.admin, 403)):
        web = _api(user)
        response = web.get(_url(world))
        assert response.status_code == status and b"Secret" not in response.content
        posted = _post(web, _url(world), {"thread": str(sent.thread.pk), "body": "x"})
        assert posted.status_code == status
    assert _api(world.carol_user).get(_url(world, "dave")).status_code == 404
    assert Client().get(_url(world)).status_code == 401
    elsewhere = {"thread": str(sent.thread.pk), "body": "x"}
    other = _post(_api(world.bob), _url(world, "dave"), elsewhere)
    assert other.status_code == 404


def test_the_care_team_marks_a_thread_as_needing_no_reply(world):
    sent = actions.start_thread(actor(world.carol_user), world.carol, subject="S", body="Thanks")
    url = f"{_url(world)}/{sent.thread.pk}/reply-needed"
    response = _post(_api(world.alice), url, {"needed": False})
    assert response.status_code == 200 and response.json()["no_reply_needed"]
    assert _post(_api(world.carol_user), url, {"needed": False}).status_code == 403


def test_listing_costs_the_same_queries_for_many_threads(world, django_assert_max_num_queries):
    def threads(n):
        for i in range(n):
            sent = actions.start_thread(
                actor(world.carol_user), world.carol, subject=f"S{i}", body="B"
            )
            actions.send_message(
                actor(world.alice), sent.thread, body="R", upload=Upload(PDF, "w.pdf")
            )

    web = _api(world.alice)
    threads(2)
    with django_assert_max_num_queries(30) as few:
        web.get(_url(world))
    threads(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(web.get(_url(world)).json()) == 12
