"""The client's money in the portal: invoices (PDF, pay by card), Good Faith Estimates,
superbills for their insurer, monthly statements. A client sees only their own records: every
lookup goes through `Client.objects.visible_to`, which for a client is themself."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from confide.audit.actor import Actor, Via
from confide.billing import actions, forms, pdfs
from confide.billing.lookups import estimate_for, invoice_for, payment_for
from confide.billing.models import EstimateStatus, Payment, PaymentStatus
from confide.billing.money import format_usd
from confide.billing.providers import ConsoleProvider, ProviderError, StripeProvider, provider
from confide.billing.views import parse_month
from confide.core.doors import page_actor, role_required
from confide.practice.access import own_client

NO_PAYMENT = UUID(int=0)  # stands in for the payment's id in the return address


@role_required("client")
def invoice_pdf(request: HttpRequest, invoice_id: Any) -> HttpResponse:
    actor = page_actor(request)
    return pdfs.invoice_response(actor, invoice_for(actor, invoice_id))


@role_required("client")
def estimate_pdf(request: HttpRequest, estimate_id: Any) -> HttpResponse:
    actor = page_actor(request)
    est = estimate_for(actor, estimate_id)
    if est.status not in (EstimateStatus.ISSUED, EstimateStatus.SUPERSEDED):
        raise Http404("Not issued.")  # drafts are the practice's working copies
    return pdfs.estimate_response(actor, est)


@role_required("client")
def superbill(request: HttpRequest) -> HttpResponse:
    client = own_client(page_actor(request))
    form = forms.PeriodForm(request.GET)
    if not form.is_valid():
        messages.error(request, "Superbill: choose the first and last dates of service.")
        return redirect("portal:home")
    data = form.cleaned_data
    try:
        return pdfs.superbill_response(page_actor(request), client, data["from"], data["to"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("portal:home")


@role_required("client")
def statement(request: HttpRequest) -> HttpResponse:
    year, month = parse_month(request.GET.get("month"))
    return pdfs.statement_response(
        page_actor(request), own_client(page_actor(request)), year, month
    )


@require_POST
@role_required("client")
def pay(request: HttpRequest, invoice_id: Any) -> HttpResponse:
    """Pay the invoice's balance by card: to the provider's page, then back to `returned`."""
    actor = page_actor(request)
    invoice = invoice_for(actor, invoice_id)
    template = reverse("billing_portal:returned", args=[NO_PAYMENT]).replace(
        str(NO_PAYMENT), "{payment}"
    )
    try:
        _, url = actions.start_card_payment(
            actor,
            invoice,
            return_url=request.build_absolute_uri(template),
            cancel_url=request.build_absolute_uri(reverse("portal:home")),
        )
    except (ValidationError, PermissionDenied, ProviderError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("portal:home")
    return redirect(url)


@role_required("client")
def returned(request: HttpRequest, payment_id: Any) -> HttpResponse:
    """Back from the card page: ask the provider how it went (the webhook may beat us to it)."""
    actor = page_actor(request)
    payment = payment_for(actor, payment_id)
    try:
        payment = actions.confirm_card_payment(actor, payment)
    except ProviderError:
        messages.warning(request, "We could not reach the card provider yet; check back soon.")
        return redirect("portal:home")
    if payment.status == PaymentStatus.SUCCEEDED:
        messages.success(
            request, f"Thank you: your payment of {format_usd(payment.amount)} was received."
        )
    elif payment.status == PaymentStatus.FAILED:
        messages.error(request, "The card payment did not go through. Nothing was charged.")
    else:
        messages.info(request, "Your payment is being processed.")
    return redirect("portal:home")


@role_required("client")
def console_checkout(request: HttpRequest, payment_id: Any) -> HttpResponse:
    """The console provider's stand-in for a card page: no card, no money (development)."""
    if not isinstance(provider(), ConsoleProvider):
        raise Http404("The console provider is not in use.")
    actor = page_actor(request)
    payment = payment_for(actor, payment_id)
    if payment.status != PaymentStatus.PENDING:
        return redirect("portal:home")
    if request.method == "POST":
        # Like a real card page: the answer is the provider's, recorded by the return page.
        if request.POST.get("action") == "pay":
            ConsoleProvider.confirmed.add(str(payment.pk))
        else:
            ConsoleProvider.declined.add(str(payment.pk))
        return redirect("billing_portal:returned", payment_id=payment.pk)
    return render(request, "billing/console_checkout.html", {"payment": payment})


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Stripe tells us a checkout was paid (signed with the webhook secret): confirm it once."""
    gateway = provider()
    if not isinstance(gateway, StripeProvider) or not settings.CONFIDE_STRIPE_WEBHOOK_SECRET:
        raise Http404("Stripe is not in use.")
    try:
        payment_id = gateway.paid_payment_in(
            request.body, request.headers.get("Stripe-Signature", "")
        )
    except Exception:  # a bad signature or body is the sender's problem, not a 500
        return HttpResponse(status=400)
    if payment_id:
        payment = Payment.objects.filter(pk=payment_id).first()
        if payment is not None:
            actions.confirm_card_payment(Actor.system(Via.WORKER), payment)
    return HttpResponse(status=200)
