"""Texts go only to people who agreed to them and have not replied STOP; replies come back
through a signed webhook; a reply that may signal risk reaches a person."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from confide.audit.actor import Actor, Via
from confide.audit.models import AuditEvent
from confide.notify import sms
from confide.notify.actions import may_text, notify, record_text_consent, withdraw_text_consent
from confide.notify.messages import Message, renderer
from confide.notify.models import Channel, InboundText, Notification, Status, TextNumber
from confide.notify.tasks import sweep
from tests.factories import build_world, sign_in

from .helpers import signed_post

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system(Via.COMMAND)
CAROL = "+12035550101"  # the persona's "(203) 555-0101"


@renderer("test_texts_hello")
def _hello(n: Notification) -> Message:
    return Message(subject="", text="See you soon")


@pytest.fixture(autouse=True)
def _outbox():
    sms.outbox.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the worker's delivery) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _text(to, key="t1", **kw):
    return notify("test_texts_hello", channel=Channel.SMS, to=to, key=key, **kw)


def test_a_text_goes_only_to_a_number_whose_owner_agreed(committed):
    assert _text("(203) 555-0142") is None
    record_text_consent(SYSTEM, "(203) 555-0142", source="test")
    with committed():
        n = _text("(203) 555-0142")
    n.refresh_from_db()
    assert n.to == "+12035550142" and n.status == Status.SENT
    assert [t.to for t in sms.outbox] == ["+12035550142"]


def test_a_number_that_is_not_a_phone_number_is_not_texted():
    assert _text("12345") is None
    assert not Notification.objects.exists()


def test_a_withdrawn_consent_stops_texts():
    record_text_consent(SYSTEM, CAROL)
    withdraw_text_consent(SYSTEM, CAROL)
    assert not may_text(CAROL) and _text(CAROL) is None


def test_stop_stops_texts_until_start():
    record_text_consent(SYSTEM, CAROL)
    web = Client()
    response = signed_post(web, {"From": CAROL, "Body": "Stop"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    assert "no more texts" in response.content.decode() and "START" in response.content.decode()
    assert not may_text(CAROL)
    assert _text(CAROL, key="after-stop") is None

    response = signed_post(web, {"From": CAROL, "Body": " START "})
    assert "on again" in response.content.decode()
    assert may_text(CAROL)
    assert _text(CAROL, key="after-start") is not None
    details = list(AuditEvent.objects.filter(via="webhook").values_list("detail", flat=True))
    assert "STOP: no texts" in details and "START: texts on" in details


def test_a_stop_that_arrives_after_a_text_was_queued_is_obeyed():
    record_text_consent(SYSTEM, CAROL)
    n = _text(CAROL, not_before=timezone.now() + timedelta(hours=2))
    signed_post(Client(), {"From": CAROL, "Body": "STOP"})
    Notification.objects.filter(pk=n.pk).update(not_before=timezone.now())
    sweep()
    n.refresh_from_db()
    assert n.status == Status.SKIPPED and sms.outbox == []


def test_start_from_a_number_that_never_agreed_does_not_start_texts():
    response = signed_post(Client(), {"From": CAROL, "Body": "START"})
    assert "not agreed to texts" in response.content.decode()
    assert not may_text(CAROL)


def test_the_providers_own_reading_of_the_keyword_counts():
    record_text_consent(SYSTEM, CAROL)
    signed_post(Client(), {"From": CAROL, "Body": "arrêt", "OptOutType": "STOP"})
    assert not may_text(CAROL)


@pytest.mark.parametrize("body", ["STOP", "stop", "Stop.", "UNSUBSCRIBE", "cancel", "quit"])
def test_the_carriers_stop_words_are_stop(body):
    assert sms.keyword(body) == "stop"


@pytest.mark.parametrize("body", ["Please stop by at 3", "stopping by", "can't make it", ""])
def test_other_replies_are_not_keywords(body):
    assert sms.keyword(body) == ""


def test_help_answers_with_the_practice_phone_and_the_crisis_lines(settings):
    body = signed_post(Client(), {"From": CAROL, "Body": "help"}).content.decode()
    assert settings.CONFIDE_PRACTICE["phone"] in body and "988" in body and "STOP" in body


def test_keyword_answers_can_be_left_to_the_provider(settings):
    settings.CONFIDE_SMS_KEYWORD_REPLIES = False
    record_text_consent(SYSTEM, CAROL)
    body = signed_post(Client(), {"From": CAROL, "Body": "STOP"}).content.decode()
    assert "<Message>" not in body
    assert not may_text(CAROL)


def test_an_unsigned_or_wrongly_signed_request_is_refused_and_changes_nothing():
    record_text_consent(SYSTEM, CAROL)
    web = Client()
    assert web.post("/sms/inbound/", {"From": CAROL, "Body": "STOP"}).status_code == 403
    forged = signed_post(web, {"From": CAROL, "Body": "STOP"}, secret="guessed")
    assert forged.status_code == 403
    assert may_text(CAROL) and not InboundText.objects.exists()


def test_a_request_signed_for_another_url_is_refused():
    record_text_consent(SYSTEM, CAROL)
    other = signed_post(Client(), {"From": CAROL, "Body": "STOP"}, url="https://evil.example/x")
    assert other.status_code == 403 and may_text(CAROL)


def test_production_checks_twilios_signature_with_the_account_auth_token(settings):
    settings.CONFIDE_SMS_BACKEND = "confide.notify.sms.TwilioBackend"
    settings.CONFIDE_TWILIO_ACCOUNT_SID = "AC" + "0" * 32
    settings.CONFIDE_TWILIO_AUTH_TOKEN = "twilio-auth-token"
    settings.CONFIDE_SMS_WEBHOOK_URL = "https://confide.example/sms/inbound/"
    web = Client()
    url = settings.CONFIDE_SMS_WEBHOOK_URL
    refused = signed_post(web, {"From": CAROL, "Body": "STOP"}, url=url)
    assert refused.status_code == 403  # signed with the test secret, not the auth token
    accepted = signed_post(
        web,
        {"From": CAROL, "Body": "STOP"},
        secret="twilio-auth-token",
        url=settings.CONFIDE_SMS_WEBHOOK_URL,
    )
    assert accepted.status_code == 200
    assert TextNumber.objects.get(number=CAROL).opted_out_at is not None


def test_a_resent_webhook_is_handled_once():
    params = {"From": CAROL, "Body": "I'll be 5 minutes late", "MessageSid": "SM" + "7" * 32}
    web = Client()
    first, again = signed_post(web, params), signed_post(web, params)
    assert first.status_code == again.status_code == 200
    assert InboundText.objects.count() == 1


def test_bad_input_is_a_clear_400():
    response = signed_post(Client(), {"From": "not a number", "Body": "hi"})
    assert response.status_code == 400 and b"From" in response.content


def test_any_other_reply_is_kept_encrypted_and_answered_with_where_to_turn():
    world = build_world()
    body = signed_post(Client(), {"From": CAROL, "Body": "Running late, sorry"}).content.decode()
    assert "does not take messages" in body and "988" in body
    text = InboundText.objects.get()
    assert text.client_id == world.carol.pk and not text.risk
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM notify_inboundtext")
        (raw,) = cursor.fetchone()
    assert "late" not in raw and raw.startswith("fernet:")


def test_a_text_that_may_signal_risk_reaches_the_clients_clinician_at_once(committed):
    world = build_world()
    world.alice.email = "alice@practice.example"
    world.alice.save()
    with committed():
        response = signed_post(Client(), {"From": CAROL, "Body": "I want to die"})
    body = response.content.decode()
    assert "988" in body and "911" in body
    text = InboundText.objects.get()
    assert text.risk and text.client_id == world.carol.pk
    assert [m.to for m in mail.outbox] == [["alice@practice.example"]]
    email = mail.outbox[0]
    assert email.subject == "A text message needs your attention today"
    assert "die" not in email.subject + email.body and "Carolina" not in email.body


def test_a_risky_text_from_an_unknown_number_goes_to_intake(committed):
    world = build_world()
    world.intake.email = "intake@practice.example"
    world.intake.save()
    with committed():
        signed_post(Client(), {"From": "+12125550199", "Body": "I want to kill myself"})
    assert [m.to for m in mail.outbox] == [["intake@practice.example"]]


def test_texts_are_shown_to_the_people_who_should_read_them():
    world = build_world()
    web = Client()
    signed_post(web, {"From": CAROL, "Body": "Can we talk about my sister"})
    signed_post(web, {"From": "+12125550199", "Body": "Who is this"})
    mine, unknown = (
        InboundText.objects.get(client_id=world.carol.pk),
        InboundText.objects.get(client_id=None),
    )
    alice = sign_in(Client(), world.alice)
    page = alice.get("/staff/texts/").content.decode()
    assert f"/staff/texts/{mine.pk}/" in page and f"/staff/texts/{unknown.pk}/" not in page
    assert "my sister" in alice.get(f"/staff/texts/{mine.pk}/").content.decode()
    assert sign_in(Client(), world.bob).get(f"/staff/texts/{mine.pk}/").status_code == 404
    intake = sign_in(Client(), world.intake)
    assert intake.get(f"/staff/texts/{mine.pk}/").status_code == 404
    assert "Who is this" in intake.get(f"/staff/texts/{unknown.pk}/").content.decode()
    intake.post(f"/staff/texts/{unknown.pk}/")
    unknown.refresh_from_db()
    assert unknown.handled_by == world.intake


def test_the_client_turns_texts_on_and_off_in_the_portal():
    world = build_world()
    carol = sign_in(Client(), world.carol_user)
    home = carol.get("/portal/").content.decode()
    assert "Text me at (203) 555-0101" in home and "STOP" in home
    carol.post("/portal/texts/", {"client": world.carol.pk, "texts": "on"})
    row = TextNumber.objects.get(number=CAROL)
    assert row.may_text and row.consent_source == "portal"
    assert row.consent_client_id == world.carol.pk
    carol.post("/portal/texts/", {"client": world.carol.pk})
    assert not may_text(CAROL)
    assert AuditEvent.objects.filter(client_id=world.carol.pk, detail="Texts turned off").exists()


def test_a_client_cannot_change_someone_elses_texts():
    world = build_world()
    carol = sign_in(Client(), world.carol_user)
    assert carol.post("/portal/texts/", {"client": world.dave.pk, "texts": "on"}).status_code == 404
    assert not TextNumber.objects.exists()


def test_staff_record_a_consent_given_on_paper_and_see_a_stop():
    world = build_world()
    intake = sign_in(Client(), world.intake)
    intake.post(f"/staff/texts/clients/{world.carol.pk}/consent/", {"texts": "on"})
    assert TextNumber.objects.get(number=CAROL).consent_source == "staff"
    signed_post(Client(), {"From": CAROL, "Body": "STOP"})
    page = sign_in(Client(), world.alice).get(f"/staff/clients/{world.carol.pk}/")
    assert "replied STOP" in page.content.decode()
    outsider = sign_in(Client(), world.outsider)
    response = outsider.post(f"/staff/texts/clients/{world.carol.pk}/consent/", {"texts": "on"})
    assert response.status_code == 403


def test_a_reply_can_be_played_from_the_command_line():
    import io

    from django.core.management import call_command

    record_text_consent(SYSTEM, CAROL)
    out = io.StringIO()
    call_command("receive_text", "(203) 555-0101", "STOP", stdout=out)
    assert "no more texts" in out.getvalue() and not may_text(CAROL)
