"""Home, IPT, approaches and locations: text from the database, sanitised, 404 when absent."""

import itertools
import re

import pytest
from django.urls import reverse

from confide.pages.content import PAGES, load_pages
from confide.pages.models import Page
from confide.pages.rendering import render_markdown

pytestmark = pytest.mark.django_db


def headings(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def main_of(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_the_data_migration_provides_the_four_pages_with_real_text():
    pages = {p.slug: p for p in Page.objects.all()}
    assert {"home", "ipt", "who-we-help", "approaches"} <= set(pages)
    for page in pages.values():
        assert page.published
        assert len(page.body.split("\n\n")) >= 4, page.slug
        assert "lorem" not in page.body.lower()


def test_loading_the_pages_again_never_overwrites_the_admins_edits():
    Page.objects.filter(slug="ipt").update(title="Edited by the practice")
    assert load_pages() == 0
    assert Page.objects.get(slug="ipt").title == "Edited by the practice"


def test_home_presents_the_practice_ipt_the_check_and_the_locations(client, places):
    response = client.get(reverse("pages:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Greenwich Psychology Group" in html
    for concern in ("Conflict in relationships", "Life transitions", "Grief", "Loneliness"):
        assert concern in html
    assert f'href="{reverse("screening:start")}"' in html
    assert f'href="{reverse("pages:ask")}"' in html
    assert "(203) 555-0142" in html
    # Locations come from the database, in the page body and not only the footer.
    main = main_of(html)
    assert "15 Valley Drive" in main
    assert "250 West 57th Street" in main
    assert "secure video" in main
    assert "tel:988" in html


def test_home_follows_a_renamed_location(client, places):
    places[1].name = "Midtown Manhattan, NY"
    places[1].save()
    assert "Midtown Manhattan, NY" in main_of(client.get("/").content.decode())


def test_home_without_its_page_row_still_offers_the_check(client, places):
    Page.objects.filter(slug="home").update(published=False)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("screening:start") in html
    assert "Therapy that starts with your relationships" not in html


def test_ipt_explains_structure_phases_problem_areas_and_who_it_helps(client, places):
    response = client.get(reverse("pages:ipt"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "12 to 16 weekly sessions",
        "The initial phase",
        "The middle phase",
        "The final phase",
        "Grief",
        "Role disputes",
        "Role transitions",
        "Interpersonal deficits",
        'id="who-it-helps"',
        "Children and teenagers",
        "Professionals and busy adults",
        "Parents, including parents at home",
    ):
        assert text in html, text
    assert "Greenwich Psychology Group" in html
    assert "15 Valley Drive" in html


def test_headings_go_down_one_level_at_a_time(client, places):
    for url in ("/", reverse("pages:ipt"), reverse("pages:approaches")):
        levels = headings(main_of(client.get(url).content.decode()))
        assert levels[0] == 1 and levels.count(1) == 1, url
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (url, levels)


def test_approaches_covers_each_approach_and_when_it_helps(client, places):
    html = client.get(reverse("pages:approaches")).content.decode()
    for name in (
        "Cognitive-Behavioral Therapy (CBT)",
        "Mindfulness-Based Cognitive Therapy (MBCT)",
        "Dialectical Behavior Therapy (DBT)",
        "Psychodynamic therapy",
        "Solution-focused therapy",
        "Family therapy",
        "Trauma-Focused Cognitive Behavioral Therapy",
        "Art therapy",
    ):
        assert name in html, name
    assert html.count("When it helps:") == 8
    assert 'href="/clinicians/?modality=cbt"' in html


def test_the_admin_edits_the_text_that_visitors_see(client, places):
    Page.objects.filter(slug="approaches").update(body="## New section\n\nFresh **words**.")
    html = client.get(reverse("pages:approaches")).content.decode()
    assert "<h2>New section</h2>" in html
    assert "Fresh <strong>words</strong>." in html


@pytest.mark.parametrize(
    "body",
    [
        "Hello <script>alert('x')</script> there",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="https://example.org" onclick="alert(1)">link</a>',
        "<iframe src='https://evil.example'></iframe><style>body{display:none}</style>",
    ],
)
def test_page_markdown_is_sanitised(client, places, body):
    Page.objects.filter(slug="approaches").update(body=body)
    main = main_of(client.get(reverse("pages:approaches")).content.decode())
    for dangerous in (
        "<script",
        "alert(",
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
        "<style",
    ):
        assert dangerous not in main


def test_rendering_keeps_ordinary_markdown_and_moves_headings_below_the_title():
    html = render_markdown("# Top\n\n## Section\n\n- a [link](/ipt/)\n- `code`")
    assert "<h2>Top</h2>" in html
    assert "<h2>Section</h2>" in html
    assert '<a href="/ipt/"' in html
    assert "<code>code</code>" in html
    assert "<h3>Section</h3>" in render_markdown("## Section", heading_offset=1)


@pytest.mark.parametrize("url", ["/ipt/", "/approaches/"])
def test_an_unpublished_page_is_not_found(client, places, url):
    Page.objects.update(published=False)
    assert client.get(url).status_code == 404


def test_a_missing_page_row_is_not_found(client, places):
    Page.objects.filter(slug="ipt").delete()
    assert client.get(reverse("pages:ipt")).status_code == 404
    assert client.get(reverse("pages:page", args=["no-such-page"])).status_code == 404


def test_other_published_pages_have_their_own_address(client, places):
    Page.objects.create(slug="fees", title="Fees and insurance", body="We accept *cards*.")
    response = client.get(reverse("pages:page", args=["fees"]))
    assert response.status_code == 200
    assert "Fees and insurance" in response.content.decode()
    # A routed page's generic address points to its own.
    assert client.get("/pages/ipt/").headers["Location"] == "/ipt/"
    assert Page.objects.get(slug="who-we-help").get_absolute_url() == "/ipt/#who-it-helps"


def test_unpublished_who_we_help_leaves_the_ipt_page_whole(client, places):
    Page.objects.filter(slug="who-we-help").update(published=False)
    response = client.get(reverse("pages:ipt"))
    assert response.status_code == 200
    assert 'id="who-it-helps"' not in response.content.decode()


def test_locations_show_address_phone_hours_and_virtual_sessions(client, places):
    response = client.get(reverse("pages:locations"))
    main = main_of(response.content.decode())
    assert response.status_code == 200
    assert "15 Valley Drive, 1st Floor" in main
    assert "Greenwich, CT 06831" in main
    assert "(203) 555-0142" in main
    assert "250 West 57th Street, Suite 1200" in main
    assert "(212) 555-0188" in main
    assert "Mon – Sat: 8am to 8pm" in main
    assert "secure video" in main
    assert "/clinicians/?location=greenwich" in main


def test_locations_follow_the_database(client, places):
    places[0].opening_hours.filter(weekday=5).delete()
    places[1].delete()
    main = main_of(client.get(reverse("pages:locations")).content.decode())
    assert "Mon – Fri: 8am to 8pm" in main
    assert "250 West 57th Street" not in main


def test_the_nav_marks_the_current_page(client, places):
    html = client.get(reverse("pages:locations")).content.decode()
    assert re.search(r'href="/locations/" aria-current="page">Locations<', html)
    for label in ("About IPT", "Our clinicians", "Ask our experts", "Symptom check"):
        assert f">{label}</a>" in html


def test_the_admin_shows_a_sanitised_preview():
    # Called directly: reaching the admin over HTTP needs the staff second factor.
    from django.contrib import admin

    page = Page.objects.get(slug="ipt")
    page.body = "## Preview me\n\n<script>alert(1)</script>"
    page.save()
    preview = str(admin.site._registry[Page].preview(page))
    assert "<h2>Preview me</h2>" in preview
    assert "<script" not in preview
    assert "Save the page" in str(admin.site._registry[Page].preview(Page()))


def test_every_page_spec_has_a_summary_and_title():
    for spec in PAGES:
        assert spec["title"] and spec["summary"] and spec["body"]
