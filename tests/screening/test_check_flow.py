"""The public check, walked without JavaScript: questions, errors, results, crisis help."""

import re

import pytest
from django.urls import reverse

from confide.assessments.models import Assessment
from confide.screening.models import KeptScreening, ScreeningTally, hash_code
from tests.factories import answer, carried_fields, start

pytestmark = pytest.mark.django_db

NONE = [0] * 9


def test_the_first_page_explains_privacy_and_that_it_is_not_a_diagnosis(client, places):
    response = client.get(reverse("screening:start"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "This is not a diagnosis" in html
    assert "we do not store your answers" in html
    assert "anonymous counts" in html
    assert "Greenwich Psychology Group" in html
    assert "15 Valley Drive" in html
    assert "Mon – Sat: 8am to 8pm" in html
    assert 'href="#main"' in html


def test_starting_without_choosing_who_it_is_for_names_the_missing_choice(client, db):
    response = client.post(reverse("screening:questions"), {"layout": "paged"})
    assert response.status_code == 422
    assert "Choose who this check is for." in response.content.decode()


def test_the_adult_check_asks_phq9_then_gad7(client, db):
    page = start(client)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Little interest or pleasure in doing things" in html
    assert "Part 1 of 2" in html
    page = answer(client, page, "phq9", NONE)
    assert "Feeling nervous, anxious or on edge" in page.content.decode()
    assert "Part 2 of 2" in page.content.decode()


def test_an_unanswered_item_is_named_and_other_answers_are_kept(client, db):
    page = start(client)
    page = answer(client, page, "phq9", [1, 1, None, 1, 1, 1, 1, 1, 0])
    html = page.content.decode()
    assert page.status_code == 422
    assert "Answer question 3: “Trouble falling or staying asleep, or sleeping too much”." in html
    assert re.search(r'name="phq9-item_1" value="1" checked', html)


def test_a_complete_check_shows_totals_bands_and_the_next_step(client, db):
    page = start(client)
    page = answer(client, page, "phq9", [2, 2, 2, 2, 1, 1, 1, 1, 0])  # 12: moderate
    page = answer(client, page, "gad7", [1, 1, 1, 1, 1, 2, 1])  # 8: mild
    html = page.content.decode()
    assert page.status_code == 200
    assert "Your results" in html
    assert "12 out of 27" in html
    assert "8 out of 21" in html
    assert "This is not a diagnosis" in html
    assert "We recommend speaking with a clinician soon" in html
    assert "If you are thinking about harming yourself" not in html


def test_minimal_scores_still_invite_the_person_to_talk_to_someone(client, db):
    page = start(client)
    page = answer(client, page, "phq9", NONE)
    page = answer(client, page, "gad7", [0] * 7)
    html = page.content.decode().lower()
    assert "you are welcome to talk with one of our clinicians" in html
    assert "not ill enough" not in html


def test_a_positive_item_9_opens_the_result_with_crisis_help_above_everything(client, db):
    page = start(client)
    page = answer(client, page, "phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1])
    # Crisis help already shows on the next page, before the person finishes.
    assert 'Call or text <a href="tel:988">988</a>' in page.content.decode()
    page = answer(client, page, "gad7", [0] * 7)
    html = page.content.decode()
    main = html[html.index('<main id="main"') :]
    assert main.index('class="crisis"') < main.index("<h1>")
    assert "tel:911" in main
    assert "741741" in main
    assert "Please reach out today" in html


def test_crisis_help_shows_even_when_the_page_comes_back_with_errors(client, db):
    page = start(client)
    page = answer(client, page, "phq9", [None, 0, 0, 0, 0, 0, 0, 0, 3])
    html = page.content.decode()
    assert page.status_code == 422
    main = html[html.index('<main id="main"') :]
    assert main.index('class="crisis"') < main.index("Please answer every question")


def test_the_result_is_never_cached_and_answers_never_reach_a_url(client, db):
    page = start(client)
    assert "no-store" in page["Cache-Control"]
    page = answer(client, page, "phq9", NONE)
    page = answer(client, page, "gad7", [0] * 7)
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    for action in re.findall(r'<form[^>]*action="([^"]*)"', html):
        assert "?" not in action
    assert all(m == "post" for m in re.findall(r'<form method="(\w+)"', html))


def test_nothing_identifiable_is_stored_only_anonymous_counts(client, db):
    page = start(client)
    page = answer(client, page, "phq9", [2, 2, 2, 2, 1, 1, 1, 1, 0])
    answer(client, page, "gad7", [0] * 7)
    assert Assessment.objects.count() == 0
    assert KeptScreening.objects.count() == 0
    tallies = {(t.instrument, t.severity): t.count for t in ScreeningTally.objects.all()}
    assert tallies == {("phq9", "moderate"): 1, ("gad7", "minimal"): 1}


def test_keeping_a_result_gives_a_one_time_code_stored_only_as_a_hash(client, db):
    page = start(client)
    page = answer(client, page, "phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1])
    page = answer(client, page, "gad7", [1, 1, 1, 1, 1, 2, 1])
    data = carried_fields(page)
    kept_page = client.post(reverse("screening:keep"), data)
    html = kept_page.content.decode()
    code = re.search(r'<p class="code"[^>]*>([A-Z0-9-]+)</p>', html).group(1)
    kept = KeptScreening.objects.get()
    assert kept.code_hash == hash_code(code)
    assert code not in str(kept.__dict__)
    scored = {a.instrument: a for a in kept.assessments.all()}
    assert scored["phq9"].total == 1 and scored["phq9"].risk
    assert scored["gad7"].total == 8 and scored["gad7"].severity == "mild"
    assert 'class="crisis"' in html


def test_tampered_carried_answers_start_the_check_again(client, db):
    page = start(client)
    page = answer(client, page, "phq9", NONE)
    data = carried_fields(page)
    data["phq9-item_1"] = "7"
    data["action"] = "answer"
    response = client.post(reverse("screening:questions"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("screening:start")


def test_all_questions_can_be_shown_on_one_page_with_loneliness(client, db):
    page = start(client, layout="single", loneliness=True)
    html = page.content.decode()
    assert "Little interest or pleasure in doing things" in html
    assert "Feeling nervous, anxious or on edge" in html
    assert "How often do you feel that you lack companionship?" in html
    data = carried_fields(page)
    data["action"] = "answer"
    for n in range(1, 10):
        data[f"phq9-item_{n}"] = "0"
    for n in range(1, 8):
        data[f"gad7-item_{n}"] = "0"
    for n in range(1, 4):
        data[f"ucla3-item_{n}"] = "2"
    result = client.post(reverse("screening:questions"), data)
    html = result.content.decode()
    assert "Your results" in html
    assert "9 out of 9" in html


def test_teens_and_parents_are_told_which_validated_questionnaires_they_get(client, db):
    teen = start(client, audience="teen").content.decode()
    assert "studied with teenagers" in teen
    parent = start(client, audience="parent").content.decode()
    assert "studied in pregnancy" in parent
