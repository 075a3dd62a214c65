import pytest

from tests.factories import build_world, ensure_vocabulary


@pytest.fixture
def world(places):
    return build_world()


@pytest.fixture
def places(places):
    """The demo locations, and the vocabulary the form and the matching read."""
    ensure_vocabulary()
    return places
