"""Fixtures for the onboarding tests (the builders are in tests/factories/onboarding.py)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.factories.onboarding import Practice, build_practice


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def practice(db) -> Practice:
    return build_practice()
