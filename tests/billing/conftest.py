"""Money fixtures: the personas, the demo places and the demo fee schedule."""

from __future__ import annotations

import pytest

from confide.billing.demo import load_fee_schedule
from tests.factories import build_world, work_at


@pytest.fixture
def world(db):
    from confide.practice.demo.places import load_places

    places = {p.slug: p for p in load_places()}
    w = build_world()
    work_at(w.alice_clinician, places["greenwich"])
    work_at(w.bob_clinician, places["manhattan"])
    w.places = places
    return w


@pytest.fixture
def fees(world):
    return {s.code: s for s in load_fee_schedule()}
