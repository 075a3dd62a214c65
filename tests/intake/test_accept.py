"""From request to client in one step: matches with reasons, then create, assign and book."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from confide.assessments.models import Assessment
from confide.intake.models import ConsultationRequest
from confide.practice.models import Client, Language, Location, Population, ProblemArea
from confide.scheduling.actions import book_appointment
from confide.scheduling.models import Appointment, Availability
from tests.factories import SYSTEM, keep_screening, make_request, sign_in

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")


def next_weekday_at(weekday: int, hour: int) -> datetime:
    today = timezone.localdate()
    days = (weekday - today.weekday()) % 7 or 7
    return datetime.combine(today + timedelta(days=days), time(hour), NY)


@pytest.fixture
def team(world):
    """Alice sees adults in Greenwich, on grief and transitions; Bob sees only adolescents."""
    greenwich = Location.objects.get(slug="greenwich")
    alice = world.alice_clinician
    alice.populations.set(Population.objects.filter(slug__in=["adults", "perinatal"]))
    alice.problem_areas.set(ProblemArea.objects.filter(slug__in=["role_transition", "grief"]))
    alice.languages.set(Language.objects.filter(slug="en"))
    alice.locations.set([greenwich])
    bob = world.bob_clinician
    bob.populations.set(Population.objects.filter(slug="adolescents"))
    bob.languages.set(Language.objects.filter(slug="en"))
    for c in (alice, bob):
        for weekday in range(6):
            Availability.objects.create(
                clinician=c, location=greenwich, weekday=weekday, starts=time(9), ends=time(19)
            )
    return world


def test_the_request_page_ranks_clinicians_with_reasons(client, team):
    cr = make_request(concerns=["life_transition"], days=["1"], day_parts=["afternoon"])
    sign_in(client, team.intake)
    html = client.get(f"/staff/intake/{cr.pk}/").content.decode()
    assert "Alice Ames, PhD" in html
    assert "sees adults; focuses on role transitions; in person in Greenwich or by video" in html
    assert "first opening Tue" in html
    assert "Bob Burns, LCSW: does not see adults" in html


def test_the_matches_api_gives_the_same_ranking_and_reasons(client, team):
    from tests.factories import call, token_for

    cr = make_request(concerns=["life_transition"], days=["1"], day_parts=["afternoon"])
    token = token_for(client, team.intake)
    body = call(client, token, "get", f"/api/v1/consultation-requests/{cr.pk}/matches").json()
    assert [m["name"] for m in body["matches"]] == ["Alice Ames, PhD"]
    first = body["matches"][0]
    assert first["reasons"][:2] == ["sees adults", "focuses on role transitions"]
    start = datetime.fromisoformat(first["first_opening"]["start"]).astimezone(NY)
    assert start.weekday() == 1 and 12 <= start.hour < 17
    assert body["excluded"][0]["reasons"] == ["does not see adults"]


def test_accepting_creates_the_client_assigns_books_and_attaches_the_baseline(client, team):
    code, kept = keep_screening()
    cr = make_request(code=code, date_of_birth="1991-05-06")
    start = next_weekday_at(1, 16)
    sign_in(client, team.intake)
    url = f"/staff/intake/{cr.pk}/accept/"
    form = client.get(url, {"clinician": team.alice_clinician.pk, "start": start.isoformat()})
    assert form.status_code == 200 and 'value="1991-05-06"' in form.content.decode()
    response = client.post(
        url,
        {
            "clinician": team.alice_clinician.pk,
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "minutes": 50,
            "format": "virtual",
            "date_of_birth": "1991-05-06",
        },
    )
    assert response.status_code == 302, response.content.decode()
    new = Client.objects.get(last_name="Quenby")
    assert response["Location"] == f"/staff/clients/{new.pk}/"
    assert (new.first_name, new.email, new.preferred_contact) == (
        "Marisol",
        "marisol@example.com",
        "email",
    )
    assert list(new.clinicians.all()) == [team.alice_clinician]
    appt = Appointment.objects.get(client=new)
    assert appt.kind == "intake_consultation" and appt.start == start
    assert set(Assessment.objects.filter(kept_screening=kept).values_list("client", flat=True)) == {
        new.pk
    }
    cr.refresh_from_db()
    assert (cr.status, cr.client, cr.clinician) == ("booked", new, team.alice_clinician)
    assert cr.events.last().to_status == "booked"


def test_a_child_becomes_a_client_with_the_parent_as_guardian(client, team):
    team.alice_clinician.populations.add(Population.objects.get(slug="adolescents"))
    cr = make_request(
        for_whom="child", their_first_name="Ned", age_group="adolescents",
        date_of_birth="2011-02-03",
    )  # fmt: skip
    sign_in(client, team.intake)
    start = next_weekday_at(2, 15)
    response = client.post(
        f"/staff/intake/{cr.pk}/accept/",
        {
            "clinician": team.alice_clinician.pk,
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "minutes": 50,
            "format": "in_person",
            "location": Location.objects.get(slug="greenwich").pk,
            "date_of_birth": "2011-02-03",
        },
    )
    assert response.status_code == 302
    ned = Client.objects.get(first_name="Ned")
    assert (ned.guardian_name, ned.guardian_email, ned.email) == (
        "Marisol Quenby",
        "marisol@example.com",
        "",
    )


def test_a_taken_slot_shows_the_clear_message_and_changes_nothing(client, team):
    code, kept = keep_screening()
    cr = make_request(code=code)
    start = next_weekday_at(1, 16)
    book_appointment(
        SYSTEM, clinician=team.alice_clinician, client=team.carol, start=start,
        end=start + timedelta(minutes=50), format="virtual",
    )  # fmt: skip
    sign_in(client, team.intake)
    clients_before = Client.objects.count()
    response = client.post(
        f"/staff/intake/{cr.pk}/accept/",
        {
            "clinician": team.alice_clinician.pk,
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "minutes": 50,
            "format": "virtual",
            "date_of_birth": "1991-05-06",
        },
    )
    assert response.status_code == 409
    assert "is already booked" in response.content.decode()
    assert Client.objects.count() == clients_before
    assert Appointment.objects.count() == 1
    assert ConsultationRequest.objects.get().status == "new"
    assert not Assessment.objects.filter(kept_screening=kept, client__isnull=False).exists()


def test_a_missing_date_of_birth_or_office_names_the_field(client, team):
    cr = make_request()
    sign_in(client, team.intake)
    response = client.post(
        f"/staff/intake/{cr.pk}/accept/",
        {
            "clinician": team.alice_clinician.pk,
            "start": next_weekday_at(1, 16).strftime("%Y-%m-%dT%H:%M"),
            "minutes": 50,
            "format": "in_person",
        },
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "date_of_birth" in errors and "location" in errors
    assert Client.objects.filter(last_name="Quenby").count() == 0


def test_a_risk_answer_in_the_attached_check_alerts_the_new_clinician(client, team):
    from confide.outcomes.models import RiskAlert

    code, _kept = keep_screening(phq9=(0, 0, 0, 0, 0, 0, 0, 0, 2))
    cr = make_request(code=code, date_of_birth="1991-05-06")
    sign_in(client, team.intake)
    start = next_weekday_at(2, 15)
    response = client.post(
        f"/staff/intake/{cr.pk}/accept/",
        {
            "clinician": team.alice_clinician.pk,
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "minutes": 50,
            "format": "virtual",
            "date_of_birth": "1991-05-06",
        },
    )
    assert response.status_code == 302
    alert = RiskAlert.objects.get(client__last_name="Quenby")
    assert alert.clinician == team.alice_clinician
    assert alert.acknowledged_at is None
