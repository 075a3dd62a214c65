"""The caseload: who needs attention first, in one fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from confide.practice.models import Assignment, Client, ClientStatus
from confide.scheduling.models import Appointment
from tests.factories import add_scores, sign_in

pytestmark = pytest.mark.django_db


def make_clients(world, n, prefix):
    made = []
    for i in range(n):
        c = Client.objects.create(
            first_name=f"{prefix}{i}", last_name=f"Case{i:02d}", date_of_birth=date(1980, 1, 1),
            status=ClientStatus.ACTIVE,
        )  # fmt: skip
        Assignment.objects.create(client=c, clinician=world.alice_clinician)
        add_scores(c, "phq9", [16, 14, 12])
        add_scores(c, "gad7", [12, 10, 9])
        start = timezone.now() + timedelta(days=2, hours=2 * Client.objects.count())
        Appointment.objects.create(
            clinician=world.alice_clinician, client=c, format="virtual",
            start=start, end=start + timedelta(hours=1),
        )  # fmt: skip
        made.append(c)
    return made


def test_query_count_is_the_same_for_3_and_30_clients(client, world, django_assert_num_queries):
    sign_in(client, world.alice)
    make_clients(world, 3, "A")
    client.get("/staff/outcomes/")  # warm the session and any caches
    with CaptureQueriesContext(connection) as small:
        assert client.get("/staff/outcomes/").status_code == 200
    make_clients(world, 27, "B")
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/staff/outcomes/")
    assert response.content.decode().count('href="/staff/outcomes/clients/') == 31


def test_the_most_urgent_clients_come_first_with_their_reasons(client, world):
    improving = make_clients(world, 1, "Imp")[0]
    worse = Client.objects.create(
        first_name="Wendy", last_name="Worse", date_of_birth=date(1980, 1, 1),
        status=ClientStatus.ACTIVE,
    )  # fmt: skip
    Assignment.objects.create(client=worse, clinician=world.alice_clinician)
    add_scores(worse, "phq9", [8, 12, 15])
    flat = Client.objects.create(
        first_name="Fred", last_name="Flat", date_of_birth=date(1980, 1, 1),
        status=ClientStatus.ACTIVE,
    )  # fmt: skip
    Assignment.objects.create(client=flat, clinician=world.alice_clinician)
    add_scores(flat, "phq9", [15, 15, 14, 14, 13, 13])
    sign_in(client, world.alice)
    page = client.get("/staff/outcomes/").content.decode()
    # Carol has an open alert (the personas' PHQ-9 has item 9 at 1): she is first.
    order = [page.index(n) for n in ("Quillfeather", "Worse", "Flat", improving.last_name)]
    assert order == sorted(order)
    assert "Red: deteriorating" in page and "Amber: not improving" in page
    assert "No reliable improvement by session 6" in page
    assert "Open risk alert" in page
    assert "Thistlewood" not in page  # Bob's client
    assert "Next appointment" in page and "Source:" in page


@pytest.mark.parametrize("who", ["intake", "admin", "carol_user", "outsider"])
def test_the_caseload_is_for_clinicians_only(client, world, who):
    sign_in(client, getattr(world, who))
    response = client.get("/staff/outcomes/")
    assert response.status_code in (302, 403)
    assert "Quillfeather" not in response.content.decode()
