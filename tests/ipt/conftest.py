from datetime import date

import pytest

from confide.assessments.actions import record_assessment
from confide.assessments.models import Source
from confide.instruments import get
from confide.ipt.models import LifeEvent, Person
from tests.factories import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def carol_inventory(world):
    """Carol: her father died two months before her symptoms began; a dispute with her partner."""
    carol = world.carol
    Person.objects.create(
        client=carol,
        name="Marco",
        relationship="partner",
        ring="inner",
        conflict="often",
        conflict_resolved="no",
        reciprocal="no",
        satisfying="Kind when calm",
    )
    Person.objects.create(
        client=carol, name="Rita", relationship="friend", ring="middle", supportive=True
    )
    LifeEvent.objects.create(
        client=carol, kind="loss", on=date(2026, 1, 5), description="Father died"
    )
    LifeEvent.objects.create(client=carol, kind="onset", on=date(2026, 3, 1))
    record_assessment(get("pcl5"), [2] * 20, source=Source.CLINICIAN, client=carol)
    return carol
