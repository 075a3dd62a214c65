"""The one balance rule and the ageing of what is owed, on their own."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confide.billing import estimate, ledger
from confide.billing.ledger import Entry

D = Decimal
TODAY = date(2026, 11, 30)

entries = st.lists(
    st.builds(
        Entry,
        st.sampled_from(ledger.KINDS),
        st.decimals(min_value=D("0.01"), max_value=D("500"), places=2),
        st.dates(min_value=TODAY - timedelta(days=200), max_value=TODAY),
    ),
    max_size=40,
)


def test_balance_is_charges_minus_payments_plus_refunds_and_adjustments():
    b = ledger.balance_of(
        [
            Entry("charge", D("175.00")),
            Entry("charge", D("175.00")),
            Entry("payment", D("200.00")),
            Entry("refund", D("25.00")),
            Entry("adjustment", D("-50.00")),
        ]
    )
    assert b.balance == D("125.00")
    assert b.paid == D("175.00") and b.billed == D("300.00")


def test_a_negative_payment_is_refused():
    with pytest.raises(ValueError):
        ledger.balance_of([Entry("payment", D("-1"))])


@given(entries)
def test_ageing_owed_less_credit_is_the_balance(rows):
    b = ledger.balance_of(rows)
    aged = ledger.ageing(rows, TODAY)
    assert aged.owed - aged.credit == b.balance
    assert all(amount >= 0 for _, amount in aged.buckets)


def test_old_debts_age_and_payments_settle_the_oldest_first():
    rows = [
        Entry("charge", D("100"), TODAY - timedelta(days=100)),
        Entry("charge", D("100"), TODAY - timedelta(days=10)),
        Entry("payment", D("100"), TODAY - timedelta(days=5)),
    ]
    aged = dict(ledger.ageing(rows, TODAY).buckets)
    assert aged["0-30 days"] == D("100") and aged["over 90 days"] == 0


def test_an_estimate_itemises_intake_and_sessions_with_a_range():
    figures = estimate.course_figures(
        intake=estimate.LineIn("90791", "First consultation", D("250.00"), 1),
        session=estimate.LineIn("90834", "Session", D("175.00"), 1),
        sessions=12,
        fewest=12,
        most=16,
    )
    assert figures.total == D("2350.00")
    assert (figures.low, figures.high) == (D("2350.00"), D("3050.00"))
    assert [line.quantity for line in figures.lines] == [1, 12]


def test_the_dispute_rule_starts_at_four_hundred_dollars_over():
    assert not estimate.may_dispute(D("2749.99"), D("2350.00"))
    assert estimate.may_dispute(D("2750.00"), D("2350.00"))
    assert estimate.excess(D("100"), D("2350")) == 0
