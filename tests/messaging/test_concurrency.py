"""Messages written at the same moment lose nothing: each writer locks the thread row before
it changes the thread's flags, so a reply cannot wipe out the risk flag of a message sent in
the same instant, and two people opening a video room at once get the same room."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from confide.messaging import actions
from confide.messaging.models import Thread
from confide.scheduling.models import Appointment, Format
from confide.telehealth.actions import room_for
from tests.factories import build_world

from .conftest import actor

ROUNDS = 6


def _together(*calls):
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call):
        try:
            barrier.wait()
            call()
        except BaseException as exc:  # collected and re-raised below
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=run, args=(c,)) for c in calls]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if errors:
        raise errors[0]


@pytest.mark.django_db(transaction=True)
def test_a_reply_at_the_same_moment_never_clears_a_risk_flag():
    world = build_world()
    for i in range(ROUNDS):
        sent = actions.start_thread(actor(world.carol_user), world.carol, subject=f"S{i}", body=".")
        pk = sent.thread.pk

        def fresh(pk=pk):  # each writer reads the thread for itself, as two requests would
            return Thread.objects.select_related("client").get(pk=pk)

        _together(
            lambda: actions.send_message(
                actor(world.carol_user), fresh(), body="I have thought about suicide"
            ),
            lambda: actions.send_message(actor(world.alice), fresh(), body="See you soon"),
        )
        thread = fresh()
        assert thread.risk_is_open and thread.messages.count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_people_opening_a_room_at_once_get_the_same_room():
    world = build_world()
    start = timezone.now()
    for i in range(ROUNDS):
        appt = Appointment.objects.create(
            clinician=world.alice_clinician,
            client=world.carol,
            start=start + timedelta(days=i),
            end=start + timedelta(days=i, minutes=50),
            format=Format.VIRTUAL,
        )
        names: list[str] = []

        def enter(a=appt, names=names):
            names.append(room_for(Appointment.objects.get(pk=a.pk)))

        _together(enter, enter)
        appt.refresh_from_db()
        assert names[0] == names[1] == appt.video_room
