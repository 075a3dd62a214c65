"""The demo queue: realistic, urgent first, and the same however often it is loaded."""

import pytest

from confide.intake.demo import load_demo
from confide.intake.models import ConsultationRequest, RequestEvent
from confide.screening.models import KeptScreening

pytestmark = pytest.mark.django_db


def test_the_demo_queue_is_varied_and_loading_it_twice_changes_nothing(places):
    load_demo()
    counts = (ConsultationRequest.objects.count(), RequestEvent.objects.count(),
              KeptScreening.objects.count())  # fmt: skip
    load_demo()
    assert counts == (
        ConsultationRequest.objects.count(),
        RequestEvent.objects.count(),
        KeptScreening.objects.count(),
    )
    assert counts[0] == 12
    first = ConsultationRequest.objects.queue_order().first()
    assert first.urgent and first.kept_screening.assessments.filter(risk=True).exists()
    statuses = set(ConsultationRequest.objects.values_list("status", flat=True))
    assert statuses == {"new", "contacted", "matched", "closed"}
    assert {r.age_group for r in ConsultationRequest.objects.all()} == {
        "children",
        "adolescents",
        "adults",
    }
