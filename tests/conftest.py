import pytest
from hypothesis import HealthCheck, settings

from confide.practice.demo.places import load_places

# Timing is not behaviour: a loaded CI machine must not fail a property test on a deadline.
settings.register_profile(
    "confide", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("confide")


@pytest.fixture
def places(db):
    """The demo practice's two locations with their hours and rooms."""
    return load_places()
