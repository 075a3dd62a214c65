"""The clinician directory: cards, GET filters (each and combined), errors, flat query count."""

import pytest
from django.urls import reverse

from tests.factories import make_clinician

pytestmark = pytest.mark.django_db

URL = reverse("pages:clinicians")


def names(response) -> list[str]:
    return [c.last_name for c in response.context["clinicians"]]


@pytest.fixture
def team(places):
    """Four clinicians who differ in one respect each."""
    return {
        "child": make_clinician(
            last_name="Child",
            populations=["children", "adolescents"],
            concerns=["role_dispute"],
            modalities=["ipt", "family", "art"],
            languages=["en", "es"],
            locations=["greenwich"],
            offers_virtual=False,
        ),
        "grief": make_clinician(
            last_name="Grief",
            populations=["adults"],
            concerns=["grief", "role_transition"],
            modalities=["ipt", "cbt"],
            languages=["en"],
            locations=["manhattan"],
        ),
        "online": make_clinician(
            last_name="Online",
            populations=["adults", "professionals"],
            concerns=["grief"],
            modalities=["ipt", "mbct"],
            languages=["en", "fr"],
            locations=[],
            offers_in_person=False,
            accepting_new_clients=False,
        ),
        "parent": make_clinician(
            last_name="Parent",
            populations=["perinatal", "adults"],
            concerns=["role_transition", "interpersonal_deficits"],
            modalities=["ipt", "cbt"],
            languages=["en", "es"],
            locations=["greenwich", "manhattan"],
        ),
    }


def test_the_directory_lists_active_clinicians_with_everything_on_their_card(client, team):
    make_clinician(last_name="Retired", active=False)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert sorted(names(response)) == ["Child", "Grief", "Online", "Parent"]
    assert "Retired" not in html
    child = team["child"]
    assert f'href="{reverse("pages:clinician", args=[child.id])}"' in html
    assert "Child, PhD" in html
    assert "Children, Adolescents" in html
    assert "Family therapy" in html  # a modality label from the seeded vocabulary
    assert "Spanish" in html
    assert "Greenwich, CT" in html
    assert "In person" in html and "Online (secure video)" in html
    assert "Accepting new clients" in html
    assert "Not taking new clients at the moment" in html
    assert "Helps adults through grief" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"population": "children"}, ["Child"]),
        ({"population": "perinatal"}, ["Parent"]),
        ({"concern": "grief"}, ["Grief", "Online"]),
        ({"modality": "cbt"}, ["Grief", "Parent"]),
        ({"location": "greenwich"}, ["Child", "Parent"]),
        ({"format": "virtual"}, ["Grief", "Online", "Parent"]),
        ({"format": "in_person"}, ["Child", "Grief", "Parent"]),
        ({"language": "fr"}, ["Online"]),
        ({"language": "es"}, ["Child", "Parent"]),
    ],
)
def test_each_filter(client, team, query, expected):
    response = client.get(URL, query)
    assert response.status_code == 200
    assert sorted(names(response)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"concern": "role_transition", "location": "manhattan"}, ["Grief", "Parent"]),
        ({"concern": "role_transition", "language": "es"}, ["Parent"]),
        ({"population": "adults", "format": "virtual", "modality": "mbct"}, ["Online"]),
        ({"location": "greenwich", "format": "virtual"}, ["Parent"]),
        ({"population": "", "concern": "", "format": ""}, ["Child", "Grief", "Online", "Parent"]),
    ],
)
def test_filters_combine_with_and(client, team, query, expected):
    assert sorted(names(client.get(URL, query))) == expected


def test_the_form_keeps_the_chosen_filters(client, team):
    html = client.get(URL, {"concern": "grief", "format": "virtual"}).content.decode()
    assert '<option value="grief" selected>' in html
    assert '<option value="virtual" selected>' in html
    assert "2 clinicians match your filters" in html
    assert "Clear all filters" in html


def test_no_match_says_so_and_suggests_fewer_filters(client, team):
    response = client.get(URL, {"population": "children", "language": "fr"})
    html = response.content.decode()
    assert response.status_code == 200
    assert names(response) == []
    assert "No clinician matches; try fewer filters" in html


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("population", "Who it is for"),
        ("concern", "Concern"),
        ("modality", "Approach"),
        ("location", "Location"),
        ("format", "Format"),
        ("language", "Language"),
    ],
)
def test_an_unknown_filter_value_is_an_error_naming_the_field(client, team, field, label):
    response = client.get(URL, {field: "nope<b>"})
    html = response.content.decode()
    assert response.status_code == 400
    assert f"{label}: choose one of the options in the list." in html
    assert f'href="#id_{field}"' in html
    assert 'aria-invalid="true"' in html
    assert "nope<b>" not in html


def test_a_bad_filter_leaves_the_valid_ones_applied(client, team):
    response = client.get(URL, {"concern": "bogus", "language": "fr"})
    assert response.status_code == 400
    assert names(response) == ["Online"]


def _add_clinicians(count: int) -> None:
    for _ in range(count):
        make_clinician(
            populations=["adults", "children"],
            concerns=["grief", "role_dispute"],
            modalities=["ipt", "cbt"],
            languages=["en", "es"],
            locations=["greenwich", "manhattan"],
        )


def test_the_query_count_does_not_grow_with_the_number_of_clinicians(
    client, places, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    query = {"concern": "grief", "language": "en"}
    _add_clinicians(3)
    with CaptureQueriesContext(connection) as three:
        assert len(client.get(URL, query).context["clinicians"]) == 3
    _add_clinicians(9)
    with django_assert_num_queries(len(three.captured_queries)):
        assert len(client.get(URL, query).context["clinicians"]) == 12


def test_a_profile_shows_the_whole_bio_and_how_to_get_in_touch(client, team):
    person = team["parent"]
    person.bio = "First paragraph.\n\nSecond paragraph about perinatal work."
    person.pronouns = "she/her"
    person.save()
    response = client.get(reverse("pages:clinician", args=[person.id]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Parent, PhD" in html
    assert "Second paragraph about perinatal work." in html
    assert "she/her" in html
    assert "Perinatal" in html
    assert "(203) 555-0142" in html
    assert reverse("pages:ask") in html


def test_an_inactive_or_unknown_clinician_has_no_profile(client, team):
    gone = make_clinician(active=False)
    assert client.get(reverse("pages:clinician", args=[gone.id])).status_code == 404
    unknown = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"/clinicians/{unknown}/").status_code == 404
    assert client.get("/clinicians/not-a-uuid/").status_code == 404


def test_an_empty_directory_says_profiles_are_coming(client, places):
    html = client.get(URL).content.decode()
    assert "Our clinician profiles will appear here soon." in html
