"""The outcomes API and pages: what each persona gets, and what the numbers say."""

import pytest

from confide.audit.models import AuditEvent
from confide.outcomes import charts, practice
from confide.practice.models import Client, ClientStatus
from tests.factories import add_scores, call, sign_in, token_for

pytestmark = pytest.mark.django_db

DAVE_MARKERS = ("Thistlewood", "davidson@example.com", str(0))


def test_the_clinician_gets_series_with_change_and_rules(client, world):
    add_scores(world.carol, "phq9", [18, 14, 11])
    add_scores(world.carol, "gad7", [12, 9, 7])
    token = token_for(client, world.alice)
    response = call(client, token, "get", f"/api/v1/clients/{world.carol.pk}/outcomes")
    assert response.status_code == 200
    body = response.json()
    phq9 = next(s for s in body["series"] if s["instrument"] == "phq9")
    # The personas' own PHQ-9 (total 9, taken now) is the latest score.
    assert phq9["baseline"] == 18 and phq9["latest"] == 9 and phq9["change"] == -9
    assert phq9["reliable_change"] == "reliable_improvement"
    assert phq9["response"] is True and phq9["remission"] is False
    assert "NCT05134103" in phq9["reliable_change_rule"]["source"]
    assert body["course"]["caseness_at_start"] is True
    assert body["not_on_track"]["level"] == "on_track"
    assert AuditEvent.objects.filter(client_id=world.carol.pk, via="api").exists()


@pytest.mark.parametrize(("who", "status"), [("bob", 404), ("intake", 403), ("admin", 403)])
def test_other_personas_are_refused_without_data(client, world, who, status):
    add_scores(world.carol, "phq9", [18, 14])
    token = token_for(client, getattr(world, who))
    response = call(client, token, "get", f"/api/v1/clients/{world.carol.pk}/outcomes")
    assert response.status_code == status
    assert "series" not in response.json() and "Quillfeather" not in response.content.decode()


def test_a_client_token_cannot_read_outcomes(client, world):
    token = token_for(client, world.carol_user)
    response = call(client, token, "get", f"/api/v1/clients/{world.dave.pk}/outcomes")
    assert response.status_code in (403, 404)
    assert "Thistlewood" not in response.content.decode()


def test_the_client_page_shows_chart_table_reasons_and_sources(client, world):
    add_scores(world.carol, "phq9", [2, 12, 15])  # then the personas' 9: +7 in all
    sign_in(client, world.alice)
    page = client.get(f"/staff/outcomes/clients/{world.carol.pk}/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert "<caption>PHQ-9 scores by session (the chart's data)</caption>" in page
    assert "Red: deteriorating" in page and "reliable deterioration" in page
    assert "Source: NHS Talking Therapies" in page and "HEDIS DRR-E" in page
    bob = client.get(f"/staff/outcomes/clients/{world.dave.pk}/")
    assert bob.status_code == 404 and "Thistlewood" not in bob.content.decode()


def test_intake_sees_no_scores_on_the_client_page(client, world):
    sign_in(client, world.intake)
    assert client.get(f"/staff/outcomes/clients/{world.carol.pk}/").status_code == 403
    page = client.get(f"/staff/clients/{world.carol.pk}/").content.decode()
    assert "score-chart" not in page


def test_the_pdf_report_is_a_pdf_and_is_audited(client, world):
    add_scores(world.carol, "phq9", [18, 14, 11])
    sign_in(client, world.alice)
    response = client.get(f"/staff/outcomes/clients/{world.carol.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(client_id=world.carol.pk, action="export").exists()
    client.logout()
    sign_in(client, world.bob)
    assert client.get(f"/staff/outcomes/clients/{world.carol.pk}/report.pdf").status_code == 404


def test_the_chart_is_readable_without_colour():
    svg = charts.score_chart(
        title="PHQ-9 <scores>",
        points=[charts.ChartPoint(1, 18), charts.ChartPoint(2, 12, risk=True)],
        bands=[charts.ChartBand(0, 9, "Mild or less"), charts.ChartBand(10, 27, "Moderate+")],
        max_score=27,
        phases=[charts.Phase(1, 2, "Initial")],
    )
    assert "PHQ-9 &lt;scores&gt;" in svg  # escaped
    assert "Mild or less (0-9)" in svg and "Moderate+ (10-27)" in svg  # bands named
    assert 'fill="url(#chart-p-dots)"' in svg  # and patterned
    assert "session 2: 12 (risk answer)" in svg and ">risk<" in svg  # alert marked in words
    assert ">Initial<" in svg
    empty = charts.score_chart(title="None", points=[], bands=[], max_score=27)
    assert "none yet" in empty


def discharged(world, n, phq, gad, prefix):
    for i in range(n):
        c = Client.objects.create(
            first_name=f"{prefix}{i}", last_name="Done", date_of_birth="1980-01-01",
            status=ClientStatus.DISCHARGED,
        )  # fmt: skip
        add_scores(c, "phq9", phq)
        add_scores(c, "gad7", gad)


def test_practice_rates_count_and_suppress_small_groups(client, world):
    discharged(world, 6, [16, 4], [10, 3], "R")  # recovered, reliable
    discharged(world, 4, [16, 14], [10, 9], "N")  # not recovered
    discharged(world, 3, [6, 2], [5, 2], "M")  # not at caseness: outside the recovery count
    rows = {(r.dimension, r.group): r for r in practice.practice_table()}
    everyone = rows[("All clients", "All")]
    assert everyone.people == 13
    assert (everyone.recovery.successes, everyone.recovery.n) == (6, 10)  # 6 / (13 - 3)
    assert everyone.recovery.low < 0.6 < everyone.recovery.high
    assert (everyone.response.successes, everyone.response.n) == (6, 10)
    sign_in(client, world.admin)
    page = client.get("/staff/outcomes/practice/").content.decode()
    assert "60% (6 of 10; 95% CI" in page
    assert "Wilson" in page and "23,291" in page
    discharged(world, 2, [16, 4], [10, 3], "T")  # counted as soon as they are stored
    everyone = practice.practice_table()[0]
    assert (everyone.people, everyone.recovery.successes, everyone.recovery.n) == (15, 8, 12)


def test_practice_page_is_for_admins(client, world):
    sign_in(client, world.alice)
    assert client.get("/staff/outcomes/practice/").status_code == 403
