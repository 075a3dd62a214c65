"""Good Faith Estimate deadlines count business days and US federal holidays."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confide.billing import deadlines
from confide.billing.deadlines import (
    add_business_days,
    business_days_ahead,
    deadline,
    is_business_day,
)


def test_weekends_and_federal_holidays_are_not_business_days():
    assert not is_business_day(date(2026, 11, 26))  # Thanksgiving
    assert not is_business_day(date(2026, 7, 3))  # Independence Day, observed
    assert not is_business_day(date(2026, 11, 28))  # a Saturday
    assert is_business_day(date(2026, 11, 27))


def test_one_business_day_after_the_day_before_thanksgiving_is_the_friday():
    assert add_business_days(date(2026, 11, 25), 1) == date(2026, 11, 27)
    assert add_business_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert add_business_days(date(2026, 11, 30), -1) == date(2026, 11, 27)


def test_scheduled_three_to_nine_business_days_ahead_is_due_the_next_business_day():
    # Scheduled Monday for Thursday: three business days ahead.
    assert business_days_ahead(date(2026, 11, 2), date(2026, 11, 5)) == 3
    due = deadline(deadlines.SCHEDULED, date(2026, 11, 2), date(2026, 11, 5))
    assert due.required and due.due_on == date(2026, 11, 3)


def test_scheduled_ten_business_days_ahead_is_due_in_three_business_days():
    due = deadline(deadlines.SCHEDULED, date(2026, 11, 20), date(2026, 12, 10))
    # Fri 20 Nov + 3 business days: Mon 23, Tue 24, Wed 25.
    assert due.required and due.due_on == date(2026, 11, 25)


def test_scheduled_fewer_than_three_business_days_ahead_is_not_required_but_due_by_the_session():
    due = deadline(deadlines.SCHEDULED, date(2026, 11, 2), date(2026, 11, 4))
    assert not due.required and due.due_on == date(2026, 11, 4)


def test_a_request_is_due_in_three_business_days():
    due = deadline(deadlines.REQUESTED, date(2026, 11, 25))
    assert due.due_on == date(2026, 12, 1)  # Fri 27, Mon 30, Tue 1


def test_a_change_of_plan_is_due_a_business_day_before_the_next_session():
    due = deadline(deadlines.CHANGED, date(2026, 11, 2), date(2026, 11, 9))
    assert due.due_on == date(2026, 11, 6)


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)), st.integers(1, 30))
def test_adding_business_days_lands_on_a_business_day_that_far_ahead(start, n):
    end = add_business_days(start, n)
    assert is_business_day(end)
    assert business_days_ahead(start, end) == n


@given(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(0, 60),
)
def test_a_deadline_is_never_after_the_session_when_required_within_a_day(start, days):
    service = start + timedelta(days=days)
    due = deadline(deadlines.SCHEDULED, start, service)
    assert due.due_on > start or not due.required
    if due.required:
        assert due.due_on <= service


def test_an_unknown_reason_is_an_error():
    with pytest.raises(ValueError):
        deadline("whenever", date(2026, 1, 5), date(2026, 1, 20))
