"""The money documents as HTTP responses, for the staff pages, the portal and the API alike.

Every download is audited as an export (which document, never its codes). Diagnosis codes are
printed for those who may read them (`rules.may_read_diagnoses`); other copies say they are
withheld. File names carry no health detail.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse

from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action
from confide.billing import documents, records, rules
from confide.billing.models import Estimate, Invoice
from confide.billing.pricing import provider_details
from confide.practice.info import practice_info

LONGEST_SUPERBILL = timedelta(days=366)


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _export(actor: Actor, obj: Any, client_id: Any, what: str) -> None:
    record(Action.EXPORT, actor=actor, obj=obj, client_id=client_id, detail=what)


def check_period(first: date | None, last: date | None) -> tuple[date, date]:
    if first is None:
        raise ValidationError({"from": "Give the first date of service."})
    if last is None:
        raise ValidationError({"to": "Give the last date of service."})
    if last < first:
        raise ValidationError({"to": "The end date is before the start date."})
    if last - first > LONGEST_SUPERBILL:
        raise ValidationError({"to": "A superbill covers at most a year."})
    return first, last


def superbill_response(
    actor: Actor, client: Any, first: date | None, last: date | None
) -> HttpResponse:
    first, last = check_period(first, last)
    sections = records.superbill(client, first, last)
    redact = not rules.may_read_diagnoses(actor, client)
    content = documents.superbill_pdf(sections, client, first, last, redact=redact)
    _export(
        actor, client, client.pk, f"Superbill {first} to {last}" + (" (withheld)" if redact else "")
    )
    return pdf_response(content, f"superbill-{first:%Y%m%d}-{last:%Y%m%d}.pdf")


def invoice_response(actor: Actor, invoice: Invoice) -> HttpResponse:
    view = records.invoice_view(invoice)
    clinician = view.charges[0].clinician if view.charges else None
    details = provider_details(clinician) if clinician else {"practice": practice_info().name}
    content = documents.invoice_pdf(invoice, view, details)
    _export(actor, invoice, invoice.client_id, f"Invoice {invoice.number}")
    return pdf_response(content, f"invoice-{invoice.number}.pdf")


def estimate_response(actor: Actor, est: Estimate) -> HttpResponse:
    redact = not rules.may_read_diagnoses(actor, est.client)
    content = documents.estimate_pdf(est, list(est.lines.all()), redact=redact)
    _export(actor, est, est.client_id, "Good Faith Estimate")
    return pdf_response(content, f"good-faith-estimate-{est.basis_on:%Y%m%d}.pdf")


def statement_response(actor: Actor, client: Any, year: int, month: int) -> HttpResponse:
    first, last, opening, entries = records.statement(client, year, month)
    content = documents.statement_pdf(
        client, first, last, opening, entries, {"practice": practice_info().name}
    )
    _export(actor, client, client.pk, f"Statement {year}-{month:02d}")
    return pdf_response(content, f"statement-{year}-{month:02d}.pdf")
