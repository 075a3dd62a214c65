"""The staff client search keeps names out of URLs: sent by POST, its results at an opaque key."""

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from confide.practice.models import Client
from tests.factories import build_world, sign_in

pytestmark = pytest.mark.django_db
LIST = reverse("staff:clients")


@pytest.fixture
def world(db):
    return build_world()


def search(client, **criteria):
    return client.post(LIST, {"q": "", "status": "", **criteria})


def test_the_search_form_posts_and_its_results_page_names_nobody(client, world):
    sign_in(client, world.intake)
    page = client.get(LIST).content.decode()
    assert re.search(r'<form method="post"[^>]*role="search"', page)
    response = search(client, q="Quill")
    assert response.status_code == 302
    url = response["Location"]
    assert url.startswith(f"{LIST}?search=") and "Quill" not in url and "q=" not in url
    results = client.get(url).content.decode()
    assert "Quillfeather" in results and "Thistlewood" not in results
    assert 'value="Quill"' in results  # the box still shows what was asked


def test_the_results_address_can_be_shared_and_each_sees_only_their_own(client, world):
    sign_in(client, world.intake)
    url = search(client, q="l")["Location"]  # Carolina Quillfeather, Davidson Thistlewood
    assert "Thistlewood" in client.get(url).content.decode()
    sign_in(client, world.alice)  # a colleague opening the same link
    shared = client.get(url).content.decode()
    assert "Quillfeather" in shared and "Thistlewood" not in shared


def test_paging_through_results_keeps_the_name_out_of_every_link(client, world):
    for n in range(60):
        Client.objects.create(
            first_name=f"Quinn{n:02}", last_name="Mariner", date_of_birth=date(1990, 1, 1)
        )
    sign_in(client, world.intake)
    url = search(client, q="Mariner")["Location"]
    page = client.get(url).content.decode()
    links = re.findall(r'href="(\?[^"]*)"', page)
    assert links and all("Mariner" not in link and "search=" in link for link in links)
    second = client.get(LIST + links[0].replace("&amp;", "&")).content.decode()
    assert "Page 2 of 2" in second and "Quinn5" in second


def test_an_old_link_with_the_name_is_moved_to_a_key(client, world):
    sign_in(client, world.intake)
    response = client.get(LIST, {"q": "Quill"})
    assert response.status_code == 302 and "Quill" not in response["Location"]


def test_an_expired_search_says_so_and_shows_everyone_you_may_see(client, world):
    sign_in(client, world.intake)
    url = search(client, q="Quill")["Location"]
    cache.clear()
    page = client.get(url).content.decode()
    assert "That search has expired" in page
    assert "Quillfeather" in page and "Thistlewood" in page


def test_a_bad_search_is_a_422_naming_the_field(client, world):
    sign_in(client, world.intake)
    response = search(client, status="nonsense")
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
