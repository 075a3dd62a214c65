"""Over any sequence of charges, payments, refunds and adjustments, through the real actions,
a client's balance is charges - payments + refunds + adjustments, and so is every invoice's."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confide.billing import actions
from confide.billing.balances import client_balance, invoice_balances
from confide.billing.models import Charge, Invoice, Service
from confide.practice.models import Assignment, Client
from tests.factories import actor

pytestmark = pytest.mark.django_db

cents = st.integers(min_value=1, max_value=60_000).map(lambda c: Decimal(c) / 100)
step = st.one_of(
    st.tuples(st.just("charge"), cents),
    st.tuples(st.just("invoice"), st.just(Decimal(0))),
    st.tuples(st.just("pay"), cents),
    st.tuples(st.just("refund"), cents),
    st.tuples(
        st.just("adjust"), st.integers(-30_000, 30_000).filter(bool).map(lambda c: Decimal(c) / 100)
    ),
)


@settings(
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=14))
def test_balances_always_equal_charges_minus_payments_plus_refunds_and_adjustments(
    world, fees, steps
):
    from datetime import date

    client = Client.objects.create(
        first_name="Prop", last_name="Erty", date_of_birth=date(1990, 1, 1)
    )
    Assignment.objects.create(client=client, clinician=world.alice_clinician)
    admin = actor(world.admin)
    service = Service.objects.get(code="90834")
    expected = {"charges": Decimal(0), "paid": Decimal(0), "adjust": Decimal(0)}
    payments = []
    for kind, amount in steps:
        try:
            if kind == "charge":
                charge = Charge.objects.create(
                    client=client,
                    clinician=world.alice_clinician,
                    reason="manual",
                    service=service,
                    code="90834",
                    description="Session",
                    fee=amount,
                    date_of_service=timezone.localdate(),
                )
                actions.finalise_charge(admin, charge)
                expected["charges"] += amount
            elif kind == "invoice":
                actions.create_invoice(admin, client, send=False)
            elif kind == "pay":
                invoice = Invoice.objects.filter(client=client, status="open").first()
                if invoice is None:
                    continue
                payments.append(
                    actions.record_payment(
                        admin, invoice, amount=amount, method="check", send=False
                    )
                )
                expected["paid"] += amount
            elif kind == "refund":
                if not payments:
                    continue
                actions.refund_payment(admin, payments[-1], amount=amount, note="Property")
                expected["paid"] -= amount
            else:
                actions.adjust(admin, client, amount=amount, kind="other", note="Property")
                expected["adjust"] += amount
        except ValidationError:
            continue  # refused (more than owed, more than refundable): nothing may change
    b = client_balance(client)
    assert b.charges == expected["charges"]
    assert b.paid == expected["paid"]
    assert b.adjustments == expected["adjust"]
    assert b.balance == expected["charges"] - expected["paid"] + expected["adjust"]
    invoices = list(Invoice.objects.filter(client=client))
    per_invoice = invoice_balances([i.pk for i in invoices])
    uninvoiced_charges = sum(
        (c.amount for c in client.charges.filter(invoice__isnull=True)), Decimal(0)
    )
    uninvoiced_adjust = sum(
        (a.amount for a in client.adjustments.filter(invoice__isnull=True)), Decimal(0)
    )
    assert (
        sum((x.balance for x in per_invoice.values()), Decimal(0))
        + uninvoiced_charges
        + uninvoiced_adjust
        == b.balance
    )
    for invoice in invoices:
        assert invoice.status == ("paid" if per_invoice[invoice.pk].balance <= 0 else "open")
