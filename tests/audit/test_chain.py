"""The hash chain over the audit trail: a changed or removed row is found, and named."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from confide.audit import chain
from confide.audit.actor import Actor, Via
from confide.audit.guard import TABLES, guard, lift
from confide.audit.log import record, record_many
from confide.audit.models import Action, AuditEvent, AuditLink


def _event(n: int) -> AuditEvent:
    return record(
        Action.READ, actor=Actor.system(Via.COMMAND), object_type="client", object_id=str(n)
    )


@contextmanager
def tampering():
    """Step round the database guard, as someone with the database file (or its owner) could."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        for table in TABLES:
            for sql in lift(vendor, table):
                cursor.execute(sql)
        yield cursor
        for table in TABLES:
            for sql in guard(vendor, table):
                cursor.execute(sql)


def verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


@pytest.fixture
def five(db, django_capture_on_commit_callbacks):
    """Five events, each chained as its transaction commits."""
    with django_capture_on_commit_callbacks(execute=True):
        events = [_event(n) for n in range(5)]
    return events


def test_each_event_is_chained_when_its_transaction_commits(
    five, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record_many(Action.READ, five[:3], actor=Actor.system(Via.COMMAND))
    links = list(AuditLink.objects.order_by("seq"))
    assert [link.seq for link in links] == list(range(1, 9))
    assert len({link.event_id for link in links}) == AuditEvent.objects.count() == 8
    assert "The audit trail holds: 8 event(s) chained" in verify()


def test_an_event_rolled_back_with_its_change_leaves_no_hole(
    five, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            _event(99)
            raise RuntimeError("the change failed")
        _event(6)
    assert AuditLink.objects.count() == AuditEvent.objects.count() == 6
    assert chain.verify().intact


def test_a_changed_event_is_reported_at_its_link(five):
    with tampering() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET detail = 'nothing to see' WHERE id = %s", [five[2].pk]
        )
    with pytest.raises(CommandError) as refused:
        verify()
    message = str(refused.value)
    assert "BROKEN at link 3" in message and f"event {five[2].pk}" in message
    assert "The 2 link(s) before it hold" in message


def test_a_removed_event_is_reported(five):
    with tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [five[1].pk])
    with pytest.raises(CommandError, match=f"link 2: event {five[1].pk} is missing"):
        verify()


def test_a_removed_link_is_reported(five):
    with tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditlink WHERE seq = 4")
    with pytest.raises(CommandError, match="link 5: links 4 to 4 are missing"):
        verify()


def test_a_link_rewritten_without_the_key_is_reported(five):
    import hashlib

    forged = hashlib.sha256(b"recomputed by someone without the key").hexdigest()
    with tampering() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET ip = '203.0.113.66' WHERE id = %s", [five[0].pk]
        )
        cursor.execute("UPDATE audit_auditlink SET digest = %s WHERE seq = 1", [forged])
    with pytest.raises(CommandError, match="BROKEN at link 1"):
        verify()


def test_events_left_unchained_are_reported_and_chained_on_request(db):
    # No commit hooks run here: as if the process died between commit and chaining.
    for n in range(3):
        _event(n)
    assert "3 event(s) are not chained yet" in verify()
    out = StringIO()
    call_command("verify_audit", "--chain", stdout=out)
    assert "Chained 3 event(s)" in out.getvalue()
    assert "The audit trail holds: 3 event(s) chained" in out.getvalue()
    assert "are not chained yet" not in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_chain_stays_one_line_under_concurrent_writers():
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(8):
                with transaction.atomic():
                    event = _event(n * 100 + i)
                if i % 3 == 0:
                    record_many(Action.READ, [event, event], actor=Actor.system(Via.COMMAND))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    events = AuditEvent.objects.count()
    assert events == 4 * (8 + 3 * 2)
    seqs = list(AuditLink.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, events + 1))
    verdict = chain.verify()
    assert verdict.intact and verdict.links == events and verdict.unchained == 0
