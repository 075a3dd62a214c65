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
