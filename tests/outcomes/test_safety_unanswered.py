"""A safety question left unanswered is never silent: record, caseload, export and API."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from confide.assessments.actions import record_assessment
from confide.assessments.models import Assessment, Source
from confide.instruments import get
from confide.practice.models import Assignment, Client, ClientStatus
from tests.factories import call, sign_in, token_for

pytestmark = pytest.mark.django_db

WORDS = "Safety question not answered"


def new_client(world, last_name):
    c = Client.objects.create(
        first_name="Una", last_name=last_name, date_of_birth=date(1980, 1, 1),
        status=ClientStatus.ACTIVE,
    )  # fmt: skip
    Assignment.objects.create(client=c, clinician=world.alice_clinician)
    return c


def phq9(client, responses, days_ago):
    return record_assessment(
        get("phq9"), responses, source=Source.CLINICIAN, client=client,
        taken_at=timezone.now() - timedelta(days=days_ago),
    )  # fmt: skip


def test_the_flag_is_a_field_and_a_queryset_method(world):
    una = new_client(world, "Unanswered")
    skipped = phq9(una, [1, 1, 0, 0, 0, 0, 0, 0, None], 3)
    answered = phq9(una, [1, 1, 0, 0, 0, 0, 0, 0, 0], 1)
    assert skipped.risk_unanswered and not skipped.risk
    assert not answered.risk_unanswered
    assert list(Assessment.objects.filter(client=una).safety_unanswered()) == [skipped]


def test_the_client_record_says_so_on_that_questionnaire(client, world):
    una = new_client(world, "Unanswered")
    phq9(una, [1, 1, 0, 0, 0, 0, 0, 0, None], 1)
    sign_in(client, world.alice)
    page = client.get(f"/staff/clients/{una.pk}/").content.decode()
    assert WORDS in page
    assert "It is not read as" in page  # the outcomes panel says what to do


def test_the_caseload_says_so_and_puts_the_client_near_the_top(client, world):
    una = new_client(world, "Unanswered")
    calm = new_client(world, "Aaron")  # sorts first by name when nothing is wrong
    phq9(calm, [1, 1, 0, 0, 0, 0, 0, 0, 0], 1)
    phq9(una, [1, 1, 0, 0, 0, 0, 0, 0, None], 1)
    sign_in(client, world.alice)
    page = client.get("/staff/outcomes/").content.decode()
    assert page.count(WORDS) == 1
    # Carol's open alert first, then Una's unanswered question, then the rest.
    assert page.index("Quillfeather") < page.index("Unanswered") < page.index("Aaron")


def test_an_unscorable_questionnaire_with_the_question_unanswered_still_shows(client, world):
    una = new_client(world, "Unanswered")
    phq9(una, [1, 1, 0, None, None, None, 0, 0, None], 1)  # four missing: not scorable
    sign_in(client, world.alice)
    assert WORDS in client.get("/staff/outcomes/").content.decode()


def test_a_later_answer_clears_the_caseload_but_not_the_record(client, world):
    una = new_client(world, "Unanswered")
    phq9(una, [1, 1, 0, 0, 0, 0, 0, 0, None], 8)
    phq9(una, [1, 1, 0, 0, 0, 0, 0, 0, 0], 1)
    sign_in(client, world.alice)
    assert WORDS not in client.get("/staff/outcomes/").content.decode()
    assert WORDS in client.get(f"/staff/clients/{una.pk}/").content.decode()


def test_a_phqa_with_its_safety_question_unanswered_shows_too(client, world):
    una = new_client(world, "Teen")
    record_assessment(
        get("phqa"), [1, 1, 0, 0, 0, 0, 0, 0, None], source=Source.CLINICIAN, client=una,
        extras={"suicidal_thoughts_past_month": 1, "suicide_attempt_lifetime": 1},
    )  # fmt: skip
    sign_in(client, world.alice)
    assert WORDS in client.get("/staff/outcomes/").content.decode()


def test_the_fhir_export_notes_it_on_the_total_observation(client, world):
    una = new_client(world, "Unanswered")
    skipped = phq9(una, [1, 1, 0, 0, 0, 0, 0, 0, None], 1)
    token = token_for(client, world.alice)
    bundle = call(client, token, "get", f"/api/v1/clients/{una.pk}/fhir").json()
    total = next(
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation" and e["resource"]["id"] == str(skipped.pk)
    )
    assert any(WORDS in n["text"] for n in total["note"])
    # Eight answered items have an Observation; item 9 has none, and no "no" is invented.
    assert len(total["hasMember"]) == 8


def test_the_outcomes_api_marks_the_point(client, world):
    una = new_client(world, "Unanswered")
    phq9(una, [1, 1, 0, 0, 0, 0, 0, 0, None], 1)
    token = token_for(client, world.alice)
    body = call(client, token, "get", f"/api/v1/clients/{una.pk}/outcomes").json()
    (point,) = body["series"][0]["points"]
    assert point["risk_unanswered"] is True and point["risk"] is False
