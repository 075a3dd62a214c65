"""Card payments through a small provider adapter chosen by `CONFIDE_PAYMENT_PROVIDER`.

- `confide.billing.providers.ConsoleProvider` (development and tests): no money moves. The
  checkout is a page of Confide's own that says so and confirms the payment when submitted.
- `confide.billing.providers.StripeProvider` (production): Stripe Checkout through Stripe's
  maintained `stripe` package, with `CONFIDE_STRIPE_SECRET_KEY` and, for the webhook,
  `CONFIDE_STRIPE_WEBHOOK_SECRET`. Card details never touch Confide.

What a provider is told names the practice and the invoice number only: never a service, a
code or a diagnosis. Every call carries an idempotency key (the payment's or refund's id), so
a retry after a crash never charges or refunds twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

from confide.billing.money import to_minor_units


@dataclass(frozen=True)
class Checkout:
    redirect_url: str
    provider_ref: str


@dataclass(frozen=True)
class Outcome:
    """What the provider says about a payment: paid, still open, or failed."""

    paid: bool
    failed: bool = False
    provider_ref: str = ""


class ProviderError(Exception):
    """The provider refused or could not be reached; the message holds no card data."""


class PaymentProvider(Protocol):
    name: str

    def start_checkout(
        self, *, payment_id: str, amount: Decimal, label: str, return_url: str, cancel_url: str
    ) -> Checkout: ...

    def outcome(self, *, payment_id: str, provider_ref: str) -> Outcome: ...

    def refund(self, *, refund_id: str, provider_ref: str, amount: Decimal) -> str: ...


class ConsoleProvider:
    """Development and tests: Confide's own 'test card' page, no money moves."""

    name = "console"
    # The console's pretend ledger: payments its page confirmed or declined (process-local,
    # like locmem).
    confirmed: set[str] = set()
    declined: set[str] = set()
    refunds: list[tuple[str, Decimal]] = []

    def start_checkout(
        self, *, payment_id: str, amount: Decimal, label: str, return_url: str, cancel_url: str
    ) -> Checkout:
        url = reverse("billing_portal:console_checkout", args=[payment_id])
        return Checkout(redirect_url=url, provider_ref=f"console_{payment_id}")

    def outcome(self, *, payment_id: str, provider_ref: str) -> Outcome:
        return Outcome(
            paid=payment_id in self.confirmed,
            failed=payment_id in self.declined,
            provider_ref=provider_ref,
        )

    def refund(self, *, refund_id: str, provider_ref: str, amount: Decimal) -> str:
        self.refunds.append((provider_ref, amount))
        return f"console_refund_{refund_id}"


class StripeProvider:
    """Stripe Checkout (hosted card page) and Refunds."""

    name = "stripe"

    def __init__(self) -> None:
        import stripe

        self.stripe = stripe
        self.client = stripe.StripeClient(settings.CONFIDE_STRIPE_SECRET_KEY)

    def start_checkout(
        self, *, payment_id: str, amount: Decimal, label: str, return_url: str, cancel_url: str
    ) -> Checkout:
        try:
            session = self.client.v1.checkout.sessions.create(
                params={
                    "mode": "payment",
                    "client_reference_id": payment_id,
                    "metadata": {"payment": payment_id},
                    "line_items": [
                        {
                            "quantity": 1,
                            "price_data": {
                                "currency": "usd",
                                "unit_amount": to_minor_units(amount),
                                "product_data": {"name": label},
                            },
                        }
                    ],
                    "success_url": return_url + "?session_id={CHECKOUT_SESSION_ID}",
                    "cancel_url": cancel_url,
                },
                options={"idempotency_key": f"checkout-{payment_id}"},
            )
        except self.stripe.StripeError as exc:
            raise ProviderError(type(exc).__name__) from None
        if not session.url:
            raise ProviderError("No checkout page")
        return Checkout(redirect_url=session.url, provider_ref=session.id)

    def outcome(self, *, payment_id: str, provider_ref: str) -> Outcome:
        try:
            session = self.client.v1.checkout.sessions.retrieve(provider_ref)
        except self.stripe.StripeError as exc:
            raise ProviderError(type(exc).__name__) from None
        if session.client_reference_id != payment_id:
            return Outcome(paid=False, failed=True)
        intent = session.payment_intent if isinstance(session.payment_intent, str) else ""
        return Outcome(
            paid=session.payment_status == "paid",
            failed=session.status == "expired",
            provider_ref=intent or provider_ref,
        )

    def refund(self, *, refund_id: str, provider_ref: str, amount: Decimal) -> str:
        if provider_ref.startswith("cs_"):
            session = self.client.v1.checkout.sessions.retrieve(provider_ref)
            intent = session.payment_intent
            provider_ref = intent if isinstance(intent, str) else getattr(intent, "id", "")
        try:
            refund = self.client.v1.refunds.create(
                params={"amount": to_minor_units(amount), "payment_intent": provider_ref},
                options={"idempotency_key": f"refund-{refund_id}"},
            )
        except self.stripe.StripeError as exc:
            raise ProviderError(type(exc).__name__) from None
        return refund.id

    def paid_payment_in(self, payload: bytes, signature: str) -> str | None:
        """The payment id of a verified `checkout.session.completed` webhook, else None."""
        event = self.stripe.Webhook.construct_event(
            payload, signature, settings.CONFIDE_STRIPE_WEBHOOK_SECRET
        )
        if event["type"] != "checkout.session.completed":
            return None
        session = event["data"]["object"]
        if session.get("payment_status") != "paid":
            return None
        return session.get("client_reference_id")


def provider() -> PaymentProvider:
    return import_string(settings.CONFIDE_PAYMENT_PROVIDER)()
