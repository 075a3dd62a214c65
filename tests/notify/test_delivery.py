"""A notification is written with the change that causes it and goes out once, whatever
happens to the worker."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from confide.audit.actor import Actor, Via
from confide.audit.models import Action, AuditEvent
from confide.notify import sms
from confide.notify.actions import notify, record_text_consent
from confide.notify.messages import Message, Skip, renderer
from confide.notify.models import Channel, Notification, Status
from confide.notify.tasks import MAX_ATTEMPTS, deliver, sweep

pytestmark = pytest.mark.django_db(transaction=True)

calls = {"fail": 0, "skip": False}


@renderer("test_hello")
def _hello(n: Notification) -> Message:
    if calls["skip"]:
        raise Skip
    if calls["fail"]:
        calls["fail"] -= 1
        raise ConnectionError("provider down, address someone@example.com")
    return Message(subject="Hello from the practice", text=f"Hello {n.params['name']}")


@pytest.fixture(autouse=True)
def _reset():
    calls.update(fail=0, skip=False)
    sms.outbox.clear()


def _queue(key="k1", channel=Channel.EMAIL, to="ann@example.com", **kw):
    with transaction.atomic():
        return notify("test_hello", channel=channel, to=to, key=key, params={"name": "Ann"}, **kw)


def test_an_email_is_sent_after_the_change_commits_and_audited():
    n = _queue()
    n.refresh_from_db()
    assert n.status == Status.SENT and n.sent_at is not None
    assert [m.subject for m in mail.outbox] == ["Hello from the practice"]
    assert mail.outbox[0].to == ["ann@example.com"]
    event = AuditEvent.objects.get(action=Action.NOTIFY)
    assert event.via == "worker" and "sent" in event.detail


def test_nothing_is_sent_when_the_change_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        notify("test_hello", channel=Channel.EMAIL, to="a@example.com", key="gone", params={})
        raise RuntimeError("the change failed")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_same_key_twice_sends_one_message():
    first = _queue()
    second = _queue()
    assert first.pk == second.pk
    deliver.enqueue(str(first.pk))  # a duplicate task finds nothing to claim
    assert len(mail.outbox) == 1


def test_a_text_goes_through_the_configured_provider():
    record_text_consent(Actor.system(Via.COMMAND), "+12035550142", source="test")
    n = _queue(channel=Channel.SMS, to="+12035550142")
    n.refresh_from_db()
    assert n.status == Status.SENT
    assert [t.to for t in sms.outbox] == ["+12035550142"]
    assert n.provider_id.startswith("locmem-")


def test_no_text_is_queued_without_a_provider(settings):
    settings.CONFIDE_SMS_BACKEND = ""
    assert _queue(channel=Channel.SMS, to="+12035550142") is None
    assert not Notification.objects.exists()


def test_no_address_queues_nothing():
    assert _queue(to="  ") is None


def test_a_failure_is_retried_then_marked_failed_without_the_providers_words():
    calls["fail"] = MAX_ATTEMPTS
    n = _queue()
    n.refresh_from_db()
    assert n.status == Status.QUEUED and n.attempts == 1 and n.not_before > timezone.now()
    assert n.error == "ConnectionError"
    for _ in range(MAX_ATTEMPTS - 1):
        Notification.objects.filter(pk=n.pk).update(not_before=timezone.now())
        sweep()
    n.refresh_from_db()
    assert n.status == Status.FAILED and n.attempts == MAX_ATTEMPTS
    assert "example.com" not in n.error
    assert mail.outbox == []


def test_a_message_no_longer_needed_is_closed_unsent():
    calls["skip"] = True
    n = _queue()
    n.refresh_from_db()
    assert n.status == Status.SKIPPED and mail.outbox == []


def test_a_row_left_sending_by_a_dead_worker_is_sent_by_the_sweep():
    n = _queue(not_before=timezone.now() + timedelta(hours=1))
    Notification.objects.filter(pk=n.pk).update(
        status=Status.SENDING, not_before=None, claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert mail.outbox == []
    assert sweep() == 1
    n.refresh_from_db()
    assert n.status == Status.SENT and len(mail.outbox) == 1


def test_a_message_for_later_waits_for_its_time():
    n = _queue(not_before=timezone.now() + timedelta(hours=2))
    assert sweep() == 0
    n.refresh_from_db()
    assert n.status == Status.QUEUED and mail.outbox == []
