"""The public practice pages in headless Chromium: accessible, usable by keyboard, phone-sized."""

import pytest
from django.core.cache import cache

from confide.pages.content import load_pages
from confide.pages.models import ExpertQuestion
from tests.factories import make_clinician

from .support import serious_violations, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def practice(places):
    """Page text and a small team; a transactional test before this one may have flushed both."""
    cache.clear()
    load_pages()
    team = [
        make_clinician(
            last_name="Okafor",
            concerns=["grief"],
            modalities=["ipt", "cbt"],
            locations=["greenwich"],
            bio="Works with adults after bereavement and big life changes. " * 6,
        ),
        make_clinician(
            last_name="Brennan-Castellanos",
            populations=["children", "adolescents"],
            concerns=["role_dispute"],
            modalities=["ipt", "family", "art"],
            languages=["en", "es"],
            locations=["manhattan"],
            accepting_new_clients=False,
        ),
    ]
    yield team
    cache.clear()


def assert_accessible_at_both_widths(page) -> None:
    assert serious_violations(page) == [], page.url
    page.set_viewport_size(PHONE)
    # Nothing overflows sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url
    assert serious_violations(page) == [], page.url
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Therapy that starts with your relationships"),
        ("/ipt/", "About Interpersonal Psychotherapy (IPT)"),
        ("/approaches/", "IPT alongside other approaches"),
        ("/locations/", "Locations and opening hours"),
        ("/clinicians/", "Our clinicians"),
    ],
)
def test_each_public_page_is_accessible_and_fits_a_phone(page, practice, path, heading):
    page.goto(path)
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert "988" in page.locator("footer").inner_text()
    assert_accessible_at_both_widths(page)


def test_the_home_page_leads_to_the_symptom_check_by_keyboard(page, practice):
    page.goto("/")
    tab_to(page, "main a.button")
    assert page.evaluate("document.activeElement.textContent") == (
        "Take the confidential symptom check"
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/check/")


def test_filtering_clinicians_by_keyboard(page, practice):
    page.goto("/clinicians/")
    assert page.locator(".card").count() == 2
    tab_to(page, "#id_concern")
    # Typing on a focused select picks the first option starting with those letters.
    page.keyboard.type("Grief")
    assert page.eval_on_selector("#id_concern", "el => el.value") == "grief"
    tab_to(page, "form[role=search] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "concern=grief" in page.url
    assert page.locator(".card").count() == 1
    assert "Okafor" in page.locator(".card").inner_text()
    assert "1 clinician matches your filters" in page.inner_text("main")
    assert_accessible_at_both_widths(page)

    # Combined with a language nobody offers at that concern: a clear way out.
    page.get_by_label("Language").select_option("es")
    with page.expect_navigation():
        page.get_by_role("button", name="Show clinicians").click()
    assert "No clinician matches; try fewer filters" in page.inner_text("main")
    assert serious_violations(page) == []

    with page.expect_navigation():
        page.get_by_role("link", name="Clear all filters").click()
    assert page.locator(".card").count() == 2


def test_a_bad_filter_and_a_profile_are_accessible(page, practice):
    page.goto("/clinicians/?location=atlantis")
    assert "Location: choose one of the options in the list." in page.inner_text("main")
    assert_accessible_at_both_widths(page)
    page.get_by_role("link", name="Okafor, PhD").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Alex")
    assert_accessible_at_both_widths(page)


def test_asking_a_question(page, practice):
    page.goto("/ask/")
    assert_accessible_at_both_widths(page)
    # The honeypot is invisible to people and to the accessibility tree.
    assert not page.locator("#id_website").is_visible()

    page.get_by_role("button", name="Send my question").click()
    assert "Enter your name." in page.locator(".error-summary").inner_text()
    assert_accessible_at_both_widths(page)

    page.get_by_label("Your name").fill("Jordan Lee")
    page.get_by_label("Email address").fill("jordan@example.com")
    page.get_by_label("Your question").fill("Do you see teenagers in the evening?")
    page.get_by_label("You may contact me").check()
    page.get_by_role("button", name="Send my question").click()

    main = page.inner_text("main")
    assert "your question has been sent" in main
    assert "within 2 working days" in main
    assert "call or text 988" in main
    assert_accessible_at_both_widths(page)
    assert ExpertQuestion.objects.get().email == "jordan@example.com"
