"""Scheduling fixtures: the personas, the demo places, and clinicians who work there."""

from __future__ import annotations

import pytest

from confide.practice.demo.places import load_places
from confide.practice.models import Location
from tests.factories import build_world, work_at


@pytest.fixture
def world(db):
    places = {p.slug: p for p in load_places()}
    w = build_world()
    work_at(w.alice_clinician, places["greenwich"])
    work_at(w.bob_clinician, places["manhattan"])
    w.places = places
    return w


@pytest.fixture
def greenwich(world) -> Location:
    return world.places["greenwich"]
