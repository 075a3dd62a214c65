"""A clinician builds an inventory entry, sees the circle, accepts a formulation, chooses an
adjunct and writes a note, in headless Chromium, with axe scans on each page."""

import pytest
from django.test import Client

from confide.ipt.models import Adjunct, Formulation, Note
from tests.factories import build_world, sign_in

from .support import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clinician_from_inventory_to_note(page, live_server):
    world = build_world()
    django_client = Client()
    sign_in(django_client, world.alice)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": django_client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    carol = world.carol

    page.goto(f"/staff/clients/{carol.pk}/")
    page.get_by_role("link", name="Inventory, circle and timeline").click()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Add a person to the inventory").click()
    page.get_by_label("Name or label").fill("Marco")
    page.get_by_label("Relationship").select_option("partner")
    page.get_by_label("Inner ring (closest)").check()
    page.get_by_label("Conflicts: how often").select_option("often")
    page.get_by_label("Mutual expectations reciprocal").select_option("no")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Save").click()
    circle = page.get_by_role("img", name="Closeness circle")
    assert circle.is_visible()
    assert page.get_by_role("row", name="Marco").is_visible()
    assert "Interpersonal role dispute" in page.content()

    page.get_by_role("link", name="Formulation", exact=True).click()
    assert serious_violations(page) == []
    page.get_by_label("Interpersonal role dispute").check()
    page.get_by_label("Impasse").check()
    page.get_by_label("Formulation", exact=True).fill("The low mood follows the stalled dispute.")
    page.get_by_label("Focus of treatment").fill("Renegotiating with Marco.")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Record acceptance and lock").click()
    assert Formulation.objects.get(client=carol).locked

    assert "Treatment plan" in page.title()
    assert serious_violations(page) == []
    page.get_by_label("Cognitive distortions or negative self-talk shape relationships").check()
    page.get_by_role("button", name="Update suggestions").click()
    cbt = page.locator("#adjunct-cbt")
    cbt.get_by_label("Accepted", exact=True).check()
    cbt.get_by_label("Why (and any changes)").fill("Harsh self-talk after arguments.")
    cbt.get_by_role("button", name="Record decision").click()
    assert Adjunct.objects.get(plan__client=carol).decision == "accepted"

    page.get_by_role("link", name="Write the note for session 4").click()
    assert "middle phase" in page.content()
    page.get_by_label("Note", exact=True).fill("Communication analysis of Sunday's argument.")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Sign and lock").click()
    assert "Signed note" in page.content()
    assert serious_violations(page) == []
    assert Note.objects.get(client=carol).locked
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/staff/ipt/{carol.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400


def test_an_adolescents_plan_opens_with_the_alert_and_ipt_a_cautions(page, live_server, artifacts):
    from datetime import date

    from django.utils import timezone

    from confide.assessments.actions import record_assessment
    from confide.assessments.models import Source
    from confide.instruments import get
    from confide.practice.models import Assignment, ClientStatus
    from confide.practice.models import Client as Record

    world = build_world()
    today = timezone.localdate()
    tia = Record.objects.create(
        first_name="Tia", last_name="Teenager", status=ClientStatus.ACTIVE,
        date_of_birth=date(today.year - 15, 1, 1),
    )  # fmt: skip
    Assignment.objects.create(client=tia, clinician=world.alice_clinician)
    record_assessment(get("phq9"), [2] * 8 + [1], source=Source.CLINICIAN, client=tia)
    django_client = Client()
    sign_in(django_client, world.alice)
    page.context.add_cookies(
        [{"name": "sessionid", "value": django_client.cookies["sessionid"].value,
          "url": live_server.url}]
    )  # fmt: skip

    page.goto(f"/staff/ipt/{tia.pk}/plan/")
    safety = page.get_by_role("region", name="Safety first")
    heading = page.get_by_role("heading", name="Adjunct modalities")
    assert safety.bounding_box()["y"] < heading.bounding_box()["y"]
    cautions = page.get_by_role("list", name="Before IPT-A: check its published exclusions")
    text = cautions.inner_text()
    for label in ("Acutely suicidal", "Bipolar disorder", "Substance abuse", "Severe or psychotic"):
        assert label in text
    assert "Check now: 1 open risk alert." in text
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "ipt-a-plan-1280.png"), full_page=True)

    safety.get_by_label("What was done").fill("Called Tia and her mother; safety plan made.")
    safety.get_by_role("button", name="Acknowledge alert").click()
    assert page.url.endswith(f"/staff/ipt/{tia.pk}/plan/")
    cautions = page.get_by_role("list", name="Before IPT-A: check its published exclusions")
    assert "Check now" not in cautions.inner_text()  # the cautions stay, to be checked
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
