"""The portal's sentence about a client's own scores: first score, improvement, no change,
deterioration, and changes within the usual ups and downs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confide.outcomes import progress
from confide.outcomes.stats import series_stats
from tests.factories import add_scores, sign_in


def sentence(code, scores):
    return progress.progress_sentence(series_stats(code, scores))


def test_first_score():
    assert sentence("phq9", [14]) == (
        "Your first score is 14. This is your starting point: each score from now on is "
        "compared with it."
    )


def test_improvement():
    said = sentence("phq9", [18, 15, 13, 12, 11, 10, 9])  # down 9; reliable from 6
    assert said.startswith("Your first score was 18 and your latest is 9.")
    assert progress.IMPROVED in said and "starting point" not in said


def test_no_change():
    said = sentence("phq9", [12, 14, 11, 13, 12, 12, 12])
    assert said == f"Your first score was 12 and your latest is 12. {progress.NO_CHANGE}"


def test_deterioration():
    said = sentence("phq9", [8, 10, 12, 15])  # up 7
    assert progress.DETERIORATED in said and progress.IMPROVED not in said


def test_a_small_change_is_within_the_usual_ups_and_downs_either_way():
    assert progress.WITHIN_NOISE in sentence("phq9", [12, 9])
    assert progress.WITHIN_NOISE in sentence("phq9", [12, 15])


def test_higher_is_better_on_the_who5():
    assert progress.IMPROVED in sentence("who5", [40, 72])
    assert progress.DETERIORATED in sentence("who5", [72, 40])


def test_without_a_published_rule_it_says_the_direction_and_no_more():
    said = sentence("ucla3", [8, 5])
    assert "a little better" in said and progress.NO_RULE in said
    assert "reliable" not in said.replace("no published rule", "")


@given(st.lists(st.integers(0, 27), min_size=2, max_size=12))
def test_after_the_first_score_it_is_never_called_the_starting_point(scores):
    said = sentence("phq9", scores)
    assert "starting point" not in said
    assert said.startswith(f"Your first score was {scores[0]} and your latest is {scores[-1]}.")


@pytest.mark.django_db
def test_the_portal_after_seven_scores_says_how_far_they_have_come(client, world):
    # The bug this replaces: "This is your starting point" after seven scores.
    world.carol.assessments.all().delete()
    add_scores(world.carol, "phq9", [18, 16, 15, 13, 12, 11, 10])
    sign_in(client, world.carol_user)
    portal = client.get("/portal/").content.decode()
    assert "Your first score was 18 and your latest is 10." in portal
    assert progress.IMPROVED in portal
    assert "starting point" not in portal


@pytest.mark.django_db
def test_the_portal_after_one_score_calls_it_the_starting_point(client, world):
    world.carol.assessments.all().delete()
    add_scores(world.carol, "gad7", [9])
    sign_in(client, world.carol_user)
    portal = client.get("/portal/").content.decode()
    assert "Your first score is 9. This is your starting point" in portal
