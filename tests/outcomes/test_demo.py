import pytest

from confide.assessments.models import Assessment
from confide.outcomes import summary
from confide.outcomes.demo import load_demo, responses_for
from confide.outcomes.models import MeasureLink, RiskAlert
from confide.practice.demo.people import load_people
from confide.practice.models import Client, ClientStatus

pytestmark = pytest.mark.django_db


def test_responses_add_up_and_keep_item_9_for_risk():
    for total in (0, 5, 17, 24):
        answers = responses_for("phq9", total)
        assert sum(answers) == total and answers[8] == 0
    assert responses_for("phq9", 14, risk=True)[8] == 1
    assert sum(responses_for("phq9", 14, risk=True)) == 14


def test_demo_is_realistic_and_idempotent(places):
    load_people()
    load_demo()
    count = Assessment.objects.count()
    load_demo()
    assert Assessment.objects.count() == count
    assert RiskAlert.objects.open().count() == 1
    assert MeasureLink.objects.pending().exists()
    active = Client.objects.filter(status=ClientStatus.ACTIVE, assignments__isnull=False)
    rows = summary.outcomes_for(active.distinct())
    levels = {r.track.level for r in rows}
    assert {"red", "amber", "on_track"} <= levels
