"""The practice outcomes are stored per course and kept current through every door that
changes a course; the stored table always equals one rebuilt from scratch."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from confide.ipt.modalities import LABELS
from confide.ipt.models import Adjunct, Decision, Formulation, Plan
from confide.ipt.problem_areas import AREAS
from confide.outcomes import practice, summary
from confide.outcomes.models import CourseOutcome, ExpectedBand
from confide.outcomes.stats import Band
from confide.practice.models import Client, ClientStatus
from confide.scheduling.actions import set_outcome
from confide.scheduling.models import Appointment, Status
from tests.factories import actor, add_scores, sign_in

pytestmark = pytest.mark.django_db
GRIEF = ("Problem area", AREAS["grief"].label)
CBT = ("Adjunct modality", LABELS["cbt"])


def a_client(name: str, *, status: str = ClientStatus.DISCHARGED, **kw) -> Client:
    return Client.objects.create(
        first_name=name, last_name="Course", date_of_birth="1980-01-01", status=status, **kw
    )


def formulate(client: Client, area: str) -> Formulation:
    return Formulation.objects.create(
        client=client, areas=[area], course="standard", sessions=16, weeks=16
    )


def table() -> list[tuple]:
    return [
        (r.dimension, r.group, r.people, *(tuple(x.values()) for x in r.rates))
        for r in practice.practice_table()
    ]


def bands() -> dict:
    return summary.practice_bands()


def rows_by_group() -> dict:
    return {(r.dimension, r.group): r for r in practice.practice_table()}


def test_discharging_a_client_counts_their_course_and_reopening_removes_it(world):
    client = a_client("Ada", status=ClientStatus.ACTIVE)
    add_scores(client, "phq9", [18, 12, 6])
    add_scores(client, "gad7", [12, 9, 4])
    assert not CourseOutcome.objects.exists()  # an active course is not counted yet
    client.status = ClientStatus.DISCHARGED
    client.save()
    stored = CourseOutcome.objects.get(client=client)
    assert stored.finished and stored.phq9_elevated and stored.response and stored.recovered
    assert stored.phq9_totals == [18, 12, 6]
    client.status = ClientStatus.ACTIVE
    client.save()
    assert not CourseOutcome.objects.exists()


def test_each_door_that_changes_a_course_updates_the_stored_table(world):
    clients = [a_client(f"C{i}", perinatal=i % 2 == 0) for i in range(6)]
    for c in clients:
        add_scores(c, "phq9", [16])  # one measure: not finished on measures alone
        add_scores(c, "gad7", [10])
    everyone = rows_by_group()[("All clients", "All")]
    assert everyone.people == 0  # none has two sessions yet

    # The diary: two attended sessions finish the course (marked through the booking rules).
    for i, c in enumerate(clients):
        for week in (2, 1):
            start = timezone.now() - timedelta(weeks=week, hours=i)  # one clinician, no overlap
            appointment = Appointment.objects.create(
                clinician=world.alice_clinician, client=c, start=start,
                end=start + timedelta(minutes=50), format="virtual",
            )  # fmt: skip
            set_outcome(actor(world.alice), appointment, Status.ATTENDED)
    assert rows_by_group()[("All clients", "All")].people == 6
    assert rows_by_group()[("Population", "Perinatal")].people == 3

    # The formulation's problem areas and the plan's accepted adjuncts become groups.
    for c in clients:
        formulate(c, "grief")
        plan = Plan.objects.create(client=c)
        Adjunct.objects.create(
            plan=plan, modality="cbt", decision=Decision.ACCEPTED, reason="Worry", suggested=True
        )
    groups = rows_by_group()
    assert groups[GRIEF].people == 6
    assert groups[CBT].people == 6

    # A later questionnaire changes the outcome; the stored table equals a rebuild.
    add_scores(clients[0], "phq9", [16, 4])
    before = table()
    practice.rebuild()
    assert table() == before

    # Deleting what a course is made of takes it out again.
    Adjunct.objects.filter(plan__client=clients[0]).delete()
    groups = rows_by_group()
    assert groups[CBT].people == 5
    clients[1].delete()
    assert rows_by_group()[("All clients", "All")].people == 5
    before = table()
    practice.rebuild()
    assert table() == before


def test_groups_under_five_people_are_suppressed(world):
    for i in range(7):
        c = a_client(f"S{i}")
        add_scores(c, "phq9", [16, 4])
        add_scores(c, "gad7", [10, 3])
        if i < 4:
            formulate(c, "grief")
    groups = rows_by_group()
    everyone, grief = groups[("All clients", "All")], groups[GRIEF]
    assert not everyone.recovery.suppressed and everyone.recovery.successes == 7
    assert grief.people == 4
    assert all(r["suppressed"] and r["percent"] is None for r in grief.rates)


def test_expected_bands_appear_at_thirty_finished_courses_and_follow_them(world):
    for i in range(29):
        c = a_client(f"B{i}")
        add_scores(c, "phq9", [18, 15, 12 if i < 20 else 14])
    assert bands() == {}  # 29 finished courses are too few
    c = a_client("B29")
    add_scores(c, "phq9", [18, 15, 12])
    found = bands()
    start = summary.band_slug("phq9", 18)
    assert found[(start, 1)] == Band(18, 18, 30)
    assert found[(start, 3)] == Band(12, 14, 30)  # 25th-75th percentile of 21x12, 9x14
    assert ExpectedBand.objects.count() == len(found) == 3
    Client.objects.get(first_name="B0").save()  # a save that changes nothing keeps them
    assert bands() == found
    Client.objects.filter(first_name="B1").update(status=ClientStatus.ACTIVE)  # no signal...
    practice.refresh([Client.objects.get(first_name="B1").pk])  # ...so refresh by hand
    assert bands() == {}  # 29 again


def test_practice_page_costs_the_same_queries_for_more_clients(client, world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/staff/outcomes/practice/").status_code == 200
        return len(captured)

    sign_in(client, world.admin)
    for i in range(5):
        c = a_client(f"Q{i}")
        add_scores(c, "phq9", [16, 4])
    few = queries()
    for i in range(15):
        c = a_client(f"R{i}")
        add_scores(c, "phq9", [16, 8])
        formulate(c, "role_transition")
    assert queries() == few


def test_refresh_outcomes_rebuilds_after_a_bulk_load(world):
    c = a_client("Bulk")
    add_scores(c, "phq9", [16, 4])
    CourseOutcome.objects.all().delete()  # as after a bulk insert that sent no signals
    assert rows_by_group() == {}
    out = io.StringIO()
    call_command("refresh_outcomes", stdout=out)
    assert "rebuilt from 1 course." in out.getvalue()
    assert rows_by_group()[("All clients", "All")].people == 1
