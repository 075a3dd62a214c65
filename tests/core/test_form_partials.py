"""Every form, public and staff, comes back from a bad submission with each hint and error
where its field's aria-describedby points, and an error summary whose links land on a field."""

from html.parser import HTMLParser

import pytest
from django.core.cache import cache

from confide.intake.models import ConsultationRequest
from tests.factories import build_world, make_request, sign_in

pytestmark = pytest.mark.django_db


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described: list[str] = []
        self.links: list[str] = []
        self.in_summary = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if attrs.get("aria-describedby"):
            self.described += attrs["aria-describedby"].split()
        if "error-summary" in (attrs.get("class") or ""):
            self.in_summary = 1
        if tag == "a" and self.in_summary and (attrs.get("href") or "").startswith("#"):
            self.links.append(attrs["href"][1:])


def check(response, *, errors=True):
    html = response.content.decode()
    found = Ids()
    found.feed(html)
    dangling = [ref for ref in found.described if ref not in found.ids]
    assert not dangling, f"aria-describedby points nowhere: {dangling}"
    broken = [ref for ref in found.links if ref not in found.ids]
    assert not broken, f"error summary links to nothing: {broken}"
    if errors:
        assert 'class="error-summary"' in html
        assert any(ref.endswith("_error") for ref in found.described)
    return html


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def test_public_forms_describe_their_errors(client, places):
    check(client.post("/request/", {"first_name": "", "website": ""}))
    check(client.post("/ask/", {"name": "", "website": ""}))
    check(client.post("/check/questions/", {"audience": ""}))
    check(client.post("/accounts/login/", {"username": "", "password": ""}))
    check(client.get("/clinicians/", {"format": "smoke signals"}))


def test_staff_forms_describe_their_errors(client, places):
    world = build_world()
    sign_in(client, world.intake)
    check(client.post("/staff/clients/new/", {"first_name": ""}))
    check(client.post(f"/staff/clients/{world.carol.pk}/edit/", {"first_name": ""}))
    check(client.post("/staff/schedule/book/", {"weeks": ""}))
    cr = make_request()
    check(client.post(f"/staff/intake/{cr.pk}/accept/", {}))
    check(client.post(f"/staff/intake/{cr.pk}/status/", {"status": "nonsense"}))
    assert ConsultationRequest.objects.count() == 1
    sign_in(client, world.admin)
    check(client.post(f"/staff/clients/{world.carol.pk}/break-glass/", {"reason": "short"}))
    sign_in(client, world.alice)
    check(client.post(f"/staff/ipt/{world.carol.pk}/people/new/", {"name": ""}))
    check(client.post(f"/staff/ipt/{world.carol.pk}/events/new/", {"kind": ""}))
    check(client.post(f"/staff/ipt/{world.carol.pk}/notes/new/", {"body": ""}))
    check(client.post(f"/staff/outcomes/clients/{world.carol.pk}/enter/phq9/", {"x": "1"}))


def test_pages_without_errors_point_nowhere_that_is_missing(client, places):
    world = build_world()
    for url in ("/request/", "/ask/", "/check/", "/accounts/login/", "/clinicians/"):
        check(client.get(url), errors=False)
    sign_in(client, world.alice)
    for url in (
        f"/staff/ipt/{world.carol.pk}/formulation/",
        f"/staff/ipt/{world.carol.pk}/plan/",
        f"/staff/outcomes/clients/{world.carol.pk}/",
        "/staff/schedule/book/",
    ):
        check(client.get(url), errors=False)
