"""The messages money sends, through the one outbox (confide/notify). Subjects and texts name the
practice and amounts only: never a service, a code or a diagnosis. Documents travel as PDF
attachments, rendered when the message is sent from the stored rows."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from confide.accounts.models import Role, User
from confide.billing.models import Estimate, EstimateStatus, Invoice, Payment, PaymentStatus
from confide.billing.money import format_usd
from confide.notify.actions import notify
from confide.notify.messages import Attachment, Message, Skip, renderer
from confide.notify.models import Channel, Notification
from confide.practice.info import practice_info


def _link(name: str, *args: Any) -> str:
    return settings.CONFIDE_BASE_URL.rstrip("/") + reverse(name, args=args)


def _payer(client: Any) -> tuple[str, str]:
    from confide.billing.pricing import bill_to

    return bill_to(client)


# --- queueing (called inside the change's transaction) ------------------------------------


def _to_payer(kind: str, obj: Any, client: Any, param: str, to: str = "") -> None:
    """Queue one message about `obj` to whoever pays for the client (a minor's guardian)."""
    notify(
        kind,
        channel=Channel.EMAIL,
        to=to or _payer(client)[1],
        key=f"{kind}:{obj.pk}",
        recipient=client.user,
        recipient_role="payer",
        params={param: str(obj.pk)},
        about=obj,
        client_id=client.pk,
    )


def send_invoice(invoice: Invoice) -> None:
    _to_payer("billing_invoice", invoice, invoice.client, "invoice", to=invoice.bill_to_email)


def send_receipt(payment: Payment) -> None:
    _to_payer("billing_receipt", payment, payment.client, "payment")


def send_estimate(est: Estimate) -> None:
    _to_payer("billing_estimate", est, est.client, "estimate")


def warn_excess(est: Estimate) -> None:
    """Tell each practice admin, once per estimate, that billed charges ran $400 over."""
    for admin in User.objects.filter(role=Role.ADMIN, is_active=True).exclude(email=""):
        notify(
            "billing_estimate_exceeded",
            channel=Channel.EMAIL,
            to=admin.email,
            key=f"billing_estimate_exceeded:{est.pk}:{admin.pk}",
            recipient=admin,
            recipient_role="admin",
            params={"estimate": str(est.pk)},
            about=est,
            client_id=est.client_id,
        )


def send_statement(client: Any, year: int, month: int) -> Notification | None:
    _, email = _payer(client)
    return notify(
        "billing_statement",
        channel=Channel.EMAIL,
        to=email,
        key=f"billing_statement:{client.pk}:{year}-{month:02d}",
        recipient=client.user,
        recipient_role="payer",
        params={"client": str(client.pk), "year": year, "month": month},
        about=client,
        client_id=client.pk,
    )


# --- rendering (at send time) ---------------------------------------------------------------


@renderer("billing_invoice")
def invoice_message(n: Notification) -> Message:
    from confide.billing.documents import invoice_pdf
    from confide.billing.pricing import provider_details
    from confide.billing.records import invoice_view

    invoice = Invoice.objects.select_related("client").filter(pk=n.params["invoice"]).first()
    if invoice is None or invoice.status == "void":
        raise Skip
    view = invoice_view(invoice)
    name = practice_info().name
    clinician = view.charges[0].clinician if view.charges else None
    details = provider_details(clinician) if clinician else {"practice": name}
    text = (
        f"Dear {invoice.bill_to_name},\n\nInvoice {invoice.number} from {name} is attached: "
        f"{format_usd(view.balance.balance)} is due by {invoice.due_on:%B %-d, %Y}.\n\n"
        f"You can see it and pay by card in your portal: {_link('portal:home')}\n\n{name}"
    )
    pdf = invoice_pdf(invoice, view, details)
    return Message(
        subject=f"Your invoice from {name}",
        text=text,
        attachments=(Attachment(f"invoice-{invoice.number}.pdf", pdf, "application/pdf"),),
    )


@renderer("billing_receipt")
def receipt_message(n: Notification) -> Message:
    payment = (
        Payment.objects.select_related("invoice", "client").filter(pk=n.params["payment"]).first()
    )
    if payment is None or payment.status != PaymentStatus.SUCCEEDED:
        raise Skip
    name = practice_info().name
    towards = f" towards invoice {payment.invoice.number}" if payment.invoice else ""
    text = (
        f"Thank you: {name} received your payment of {format_usd(payment.amount)} "
        f"({payment.get_method_display().lower()}) on "
        f"{payment.received_on:%B %-d, %Y}{towards}.\n\n"
        f"Your receipts and invoices are in your portal: {_link('portal:home')}\n\n{name}"
    )
    return Message(subject=f"Payment received by {name}", text=text)


@renderer("billing_estimate")
def estimate_message(n: Notification) -> Message:
    from confide.billing.documents import estimate_pdf

    est = Estimate.objects.select_related("client").filter(pk=n.params["estimate"]).first()
    if est is None or est.status != EstimateStatus.ISSUED:
        raise Skip
    name = practice_info().name
    text = (
        f"Dear {_payer(est.client)[0]},\n\nYour Good Faith Estimate from {name} is attached: the "
        f"expected cost of your care is {format_usd(est.total)}. Please keep a copy. It explains "
        "your right to dispute a bill that is $400 or more above the estimate.\n\n"
        f"It is also in your portal: {_link('portal:home')}\n\n{name}"
    )
    pdf = estimate_pdf(est, list(est.lines.all()), redact=False)
    return Message(
        subject=f"Your Good Faith Estimate from {name}",
        text=text,
        attachments=(Attachment("good-faith-estimate.pdf", pdf, "application/pdf"),),
    )


@renderer("billing_estimate_exceeded")
def exceeded_message(n: Notification) -> Message:
    est = Estimate.objects.filter(pk=n.params["estimate"]).first()
    if est is None or est.status != EstimateStatus.ISSUED:
        raise Skip
    text = (
        "Billed charges for one client have run $400 or more above their Good Faith Estimate, "
        "so the client may dispute the bill. Review the estimate and consider issuing a new one: "
        f"{_link('billing:client', est.client_id)}"
    )
    return Message(subject="A Good Faith Estimate has been exceeded", text=text)


@renderer("billing_statement")
def statement_message(n: Notification) -> Message:
    from confide.billing.documents import statement_pdf
    from confide.billing.records import statement
    from confide.practice.models import Client

    client = Client.objects.filter(pk=n.params["client"]).first()
    if client is None:
        raise Skip
    year, month = int(n.params["year"]), int(n.params["month"])
    first, last, opening, entries = statement(client, year, month)
    name = practice_info().name
    pdf = statement_pdf(client, first, last, opening, entries, {"practice": name})
    text = (
        f"Dear {_payer(client)[0]},\n\nYour statement from {name} for {first:%B %Y} is attached. "
        f"Your invoices and receipts are in your portal: {_link('portal:home')}\n\n{name}"
    )
    return Message(
        subject=f"Your statement from {name}",
        text=text,
        attachments=(Attachment(f"statement-{year}-{month:02d}.pdf", pdf, "application/pdf"),),
    )
