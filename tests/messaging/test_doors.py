"""Writing to a client gets one answer at every door (the page and the API), per persona, and
each door's audit row names it."""

from __future__ import annotations

import pytest

from confide.audit.models import AuditEvent
from confide.messaging import actions
from confide.messaging.models import Message, Thread
from confide.practice.actions import grant_break_glass
from tests.factories import actor, call, sign_in, token_for

pytestmark = pytest.mark.django_db

EXPECTED = {
    "alice": "done",
    "bob": "refused 404",  # not his client: indistinguishable from no client at all
    "intake": "refused 403",
    "admin": "refused 403",
    "admin_break_glass": "refused 403",  # break-glass is for reading, not for writing
}


def _persona(world, who):
    if who == "admin_break_glass":
        grant_break_glass(actor(world.admin), world.carol, "Covering for Alice while she is away")
        return world.admin
    return getattr(world, who)


def _verdict(response, changed):
    if changed:
        assert response.status_code < 400, response.content[:300]
        return "done"
    assert response.status_code >= 400
    return f"refused {response.status_code}"


@pytest.mark.parametrize("who", list(EXPECTED))
def test_starting_a_thread_and_replying_get_one_answer_at_both_doors(client, world, who):
    user = _persona(world, who)
    token = token_for(client, user)
    sign_in(client, user)
    existing = actions.start_thread(actor(world.carol_user), world.carol, subject="S", body="B")
    answers = {}
    for door, send in (
        ("page: new", lambda: client.post(
            f"/staff/messages/clients/{world.carol.pk}/new/",
            {"subject": "From the page", "body": "Hello", "kind": "other"},
        )),
        ("api: new", lambda: call(
            client, token, "post", f"/api/v1/clients/{world.carol.pk}/messages",
            {"subject": "From the API", "body": "Hello"},
        )),
        ("page: reply", lambda: client.post(
            f"/staff/messages/{existing.thread.pk}/", {"body": "A reply", "kind": "other"}
        )),
        ("api: reply", lambda: call(
            client, token, "post", f"/api/v1/clients/{world.carol.pk}/messages",
            {"thread": str(existing.thread.pk), "body": "A reply"},
        )),
    ):  # fmt: skip
        before = Message.objects.count()
        answers[door] = _verdict(send(), Message.objects.count() > before)
    assert set(answers.values()) == {EXPECTED[who]}, answers
    if who == "alice":
        vias = AuditEvent.objects.filter(object_type="message", action="create", actor=user)
        assert sorted(vias.values_list("via", flat=True)) == ["api", "api", "page", "page"]
        assert Thread.objects.filter(client=world.carol).count() == 3
