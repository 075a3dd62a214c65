"""Risk before therapy: open alerts at the top of the IPT pages and the plan suggestions, and
IPT-A's published exclusions as cautions to check."""

from datetime import date

import pytest
from django.utils import timezone

from confide.assessments.actions import record_assessment
from confide.assessments.models import Source
from confide.instruments import get
from confide.ipt import course as course_mod
from confide.outcomes.models import RiskAlert
from confide.practice.models import Assignment, Client, ClientStatus
from tests.factories import call, sign_in, token_for

pytestmark = pytest.mark.django_db

PAGES = ("", "formulation/", "plan/", "notes/new/")
EXCLUSIONS = ("Acutely suicidal", "Bipolar disorder", "Substance abuse", "Severe or psychotic")


def teen(world, *, risk: bool, phqa_total: int | None = None):
    today = timezone.localdate()
    t = Client.objects.create(
        first_name="Tia", last_name="Teenager", status=ClientStatus.ACTIVE,
        date_of_birth=date(today.year - 15, 1, 1),
    )  # fmt: skip
    Assignment.objects.create(client=t, clinician=world.alice_clinician, primary=True)
    record_assessment(
        get("phq9"), [1, 1, 0, 0, 0, 0, 0, 0, 1 if risk else 0], source=Source.CLINICIAN, client=t
    )
    if phqa_total is not None:
        responses = [3] * (phqa_total // 3) + [phqa_total % 3]
        responses = (responses + [0] * 9)[:9]
        record_assessment(get("phqa"), responses, source=Source.CLINICIAN, client=t)
    return t


# --- pure: the course's cautions ----------------------------------------------------------


def test_ipt_a_carries_its_four_published_exclusions_and_other_courses_none():
    assert [c.label for c in course_mod.plan_course("adolescents").cautions] == [
        "Acutely suicidal",
        "Bipolar disorder",
        "Substance abuse",
        "Severe or psychotic depression",
    ]
    for population in ("adults", "children", "perinatal", "professionals"):
        assert course_mod.plan_course(population).cautions == ()
    assert "cebc4cw.org" in course_mod.IPT_A_SOURCE


def test_the_checks_say_what_in_this_record_needs_checking_now():
    cautions = course_mod.IPT_A_EXCLUSIONS
    quiet = course_mod.exclusion_checks(cautions, open_risk_alerts=0, scores={"phq9": 8})
    assert all(c.now == "" for c in quiet)
    loud = course_mod.exclusion_checks(cautions, open_risk_alerts=2, scores={"phqa": 22})
    now = {c.caution.key: c.now for c in loud}
    assert now["acutely_suicidal"] == "Check now: 2 open risk alerts."
    assert now["severity"] == "Check now: latest PHQ-A 22 (severe)."
    assert now["bipolar"] == now["substance_abuse"] == ""


# --- the pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_every_ipt_page_opens_with_the_open_alert_to_acknowledge(client, world, page):
    # Carol's PHQ-9 in the personas has item 9 at 1: an open alert for Alice.
    sign_in(client, world.alice)
    html = client.get(f"/staff/ipt/{world.carol.pk}/{page}").content.decode()
    main = html[html.index("<h1>") :]
    assert "Safety first" in main
    assert main.index("Safety first") < main.index("<h2", main.index("Safety first") + 20)
    assert "Acknowledge alert" in main  # Alice is the alert's clinician
    assert "Before IPT-A" not in main  # Carol is an adult


def test_without_an_open_alert_there_is_nothing_above_the_work(client, world):
    RiskAlert.objects.update(acknowledged_at="2026-01-01T00:00:00Z", action_taken="Called.")
    sign_in(client, world.alice)
    for page in PAGES:
        assert (
            "Safety first" not in client.get(f"/staff/ipt/{world.carol.pk}/{page}").content.decode()
        )


def test_acknowledging_from_an_ipt_page_comes_back_to_it(client, world):
    sign_in(client, world.alice)
    alert = RiskAlert.objects.get(client=world.carol)
    url = f"/staff/ipt/{world.carol.pk}/plan/"
    response = client.post(
        f"/staff/outcomes/alerts/{alert.pk}/acknowledge/",
        {"action_taken": "Called Carol; safety plan reviewed.", "next": url},
    )
    assert response.status_code == 302 and response["Location"] == url
    assert "Safety first" not in client.get(url).content.decode()


def test_a_clinician_who_is_not_the_alerts_owner_sees_it_without_the_form(client, world):
    Assignment.objects.create(client=world.carol, clinician=world.bob_clinician, primary=False)
    sign_in(client, world.bob)
    html = client.get(f"/staff/ipt/{world.carol.pk}/plan/").content.decode()
    assert "Open risk alert:" in html and "waiting for Alice Ames" in html
    assert "Acknowledge alert" not in html


@pytest.mark.parametrize("page", PAGES)
def test_an_adolescents_ipt_pages_list_the_ipt_a_exclusions(client, world, page):
    t = teen(world, risk=True, phqa_total=21)
    sign_in(client, world.alice)
    html = client.get(f"/staff/ipt/{t.pk}/{page}").content.decode()
    assert "Before IPT-A: check its published exclusions" in html
    for label in EXCLUSIONS:
        assert label in html
    assert "Check now: 1 open risk alert." in html
    assert "Check now: latest PHQ-A 21 (severe)." in html
    assert html.index("Acknowledge alert") < html.index("Before IPT-A")  # the alert first


def test_an_adolescent_without_risk_still_sees_the_cautions_to_check(client, world):
    t = teen(world, risk=False)
    sign_in(client, world.alice)
    html = client.get(f"/staff/ipt/{t.pk}/plan/").content.decode()
    assert "Before IPT-A" in html and "Check now" not in html
    assert "Acknowledge alert" not in html


# --- the plan suggestions API ----------------------------------------------------------------


def test_the_suggestions_api_leads_with_open_alerts_and_cautions(client, world):
    t = teen(world, risk=True)
    token = token_for(client, world.alice)
    body = call(client, token, "get", f"/api/v1/clients/{t.pk}/plan/suggestions").json()
    assert list(body)[:4] == ["client", "open_alerts", "cautions", "cautions_source"]
    (alert,) = body["open_alerts"]
    assert (alert["instrument"], alert["source"]) == ("phq9", "clinician")
    assert [c["key"] for c in body["cautions"]] == [
        "acutely_suicidal",
        "bipolar",
        "substance_abuse",
        "severity",
    ]
    assert body["cautions"][0]["now"] == "Check now: 1 open risk alert."
    adult = call(client, token, "get", f"/api/v1/clients/{world.carol.pk}/plan/suggestions").json()
    assert len(adult["open_alerts"]) == 1 and adult["cautions"] == []
