"""The one-time link: hashed token, expiry, single use, no login, crisis help at once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from confide.assessments.models import Assessment
from confide.outcomes.models import MeasureLink, RiskAlert, hash_token
from tests.factories import link_token_from_outbox, sign_in

pytestmark = pytest.mark.django_db


def answers(code_items, risk=False):
    data = {}
    for code, n in code_items:
        for i in range(1, n + 1):
            data[f"{code}-item_{i}"] = "1"
    if not risk:
        data["phq9-item_9"] = "0"
    else:
        data["phq9-item_9"] = "2"
    return data


FULL = [("phq9", 9), ("gad7", 7)]


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def sender(client, world):
        with django_capture_on_commit_callbacks(execute=True):
            _send(client, world)
        return link_token_from_outbox()

    return sender


def _send(client, world):
    sign_in(client, world.alice)
    response = client.post(f"/staff/outcomes/clients/{world.carol.pk}/link/")
    assert response.status_code == 302
    client.logout()


def test_sending_emails_a_link_with_no_health_detail_and_stores_only_a_hash(client, world, send):
    token = send(client, world)
    message = mail.outbox[-1]
    assert message.to == ["carolina@example.com"]
    text = (message.subject + message.body).lower()
    for word in ("phq", "gad", "depress", "anxi", "score", "risk"):
        assert word not in text
    link = MeasureLink.objects.get(client=world.carol)
    assert link.token_hash == hash_token(token) and token not in link.token_hash
    assert link.instruments == ["phq9", "gad7"]
    assert (link.expires_at - link.created_at) == timedelta(hours=72)


def test_the_link_works_without_login_once(client, world, send):
    token = send(client, world)
    page = client.get(f"/m/{token}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Little interest or pleasure" in body and "Feeling nervous" in body
    assert page["Referrer-Policy"] == "no-referrer"
    before = Assessment.objects.filter(client=world.carol).count()
    done = client.post(f"/m/{token}/", answers(FULL))
    assert done.status_code == 200 and "Thank you" in done.content.decode()
    assert Assessment.objects.filter(client=world.carol, source="portal").count() == 2
    assert Assessment.objects.filter(client=world.carol).count() == before + 2
    # Single use: the same link now says it no longer works, and stores nothing more.
    again = client.post(f"/m/{token}/", answers(FULL))
    assert again.status_code == 410 and "no longer works" in again.content.decode()
    assert client.get(f"/m/{token}/").status_code == 410
    assert Assessment.objects.filter(client=world.carol).count() == before + 2


def test_a_positive_item_9_shows_crisis_help_first_and_opens_an_alert(client, world, send):
    token = send(client, world)
    before = RiskAlert.objects.filter(client=world.carol).count()
    done = client.post(f"/m/{token}/", answers(FULL, risk=True)).content.decode()
    assert done.index('id="crisis"') < done.index("<h1")
    assert "988" in done
    assert RiskAlert.objects.filter(client=world.carol).count() == before + 1


def test_missing_answers_are_named_and_a_risk_answer_still_shows_crisis_help(client, world, send):
    token = send(client, world)
    response = client.post(f"/m/{token}/", {"phq9-item_9": "3"})
    body = response.content.decode()
    assert response.status_code == 422
    assert "Answer question 1" in body and 'id="crisis"' in body
    assert MeasureLink.objects.get(client=world.carol).used_at is None  # nothing lost


def test_an_expired_or_unknown_link_is_gone(client, world, send):
    token = send(client, world)
    MeasureLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(f"/m/{token}/").status_code == 410
    assert client.get("/m/not-a-real-token/").status_code == 410
    assert client.post(f"/m/{token}/", answers(FULL)).status_code == 410


@override_settings(CONFIDE_MEASURE_LINK_HOURS=1)
def test_link_lifetime_is_a_setting(client, world, send):
    send(client, world)
    link = MeasureLink.objects.get()
    assert link.expires_at - link.created_at == timedelta(hours=1)


def test_only_the_clients_clinician_can_send_a_link(client, world):
    sign_in(client, world.bob)
    assert client.post(f"/staff/outcomes/clients/{world.carol.pk}/link/").status_code == 404
    client.logout()
    sign_in(client, world.intake)
    assert client.post(f"/staff/outcomes/clients/{world.carol.pk}/link/").status_code == 403
    assert not MeasureLink.objects.exists() and not mail.outbox


def test_the_portal_lists_the_pending_link_and_opens_it_signed_in(client, world, send):
    send(client, world)
    link = MeasureLink.objects.get()
    sign_in(client, world.carol_user)
    portal = client.get("/portal/").content.decode()
    assert f"/m/mine/{link.pk}/" in portal
    assert "reliable improvement" in portal and "not ill enough" not in portal
    assert client.get(f"/m/mine/{link.pk}/").status_code == 200
    assert client.post(f"/m/mine/{link.pk}/", answers(FULL)).status_code == 200
    assert client.get(f"/m/mine/{link.pk}/").status_code == 404


def test_a_schedule_with_who5_is_what_the_link_asks(client, world):
    sign_in(client, world.alice)
    url = f"/staff/outcomes/clients/{world.carol.pk}/schedule/"
    assert client.post(url, {"instruments": ["phq9", "who5"]}).status_code == 302
    bad = client.post(url, {"instruments": ["nope"]})
    assert bad.status_code == 422 and "Questionnaires before each session" in bad.content.decode()
    bad = client.post(url, {"instruments": ["epds"]})  # EPDS wording not loaded
    assert bad.status_code == 422
    client.post(f"/staff/outcomes/clients/{world.carol.pk}/link/")
    assert MeasureLink.objects.get().instruments == ["phq9", "who5"]
