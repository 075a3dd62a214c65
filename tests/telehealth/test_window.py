"""When a session's video room is open: plain rules, checked for every start and length."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confide.telehealth.window import token_expiry, window

START = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def test_the_room_opens_before_the_start_and_closes_after_the_end():
    span = window(START, START + timedelta(minutes=50), opens_before=15, closes_after=30)
    assert span.state(START - timedelta(minutes=16)) == "early"
    assert span.state(START - timedelta(minutes=15)) == "open"
    assert span.state(START + timedelta(minutes=79)) == "open"
    assert span.state(START + timedelta(minutes=80)) == "closed"


def test_an_appointment_must_end_after_it_starts():
    with pytest.raises(ValueError):
        window(START, START, opens_before=15, closes_after=30)


@given(
    minutes=st.integers(min_value=1, max_value=240),
    offset=st.integers(min_value=-600, max_value=600),
    seconds=st.integers(min_value=30, max_value=3600),
)
def test_a_token_never_outlives_the_window(minutes, offset, seconds):
    span = window(START, START + timedelta(minutes=minutes), opens_before=15, closes_after=30)
    now = START + timedelta(minutes=offset)
    if span.state(now) == "open":
        expires = token_expiry(now, span.closes_at, seconds)
        assert now < expires <= span.closes_at
        assert expires - now <= timedelta(seconds=seconds)
