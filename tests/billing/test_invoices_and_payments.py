"""Invoices, payments by every method, card payments through the provider, refunds."""

import threading
from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from confide.billing import actions, providers
from confide.billing.balances import client_balance, invoice_balance
from confide.billing.models import Charge, Invoice, Payment
from confide.billing.providers import ConsoleProvider, StripeProvider
from tests.factories import actor, held_session

pytestmark = pytest.mark.django_db


def final_charges(world, n=2):
    charges = []
    for i in range(n):
        charge = Charge.objects.get(appointment=held_session(world, days_ago=2 + 7 * i))
        charges.append(actions.finalise_charge(actor(world.alice), charge))
    return charges


def test_an_invoice_takes_the_final_uninvoiced_charges_and_numbers_itself(world, fees):
    final_charges(world)
    invoice = actions.create_invoice(actor(world.intake), world.carol, send=False)
    assert invoice.number.endswith("-0001") and invoice.charges.count() == 2
    assert invoice_balance(invoice).balance == Decimal("350.00")
    with pytest.raises(ValidationError, match="nothing final"):
        actions.create_invoice(actor(world.intake), world.carol)


def test_a_minors_invoice_is_addressed_to_the_guardian(world, fees):
    carol = world.carol
    carol.date_of_birth = date(timezone.localdate().year - 15, 1, 1)
    carol.guardian_name, carol.guardian_email = "Pat Quillfeather", "pat@example.com"
    carol.save()
    final_charges(world, 1)
    invoice = actions.create_invoice(actor(world.admin), carol, send=False)
    assert (invoice.bill_to_name, invoice.bill_to_email) == ("Pat Quillfeather", "pat@example.com")


def test_payments_by_cash_check_and_transfer_settle_the_invoice(
    world, fees, django_capture_on_commit_callbacks
):
    final_charges(world)
    a = actor(world.intake)
    with django_capture_on_commit_callbacks(execute=True):
        invoice = actions.create_invoice(a, world.carol)
        actions.record_payment(a, invoice, amount="100.00", method="cash")
        actions.record_payment(a, invoice, amount="150.00", method="check", reference="1042")
        actions.record_payment(a, invoice, amount="100.00", method="transfer")
    invoice.refresh_from_db()
    assert invoice.status == "paid" and client_balance(world.carol).balance == 0
    subjects = [m.subject for m in mail.outbox]
    assert (
        subjects[0].startswith("Your invoice from")
        and subjects.count("Payment received by Greenwich Psychology Group") == 3
    )
    assert mail.outbox[0].attachments[0][0].startswith("invoice-")
    assert "90834" not in mail.outbox[0].body and "F32" not in mail.outbox[0].body


def test_more_than_is_owed_and_bad_amounts_are_refused_naming_the_field(world, fees):
    final_charges(world, 1)
    invoice = actions.create_invoice(actor(world.intake), world.carol, send=False)
    for bad in ("175.01", "0", "-5", "abc", 17.5):
        with pytest.raises(ValidationError) as exc:
            actions.record_payment(actor(world.intake), invoice, amount=bad, method="cash")
        assert "amount" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        actions.record_payment(actor(world.intake), invoice, amount="10", method="bitcoin")
    assert "method" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.record_payment(actor(world.alice), invoice, amount="10", method="cash")


def test_a_refund_reopens_the_invoice_and_cannot_exceed_the_payment(world, fees):
    final_charges(world, 1)
    invoice = actions.create_invoice(actor(world.intake), world.carol, send=False)
    payment = actions.record_payment(
        actor(world.intake), invoice, amount="175.00", method="check", send=False
    )
    actions.refund_payment(actor(world.admin), payment, amount="75.00", note="Overpaid by mistake")
    invoice.refresh_from_db()
    assert invoice.status == "open" and client_balance(world.carol).balance == Decimal("75.00")
    with pytest.raises(ValidationError, match="At most"):
        actions.refund_payment(actor(world.admin), payment, amount="100.01", note="Again")
    with pytest.raises(PermissionDenied):
        actions.refund_payment(actor(world.intake), payment, amount="1", note="No")


