"""The public check in headless Chromium: by keyboard alone, accessible, and safe."""

import pytest

from .support import choose_by_keyboard, serious_violations, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_page(page, code: str, positions) -> None:
    for number, position in enumerate(positions, start=1):
        choose_by_keyboard(page, f"{code}-item_{number}", position)
    tab_to(page, 'button[value="answer"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_adult_completes_the_check_by_keyboard_alone(page, artifacts):
    page.goto("/check/")
    assert serious_violations(page) == []
    # The skip link is the first stop and moves focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")

    choose_by_keyboard(page, "audience", 0)
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.get_by_role("heading", level=1).inner_text().startswith("Patient Health")
    assert serious_violations(page) == []
    answer_page(page, "phq9", [2, 2, 2, 2, 1, 1, 1, 1, 0])

    assert "Part 2 of 2" in page.inner_text("main")
    assert serious_violations(page) == []
    answer_page(page, "gad7", [1, 1, 1, 1, 1, 2, 1])

    main = page.inner_text("main")
    assert "Your results" in main
    assert "12 out of 27" in main
    assert "8 out of 21" in main
    assert "This is not a diagnosis" in main
    assert page.locator(".crisis").count() == 0
    assert serious_violations(page) == []

    page.screenshot(path=str(artifacts / "result-1280.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(artifacts / "result-375.png"), full_page=True)
    # Nothing overflows sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_positive_item_9_shows_crisis_help_at_once_and_first_on_the_result(page, artifacts):
    page.goto("/check/")
    page.get_by_label("Myself (an adult)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Start the check").click()

    for n in range(1, 9):
        page.locator(f'input[name="phq9-item_{n}"][value="0"]').check()
    inline = page.locator("#q-phq9-item_9 .crisis-inline")
    assert not inline.is_visible()
    page.locator('input[name="phq9-item_9"][value="1"]').check()
    # Shown on the same page, the moment the answer is chosen, without JavaScript.
    assert inline.is_visible()
    assert "988" in inline.inner_text()

    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert page.locator("main .crisis").is_visible()
    for n in range(1, 8):
        page.locator(f'input[name="gad7-item_{n}"][value="0"]').check()
    with page.expect_navigation():
        page.get_by_role("button", name="See my results").click()

    crisis = page.locator("main .crisis")
    heading = page.get_by_role("heading", level=1)
    assert crisis.is_visible()
    assert crisis.bounding_box()["y"] < heading.bounding_box()["y"]
    assert "Call or text 988" in crisis.inner_text()
    assert "911" in crisis.inner_text()
    assert serious_violations(page) == []

    # A total of 1 is "minimal", but under a crisis panel the card leads with the safety
    # answer and never reassures.
    card = page.locator("section.result-card", has=page.locator("#res-phq9")).inner_text()
    assert "Your answer about your safety matters most" in card
    assert "few signs of depression" not in card
    assert "The total alone, 1, falls in the minimal range (0-4)." in card
    page.screenshot(path=str(artifacts / "result-safety-1280.png"), full_page=True)


def test_the_loneliness_card_is_not_given_the_two_week_period(page, artifacts):
    page.goto("/check/")
    page.get_by_label("Myself (an adult)").check()
    page.get_by_label("All questions on one page").check()
    page.get_by_label("Add three short questions about loneliness").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Start the check").click()
    for code, count, value in (("phq9", 9, 0), ("gad7", 7, 1), ("ucla3", 3, 2)):
        for n in range(1, count + 1):
            page.locator(f'input[name="{code}-item_{n}"][value="{value}"]').check()
    with page.expect_navigation():
        page.get_by_role("button", name="See my results").click()
    notice = page.locator("main .notice").first.inner_text()
    assert "Your PHQ-9 and GAD-7 scores describe the last 2 weeks." in notice
    assert "The UCLA-3 asks how things are for you in general" in notice
    card = page.locator("section.result-card", has=page.locator("#res-ucla3")).inner_text()
    assert "None set: how things are for you in general" in card
    assert "weeks" not in card
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "result-loneliness-1280.png"), full_page=True)


def test_the_check_works_with_javascript_turned_off(browser, live_server, places):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/check/")
    page.get_by_label("Myself (an adult)").check()
    page.get_by_label("All questions on one page").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Start the check").click()
    for n in range(1, 10):
        page.locator(f'input[name="phq9-item_{n}"][value="1"]').check()
    with page.expect_navigation():
        page.get_by_role("button", name="See my results").click()
    main = page.inner_text("main")
    assert "Answer question 1: “Feeling nervous, anxious or on edge”." in main
    for n in range(1, 8):
        page.locator(f'input[name="gad7-item_{n}"][value="0"]').check()
    with page.expect_navigation():
        page.get_by_role("button", name="See my results").click()
    assert "9 out of 27" in page.inner_text("main")
    context.close()
