"""Messages between a client and their care team: what each side sees, what is flagged, what
is sent, what is audited."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone

from confide.audit.actor import Actor, Via
from confide.audit.models import Action, AuditEvent
from confide.messaging import actions
from confide.messaging.models import Message, Party, Side, Thread
from confide.notify import sms
from confide.notify.actions import record_text_consent
from confide.notify.models import Notification, Status
from confide.notify.tasks import deliver
from confide.practice.models import Assignment, BreakGlass, Client
from tests.factories import make_user

from .conftest import actor

pytestmark = pytest.mark.django_db


def _client_writes(world, committed, body="Could we move to mornings?", subject="Times"):
    with committed():
        return actions.start_thread(
            actor(world.carol_user), world.carol, subject=subject, body=body
        )


def test_a_client_writes_to_their_care_team_who_is_told_without_the_words(world, committed):
    sent = _client_writes(world, committed)
    thread = sent.thread
    assert thread.party == Party.CLIENT and thread.awaiting_reply and not sent.crisis
    assert sent.message.side == Side.PORTAL and sent.message.sender_name == "Carolina Quillfeather"
    assert [m.to for m in mail.outbox] == [["alice@practice.example"]]
    email = mail.outbox[0]
    assert email.subject == "New secure message in Confide"
    assert "mornings" not in email.body and "Times" not in email.body
    assert "Carolina" not in email.body and f"/staff/messages/{thread.pk}/" in email.body
    assert AuditEvent.objects.filter(
        action=Action.CREATE, object_id=str(sent.message.pk), client_id=world.carol.pk
    ).exists()


def test_the_clinicians_reply_reaches_the_client_as_a_notice_from_the_practice(
    world, committed, settings
):
    sent = _client_writes(world, committed)
    mail.outbox.clear()
    with committed():
        reply = actions.send_message(
            actor(world.alice), sent.thread, body="Yes: Tuesdays at 9 are free."
        )
    thread = Thread.objects.get(pk=sent.thread.pk)
    assert not thread.awaiting_reply and reply.message.sender_name == "Alice Ames, PhD"
    email = mail.outbox[0]
    practice = settings.CONFIDE_PRACTICE["name"]
    assert email.to == ["carol.portal@example.com"]
    assert email.subject == f"You have a new message from {practice}"
    assert "Tuesdays" not in email.body and "Times" not in email.body and "Alice" not in email.body
    assert "not around the clock" in email.body and "988" in email.body


def test_a_client_who_chose_texts_and_agreed_is_told_by_text(world, committed, settings):
    world.carol.preferred_contact = "text"
    world.carol.save()
    record_text_consent(Actor.system(Via.COMMAND), world.carol.phone, client_id=world.carol.pk)
    sms.outbox.clear()
    sent = _client_writes(world, committed)
    mail.outbox.clear()
    with committed():
        actions.send_message(actor(world.alice), sent.thread, body="See you Tuesday")
    practice = settings.CONFIDE_PRACTICE["name"]
    assert [t.to for t in sms.outbox] == ["+12035550101"]
    assert sms.outbox[0].body.startswith(f"You have a new message from {practice}.")
    assert "Tuesday" not in sms.outbox[0].body and mail.outbox == []


def test_a_client_who_chose_texts_without_a_recorded_consent_gets_an_email(world, committed):
    world.carol.preferred_contact = "text"
    world.carol.save()
    sms.outbox.clear()
    sent = _client_writes(world, committed)
    mail.outbox.clear()
    with committed():
        actions.send_message(actor(world.alice), sent.thread, body="See you Tuesday")
    assert sms.outbox == [] and mail.outbox[0].to == ["carol.portal@example.com"]


def test_a_notice_for_a_message_already_read_is_not_sent(world):
    sent = actions.start_thread(actor(world.carol_user), world.carol, subject="S", body="B")
    notice = Notification.objects.get(recipient=world.alice)
    actions.open_thread(actor(world.alice), sent.thread.pk)
    deliver.call(str(notice.pk))
    notice.refresh_from_db()
    assert notice.status == Status.SKIPPED and mail.outbox == []


def test_unread_counts_fall_as_each_person_opens_the_thread(world):
    sent = actions.start_thread(actor(world.carol_user), world.carol, subject="S", body="One")
    actions.send_message(actor(world.carol_user), sent.thread, body="Two")
    assert actions.unread_count(world.alice) == 2
    assert actions.unread_count(world.carol_user) == 0  # their own messages
    opened = actions.open_thread(actor(world.alice), sent.thread.pk)
    assert len(opened.new) == 2 and actions.unread_count(world.alice) == 0
    actions.send_message(actor(world.alice), sent.thread, body="Three")
    assert actions.unread_count(world.carol_user) == 1
    [listed] = actions.threads_for(actor(world.carol_user), world.carol)
    assert listed.unread == 1


def test_each_read_is_audited_message_by_message(world):
    sent = actions.start_thread(actor(world.carol_user), world.carol, subject="S", body="One")
    second = actions.send_message(actor(world.carol_user), sent.thread, body="Two")
    actions.open_thread(actor(world.alice), sent.thread.pk)
    reads = AuditEvent.objects.filter(
        action=Action.READ, actor=world.alice, client_id=world.carol.pk
    )
    ids = set(reads.values_list("object_id", flat=True))
    assert {str(sent.message.pk), str(second.message.pk), str(sent.thread.pk)} <= ids
    assert all(e.detail == "" or "One" not in e.detail for e in reads)


def test_subjects_and_bodies_are_encrypted_at_rest(world):
    actions.start_thread(
        actor(world.carol_user), world.carol, subject="My sister", body="Arguments again"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT subject FROM messaging_thread")
        (subject,) = cursor.fetchone()
        cursor.execute("SELECT body FROM messaging_message")
        (body,) = cursor.fetchone()
    assert subject.startswith("fernet:") and "sister" not in subject
    assert body.startswith("fernet:") and "Arguments" not in body
    assert Message.objects.get().body == "Arguments again"


def test_risk_words_flag_the_thread_and_reach_the_clinician_today(world, committed):
    sent = _client_writes(world, committed, body="Some days I want to die.")
    assert sent.crisis and sent.message.risk
    thread = Thread.objects.get(pk=sent.thread.pk)
    assert thread.risk_is_open
    [email] = mail.outbox
    assert email.subject == "A message needs your attention today"
    assert "die" not in email.subject + email.body
    assert AuditEvent.objects.filter(detail__contains="thread flagged").exists()


def test_a_flagged_thread_comes_first_until_the_clinician_reviews_it(world):
    quiet = actions.start_thread(actor(world.carol_user), world.carol, subject="A", body="Hello")
    flagged = actions.start_thread(
        actor(world.carol_user), world.carol, subject="B", body="I keep thinking about suicide"
    )
    actions.send_message(actor(world.carol_user), quiet.thread, body="Also, hello again")
    order = [t.pk for t in actions.threads_for(actor(world.alice))]
    assert order == [flagged.thread.pk, quiet.thread.pk]
    actions.review_risk(actor(world.alice), flagged.thread)
    order = [t.pk for t in actions.threads_for(actor(world.alice))]
    assert order == [quiet.thread.pk, flagged.thread.pk]
    with pytest.raises(ValidationError):
        actions.review_risk(actor(world.alice), flagged.thread)


def test_risk_words_in_the_subject_or_a_text_file_count_too(world):
    from confide.messaging.files import Upload

    by_subject = actions.start_thread(
        actor(world.carol_user), world.carol, subject="better off dead", body="."
    )
    by_file = actions.start_thread(
        actor(world.carol_user),
        world.carol,
        subject="My diary",
        body="Here is this week's diary card.",
        upload=Upload(b"Monday: I thought about hurting myself.", "diary.txt"),
    )
    assert by_subject.crisis and by_file.crisis


def test_a_clinician_writing_about_crisis_lines_is_not_flagged(world):
    sent = actions.start_thread(actor(world.carol_user), world.carol, subject="Hi", body="Hi")
    reply = actions.send_message(
        actor(world.alice), sent.thread, body="If you ever feel suicidal, call 988 at once."
    )
    assert not reply.crisis and not Thread.objects.get(pk=sent.thread.pk).risk_flagged_at


def test_a_clinician_can_mark_a_thread_as_needing_no_reply_until_the_client_writes_again(
    world,
):
    sent = actions.start_thread(actor(world.carol_user), world.carol, subject="S", body="Thanks!")
    thread = actions.set_no_reply_needed(actor(world.alice), sent.thread)
    assert not thread.awaiting_reply and thread.no_reply_needed_by == world.alice
    undone = actions.set_no_reply_needed(actor(world.alice), thread, needed=True)
    assert undone.awaiting_reply
    actions.set_no_reply_needed(actor(world.alice), thread)
    actions.send_message(actor(world.carol_user), thread, body="One more thing")
    thread.refresh_from_db()
    assert thread.awaiting_reply and thread.no_reply_needed_at is None
    with pytest.raises(PermissionDenied):
        actions.set_no_reply_needed(actor(world.carol_user), thread)


def test_only_the_people_on_the_thread_see_it(world):
    sent = actions.start_thread(actor(world.carol_user), world.carol, subject="S", body="B")
    for user in (world.bob, world.outsider):
        with pytest.raises(Http404):
            actions.open_thread(actor(user), sent.thread.pk)
    for user in (world.intake, world.admin):  # they see Carol, not her messages
        with pytest.raises(PermissionDenied):
            actions.open_thread(actor(user), sent.thread.pk)
    for user in (world.bob, world.intake, world.admin, world.outsider):
        assert not actions.threads_for(actor(user)).exists()
    dave_user = make_user("dave", "client")
    Client.objects.filter(pk=world.dave.pk).update(user=dave_user)
    with pytest.raises(Http404):
        actions.open_thread(actor(dave_user), sent.thread.pk)


def test_an_admin_reads_only_through_break_glass_and_never_writes(world):
    sent = actions.start_thread(actor(world.carol_user), world.carol, subject="S", body="B")
    BreakGlass.objects.create(
        user=world.admin,
        client=world.carol,
        reason="Clinician away, risk call",
        expires_at=timezone.now() + timezone.timedelta(hours=1),
    )
    assert actions.open_thread(actor(world.admin), sent.thread.pk).messages
    with pytest.raises(PermissionDenied):
        actions.send_message(actor(world.admin), sent.thread, body="Admin here")


def test_a_minors_guardian_threads_are_not_the_minors_own(world):
    guardian_thread = Thread.objects.create(
        client=world.carol, party=Party.GUARDIAN, subject="For the parents"
    )
    with pytest.raises(Http404):
        actions.open_thread(actor(world.carol_user), guardian_thread.pk)
    assert actions.open_thread(actor(world.alice), guardian_thread.pk)


def test_a_client_without_a_clinician_is_asked_to_call_instead(world):
    Assignment.objects.filter(client=world.carol).delete()
    with pytest.raises(ValidationError) as raised:
        actions.start_thread(actor(world.carol_user), world.carol, subject="S", body="B")
    assert "body" in raised.value.error_dict


def test_the_care_team_cannot_write_to_a_client_without_a_portal_account(world):
    with pytest.raises(ValidationError) as raised:
        actions.start_thread(actor(world.bob), world.dave, subject="S", body="B")
    assert "party" in raised.value.error_dict
    with pytest.raises(PermissionDenied):
        actions.start_thread(actor(world.alice), world.dave, subject="S", body="B")


@pytest.mark.parametrize(
    ("subject", "body", "field"),
    [("", "Hello", "subject"), ("Hi", "   ", "body"), ("x" * 201, "Hello", "subject")],
)
def test_bad_input_names_the_field(world, subject, body, field):
    with pytest.raises(ValidationError) as raised:
        actions.start_thread(actor(world.carol_user), world.carol, subject=subject, body=body)
    assert field in raised.value.error_dict
    assert not Thread.objects.exists()


def test_one_notice_until_the_person_comes_and_reads(world, committed):
    sent = _client_writes(world, committed)
    with committed():
        actions.send_message(actor(world.carol_user), sent.thread, body="Also this")
        actions.send_message(actor(world.carol_user), sent.thread, body="And this")
    assert len(mail.outbox) == 1
    actions.open_thread(actor(world.alice), sent.thread.pk)
    with committed():
        actions.send_message(actor(world.carol_user), sent.thread, body="One more")
    assert len(mail.outbox) == 2


def test_a_risk_notice_is_never_held_back(world, committed):
    sent = _client_writes(world, committed)
    with committed():
        actions.send_message(actor(world.carol_user), sent.thread, body="I want to kill myself")
    assert [m.subject for m in mail.outbox][-1] == "A message needs your attention today"