def test_the_client_pays_by_card_through_the_console_provider(world, fees):
    final_charges(world, 1)
    invoice = actions.create_invoice(actor(world.intake), world.carol, send=False)
    client = actor(world.carol_user)
    payment, url = actions.start_card_payment(
        client, invoice, return_url="https://x/{payment}/", cancel_url="https://x/"
    )
    assert payment.status == "pending" and str(payment.pk) in url
    assert actions.confirm_card_payment(client, payment).status == "pending"  # not paid yet
    ConsoleProvider.confirmed.add(str(payment.pk))
    assert actions.confirm_card_payment(client, payment).status == "succeeded"
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    refund = actions.refund_payment(actor(world.admin), payment, amount="175.00", note="Cancelled")
    assert refund.status == "succeeded" and ConsoleProvider.refunds[-1][1] == Decimal("175.00")


def test_another_client_cannot_pay_someone_elses_invoice(world, fees):
    final_charges(world, 1)
    invoice = actions.create_invoice(actor(world.intake), world.carol, send=False)
    from confide.accounts.models import User

    stranger = User.objects.create_user("erin", role="client")
    with pytest.raises(PermissionDenied):
        actions.start_card_payment(actor(stranger), invoice, return_url="/", cancel_url="/")


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_record_the_card_payment_once(world, fees):
    final_charges(world, 1)
    invoice = actions.create_invoice(actor(world.intake), world.carol, send=False)
    payment, _ = actions.start_card_payment(
        actor(world.carol_user), invoice, return_url="/", cancel_url="/"
    )
    ConsoleProvider.confirmed.add(str(payment.pk))
    barrier = threading.Barrier(2)

    def confirm():
        barrier.wait()
        try:
            actions.confirm_card_payment(actor(None), Payment.objects.get(pk=payment.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    from confide.audit.models import AuditEvent

    assert (
        AuditEvent.objects.filter(
            object_id=str(payment.pk), detail="Card payment succeeded"
        ).count()
        == 1
    )
    assert client_balance(world.carol).balance == 0


def test_the_stripe_adapter_sends_only_the_invoice_label_and_cents(settings):
    settings.CONFIDE_STRIPE_SECRET_KEY = "sk_test_dummy"
    gateway = StripeProvider()
    session = mock.Mock(url="https://checkout.stripe.test/c/cs_1", id="cs_1")
    with mock.patch.object(
        gateway.client.v1.checkout.sessions, "create", return_value=session
    ) as create:
        checkout = gateway.start_checkout(
            payment_id="p1",
            amount=Decimal("175.50"),
            label="Practice: invoice 2026-0001",
            return_url="https://x/r",
            cancel_url="https://x/c",
        )
    params = create.call_args.kwargs["params"]
    assert params["line_items"][0]["price_data"]["unit_amount"] == 17550
    assert params["line_items"][0]["price_data"]["product_data"] == {
        "name": "Practice: invoice 2026-0001"
    }
    assert create.call_args.kwargs["options"] == {"idempotency_key": "checkout-p1"}
    assert checkout.redirect_url.startswith("https://checkout.stripe.test")
    paid = mock.Mock(
        client_reference_id="p1", payment_status="paid", status="complete", payment_intent="pi_1"
    )
    with mock.patch.object(gateway.client.v1.checkout.sessions, "retrieve", return_value=paid):
        outcome = gateway.outcome(payment_id="p1", provider_ref="cs_1")
    assert outcome.paid and outcome.provider_ref == "pi_1"
    with mock.patch.object(
        gateway.client.v1.refunds, "create", return_value=mock.Mock(id="re_1")
    ) as refund:
        assert gateway.refund(refund_id="r1", provider_ref="pi_1", amount=Decimal("20")) == "re_1"
    assert refund.call_args.kwargs["params"] == {"amount": 2000, "payment_intent": "pi_1"}


def test_the_provider_is_chosen_by_settings(settings):
    settings.CONFIDE_PAYMENT_PROVIDER = "confide.billing.providers.ConsoleProvider"
    assert isinstance(providers.provider(), ConsoleProvider)
    assert Invoice.objects.count() == 0


def test_monthly_statements_are_emailed_once_each(world, fees, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    final_charges(world, 1)
    month = timezone.localdate() - timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_statements", month=f"{month:%Y-%m}")
        call_command("send_statements", month=f"{month:%Y-%m}")
    statements = [m for m in mail.outbox if m.subject.startswith("Your statement")]
    assert len(statements) == 1 and statements[0].attachments[0][0].startswith("statement-")
