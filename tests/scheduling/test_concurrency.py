"""No sequence of requests, however concurrent, leaves two overlapping appointments.

Twenty threads, each with its own database connection, book overlapping slots for one
clinician at the same instant. On PostgreSQL the exclusion constraint decides; on SQLite the
IMMEDIATE transaction serializes check-and-insert. Either way exactly one wins.
"""

from __future__ import annotations

import itertools
import threading
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, connections

from confide.practice.demo.places import load_places
from confide.practice.models import Client
from confide.scheduling.actions import SlotTaken, book_appointment
from confide.scheduling.models import Appointment
from tests.factories import SYSTEM, build_world, next_weekday, work_at

THREADS = 20


def no_overlap(rows) -> bool:
    rows = sorted(rows, key=lambda a: a.start)
    return all(a.end <= b.start for a, b in itertools.pairwise(rows))


@pytest.mark.django_db(transaction=True)
def test_twenty_threads_booking_overlapping_slots_give_exactly_one_appointment():
    places = {p.slug: p for p in load_places()}
    world = build_world()
    work_at(world.alice_clinician, places["greenwich"])
    clients = [
        Client.objects.create(
            first_name=f"Client{i}", last_name="Racer", date_of_birth=date(1990, 1, 1)
        )
        for i in range(THREADS)
    ]
    base = next_weekday(1, 10)
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(i: int) -> None:
        try:
            # Overlapping but not identical: starts 0-19 minutes apart, 50 minutes each.
            start = base + timedelta(minutes=i)
            barrier.wait()
            book_appointment(
                SYSTEM,
                clinician=world.alice_clinician,
                client=clients[i],
                start=start,
                end=start + timedelta(minutes=50),
                format="virtual",
            )
            result = "booked"
        except SlotTaken as exc:
            result = f"taken:{exc.field}"
        except Exception as exc:
            result = f"error:{type(exc).__name__}:{exc}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["booked"] + ["taken:clinician"] * (THREADS - 1), outcomes
    rows = list(Appointment.objects.live().filter(clinician=world.alice_clinician))
    assert len(rows) == 1
    assert no_overlap(rows)


@pytest.mark.django_db(transaction=True)
def test_the_guarantee_does_not_rest_on_the_python_check(monkeypatch):
    """PostgreSQL: the exclusion constraint refuses an overlap even when the check is skipped,
    and the refusal comes back as SlotTaken. SQLite: the check and the insert run inside one
    BEGIN IMMEDIATE transaction, which holds the write lock from before the check."""
    places = {p.slug: p for p in load_places()}
    world = build_world()
    work_at(world.alice_clinician, places["greenwich"])
    start = next_weekday(2, 9)
    first = dict(clinician=world.alice_clinician, start=start, format="virtual")
    book_appointment(SYSTEM, client=world.carol, end=start + timedelta(minutes=50), **first)
    if connection.vendor == "postgresql":
        monkeypatch.setattr("confide.scheduling.actions._raise_if_overlap", lambda appt: None)
        with pytest.raises(SlotTaken) as caught:
            book_appointment(SYSTEM, client=world.dave, end=start + timedelta(minutes=30), **first)
        assert caught.value.field == "clinician"
        with pytest.raises(IntegrityError):
            Appointment.objects.create(
                client=world.dave, end=start + timedelta(minutes=10), **first
            )
    else:
        statements: list[str] = []

        def capture(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture), pytest.raises(SlotTaken):
            book_appointment(SYSTEM, client=world.dave, end=start + timedelta(minutes=30), **first)
        begin = statements.index("BEGIN IMMEDIATE")
        check = next(i for i, s in enumerate(statements) if "scheduling_appointment" in s)
        assert begin < check
    assert Appointment.objects.count() == 1
