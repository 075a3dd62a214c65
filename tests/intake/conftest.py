import pytest
from django.core.cache import cache

from tests.factories import build_world, ensure_vocabulary


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; every test starts with a clean budget."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(places):
    return build_world()


@pytest.fixture
def places(places):
    """The demo locations, and the vocabulary the form and the matching read."""
    ensure_vocabulary()
    return places
