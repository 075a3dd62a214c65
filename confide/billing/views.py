"""The staff money pages: the billing desk (what is due), a client's account, the fee schedule,
billing identities, reports and a clinician's own production. Every change calls an action;
every list of records is audited as a read of each client's record."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from confide.audit.log import record, record_many
from confide.audit.models import Action
from confide.billing import actions, estimates, forms, pdfs, reports, rules
from confide.billing.balances import client_balance, invoice_balances
from confide.billing.hooks import in_use
from confide.billing.lookups import charge_for, estimate_for, invoice_for, payment_for
from confide.billing.models import (
    Charge,
    ChargeStatus,
    ClinicianBilling,
    Diagnosis,
    Estimate,
    EstimateStatus,
    Invoice,
    InvoiceStatus,
    PracticeBilling,
    Service,
)
from confide.billing.money import format_usd
from confide.core.doors import STAFF, page_actor, role_required
from confide.practice import access
from confide.practice.models import Client, Clinician

SHOWN = 50
RECONCILE_DAYS = 90


def _fail(request: HttpRequest, exc: ValidationError | PermissionDenied) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))


def _errors_to(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- the billing desk -----------------------------------------------------------------------


def unbilled_sessions(user: Any) -> Any:
    """Attended sessions and no-shows of the last 90 days with no live charge (the hook was
    off, or failed): what the reconciliation drafts."""
    from confide.scheduling.models import Appointment

    since = timezone.now() - timedelta(days=RECONCILE_DAYS)
    rows = Appointment.objects.visible_to(user).filter(
        status="attended", start__gte=since, end__lte=timezone.now()
    )
    return rows.exclude(
        pk__in=Charge.objects.exclude(status=ChargeStatus.VOID)
        .filter(appointment__isnull=False)
        .values("appointment")
    )


@role_required(*STAFF)
def desk(request: HttpRequest) -> HttpResponse:
    user = request.user
    clients = Client.objects.visible_to(user)
    waiting = (
        Charge.objects.drafts().filter(client__in=clients).select_related("client", "clinician")
    )
    if access.role_of(user) == "clinician":
        waiting = waiting.filter(clinician__user=user)
    drafts = list(waiting.order_by("date_of_service")[:SHOWN])
    due = list(
        Estimate.objects.filter(status=EstimateStatus.DRAFT, client__in=clients)
        .select_related("client", "clinician")
        .order_by("due_on")[:SHOWN]
    )
    open_invoices = list(
        Invoice.objects.filter(status=InvoiceStatus.OPEN, client__in=clients)
        .select_related("client")
        .order_by("due_on")[:SHOWN]
    )
    owed = invoice_balances([i.pk for i in open_invoices])
    for invoice in open_invoices:
        invoice.owed = owed[invoice.pk].balance  # type: ignore[attr-defined] # for the page
    mine = set(clients.values_list("pk", flat=True))
    exceeded = [e for e in estimates.exceeded() if e.client_id in mine]
    shown = drafts + due + open_invoices + exceeded
    record_many(Action.READ, shown, actor=page_actor(request), client_of=lambda o: o.client_id)
    context = {
        "drafts": drafts,
        "due": due,
        "today": timezone.localdate(),
        "open_invoices": open_invoices,
        "exceeded": exceeded,
        "unbilled": unbilled_sessions(user).count() if in_use() else 0,
        "is_admin": rules.is_admin(user),
        "is_billing": rules.is_billing_staff(user),
    }
    return render(request, "billing/desk.html", context)


@require_POST
@role_required("admin", "clinician")
def finalise_drafts(request: HttpRequest) -> HttpResponse:
    actor = page_actor(request)
    ids = request.POST.getlist("charge")
    charges = [charge_for(actor, pk) for pk in ids]
    try:
        done = actions.finalise_charges(actor, charges)
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"{len(done)} charge(s) finalised.")
    return redirect("billing:desk")


@require_POST
@role_required("admin")
def reconcile(request: HttpRequest) -> HttpResponse:
    actor = page_actor(request)
    drafted = 0
    for appt in unbilled_sessions(request.user).select_related("client", "clinician")[:200]:
        if actions.draft_charge_for(actor, appt) is not None:
            drafted += 1
    messages.success(request, f"{drafted} draft charge(s) made for review.")
    return redirect("billing:desk")


# --- a client's account ---------------------------------------------------------------------


def _client_context(request: HttpRequest, client: Client, **forms_: Any) -> dict[str, Any]:
    user = request.user
    charges = list(
        client.charges.select_related("clinician", "invoice").prefetch_related("adjustments")
        .order_by("-date_of_service", "-created_at")[:SHOWN]
    )  # fmt: skip
    invoices = list(client.invoices.prefetch_related("payments__refunds")[:SHOWN])
    owed = invoice_balances([i.pk for i in invoices])
    for invoice in invoices:
        invoice.balance = owed[invoice.pk]  # type: ignore[attr-defined] # for the page
        for p in invoice.payments.all():  # from the prefetched refunds, no query each
            taken = sum(r.amount for r in p.refunds.all() if r.status != "failed")
            p.left = p.amount - taken if p.status == "succeeded" else 0  # type: ignore[attr-defined]
    ests = list(client.estimates.select_related("clinician").prefetch_related("lines"))
    for e in ests:
        e.excess = estimates.excess_of(e) if e.status == EstimateStatus.ISSUED else 0
    may_dx = rules.may_read_diagnoses(user, client)
    diagnoses = list(client.diagnoses.all()) if may_dx else []
    adjustments = list(client.adjustments.select_related("charge"))
    record_many(
        Action.READ, charges + invoices + ests + diagnoses + adjustments,
        actor=page_actor(request), client_of=lambda o: o.client_id,
    )  # fmt: skip
    today = timezone.localdate()
    return {
        "client": client,
        "balance": client_balance(client),
        "charges": charges,
        "invoices": invoices,
        "adjustments": adjustments,
        "estimates": ests,
        "diagnoses": diagnoses,
        "may_read_diagnoses": may_dx,
        "may_diagnose": rules.may_enter_diagnosis(user, client),
        "is_admin": rules.is_admin(user),
        "is_billing": rules.is_billing_staff(user),
        "may_estimate": rules.is_billing_staff(user) or rules.is_own_clinician(user, client),
        "account": actions.account_of(client),
        "uninvoiced": sum(1 for c in charges if c.status == "final" and not c.invoice_id),
        "coverage_form": forms_.get("coverage_form")
        or forms.CoverageForm(initial={"coverage": actions.account_of(client).coverage}),
        "diagnosis_form": forms_.get("diagnosis_form") or forms.DiagnosisForm(),
        "adjustment_form": forms_.get("adjustment_form") or forms.AdjustmentForm(),
        "payment_form": forms_.get("payment_form") or forms.PaymentForm(),
        "period_form": forms.PeriodForm(
            initial={"from": today.replace(day=1) - timedelta(days=60), "to": today}
        ),
        "months": forms.month_choices(),
    }


def _client_page(
    request: HttpRequest, client: Client, status: int = 200, **forms_: Any
) -> HttpResponse:
    return render(
        request, "billing/client.html", _client_context(request, client, **forms_), status=status
    )


@role_required(*STAFF)
def client_account(request: HttpRequest, client_id: Any) -> HttpResponse:
    return _client_page(request, access.client_for(page_actor(request), client_id))


@require_POST
@role_required(*STAFF)
def set_coverage(request: HttpRequest, client_id: Any) -> HttpResponse:
    client = access.client_for(page_actor(request), client_id)
    form = forms.CoverageForm(request.POST)
    if form.is_valid():
        try:
            actions.set_coverage(page_actor(request), client, form.cleaned_data["coverage"])
        except PermissionDenied as exc:
            _fail(request, exc)
        else:
            messages.success(request, "Saved how the client pays.")
            return redirect("billing:client", client_id=client.pk)
    return _client_page(request, client, 422, coverage_form=form)


@require_POST
@role_required("clinician")
def add_diagnosis(request: HttpRequest, client_id: Any) -> HttpResponse:
    client = access.client_for(page_actor(request), client_id)
    form = forms.DiagnosisForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_diagnosis(
                page_actor(request),
                client,
                data["code"],
                primary=data["primary"],
                diagnosed_on=data["diagnosed_on"],
            )
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, "Diagnosis added.")
            return redirect("billing:client", client_id=client.pk)
    return _client_page(request, client, 422, diagnosis_form=form)


@require_POST
@role_required("clinician")
def resolve_diagnosis(request: HttpRequest, diagnosis_id: Any) -> HttpResponse:
    diagnosis = get_object_or_404(
        Diagnosis.objects.filter(client__in=Client.objects.visible_to(request.user)),
        pk=diagnosis_id,
    )
    try:
        actions.resolve_diagnosis(page_actor(request), diagnosis)
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    else:
        messages.success(request, "Diagnosis resolved.")
    return redirect("billing:client", client_id=diagnosis.client_id)


@role_required("admin", "clinician")
def edit_charge(request: HttpRequest, charge_id: Any) -> HttpResponse:
    actor = page_actor(request)
    charge = charge_for(actor, charge_id)
    if not rules.may_review_charge(actor, charge):
        raise PermissionDenied("Only the session's clinician can review it.")
    initial = {"service": charge.service_id, "modifiers": " ".join(charge.modifiers),
               "place_of_service": charge.place_of_service, "units": charge.units}  # fmt: skip
    form = forms.ChargeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = (
            data["service"] if data["service"] and data["service"].pk != charge.service_id else None
        )
        try:
            actions.revise_charge(
                actor, charge,
                service=changed,
                modifiers=data["modifiers"], place_of_service=data["place_of_service"] or None,
                units=data["units"], fee=data["fee"],
            )  # fmt: skip
            if request.POST.get("then") == "finalise":
                actions.finalise_charge(actor, charge)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, "Charge saved.")
            return redirect("billing:client", client_id=charge.client_id)
    status = 422 if request.method == "POST" else 200
    return render(request, "billing/charge.html", {"charge": charge, "form": form}, status=status)


@require_POST
@role_required("admin", "clinician")
def charge_step(request: HttpRequest, charge_id: Any, step: str) -> HttpResponse:
    if step not in ("finalise", "void"):
        raise Http404("No such step.")
    actor = page_actor(request)
    charge = charge_for(actor, charge_id)
    try:
        if step == "finalise":
            actions.finalise_charge(actor, charge)
        else:
            actions.void_charge(actor, charge)
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    else:
        messages.success(request, "Charge finalised." if step == "finalise" else "Not charged.")
    if request.POST.get("back") == "desk":
        return redirect("billing:desk")
    return redirect("billing:client", client_id=charge.client_id)


@require_POST
@role_required("admin")
def add_adjustment(request: HttpRequest, client_id: Any) -> HttpResponse:
    client = access.client_for(page_actor(request), client_id)
    form = forms.AdjustmentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        actor = page_actor(request)
        charge = charge_for(actor, data["charge"]) if data["charge"] else None
        try:
            actions.adjust(actor, client, amount=data["amount"], kind=data["kind"],
                           note=data["note"], charge=charge)  # fmt: skip
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, f"Adjustment of {format_usd(data['amount'])} recorded.")
            return redirect("billing:client", client_id=client.pk)
    return _client_page(request, client, 422, adjustment_form=form)


@require_POST
@role_required("admin", "intake")
def make_invoice(request: HttpRequest, client_id: Any) -> HttpResponse:
    client = access.client_for(page_actor(request), client_id)
    try:
        invoice = actions.create_invoice(page_actor(request), client)
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"Invoice {invoice.number} made and sent.")
    return redirect("billing:client", client_id=client.pk)


@require_POST
@role_required("admin", "intake")
def take_payment(request: HttpRequest, invoice_id: Any) -> HttpResponse:
    actor = page_actor(request)
    invoice = invoice_for(actor, invoice_id)
    form = forms.PaymentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_payment(actor, invoice, **data)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, f"Payment of {format_usd(data['amount'])} recorded.")
            return redirect("billing:client", client_id=invoice.client_id)
    form.invoice_id = invoice.pk  # type: ignore[attr-defined] # which invoice's form failed
    return _client_page(request, invoice.client, 422, payment_form=form)


@require_POST
@role_required("admin")
def refund(request: HttpRequest, payment_id: Any) -> HttpResponse:
    actor = page_actor(request)
    payment = payment_for(actor, payment_id)
    form = forms.RefundForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Refund: " + " ".join(str(e) for errs in form.errors.values() for e in errs)
        )
        return redirect("billing:client", client_id=payment.client_id)
    try:
        actions.refund_payment(actor, payment, **form.cleaned_data)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"Refunded {format_usd(form.cleaned_data['amount'])}.")
    return redirect("billing:client", client_id=payment.client_id)


@require_POST
@role_required("admin")
def void_invoice(request: HttpRequest, invoice_id: Any) -> HttpResponse:
    actor = page_actor(request)
    invoice = invoice_for(actor, invoice_id)
    try:
        actions.void_invoice(actor, invoice)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"Invoice {invoice.number} voided.")
    return redirect("billing:client", client_id=invoice.client_id)


# --- documents ------------------------------------------------------------------------------


@role_required(*STAFF)
def invoice_pdf(request: HttpRequest, invoice_id: Any) -> HttpResponse:
    actor = page_actor(request)
    return pdfs.invoice_response(actor, invoice_for(actor, invoice_id))


@role_required(*STAFF)
def estimate_pdf(request: HttpRequest, estimate_id: Any) -> HttpResponse:
    actor = page_actor(request)
    return pdfs.estimate_response(actor, estimate_for(actor, estimate_id))


@role_required(*STAFF)
def superbill(request: HttpRequest, client_id: Any) -> HttpResponse:
    client = access.client_for(page_actor(request), client_id)
    form = forms.PeriodForm(request.GET)
    if not form.is_valid():
        messages.error(request, "Superbill: choose the first and last dates of service.")
        return redirect("billing:client", client_id=client.pk)
    return pdfs.superbill_response(
        page_actor(request), client, form.cleaned_data["from"], form.cleaned_data["to"]
    )


def parse_month(value: str | None) -> tuple[int, int]:
    try:
        year, month = (int(p) for p in (value or "").split("-"))
        date(year, month, 1)
    except (ValueError, TypeError):
        raise Http404("No such month.") from None
    return year, month


@role_required(*STAFF)
def statement(request: HttpRequest, client_id: Any) -> HttpResponse:
    client = access.client_for(page_actor(request), client_id)
    year, month = parse_month(request.GET.get("month"))
    return pdfs.statement_response(page_actor(request), client, year, month)


# --- Good Faith Estimates -------------------------------------------------------------------


@require_POST
@role_required(*STAFF)
def draft_estimate(request: HttpRequest, client_id: Any) -> HttpResponse:
    client = access.client_for(page_actor(request), client_id)
    try:
        est = actions.draft_estimate(page_actor(request), client, reason="requested")
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"Estimate drafted: due {est.due_on:%B %-d}.")
    return redirect("billing:client", client_id=client.pk)


@require_POST
@role_required(*STAFF)
def estimate_step(request: HttpRequest, estimate_id: Any, step: str) -> HttpResponse:
    if step not in ("issue", "withdraw"):
        raise Http404("No such step.")
    actor = page_actor(request)
    est = estimate_for(actor, estimate_id)
    try:
        if step == "issue":
            actions.issue_estimate(actor, est)
            messages.success(
                request, "Estimate issued: the client has it by e-mail and in the portal."
            )
        else:
            actions.withdraw_estimate(actor, est)
            messages.success(request, "Draft estimate withdrawn.")
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    return redirect("billing:client", client_id=est.client_id)


# --- fee schedule and identities (admin) -----------------------------------------------------


@role_required(*STAFF)
def services(request: HttpRequest) -> HttpResponse:
    form = forms.ServiceForm(request.POST or None)
    if request.method == "POST":
        if not rules.may_edit_fees(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                service = actions.save_service(page_actor(request), **form.cleaned_data)
            except ValidationError as exc:
                _errors_to(form, exc)
            else:
                messages.success(request, f"{service.code} added to the fee schedule.")
                return redirect("billing:services")
    rows = Service.objects.prefetch_related("fees__level", "fees__clinician")
    context = {"services": rows, "form": form, "may_edit": rules.may_edit_fees(request.user)}
    return render(request, "billing/services.html", context, status=422 if form.errors else 200)


@role_required("admin")
def service(request: HttpRequest, service_id: Any) -> HttpResponse:
    row = get_object_or_404(Service, pk=service_id)
    initial = {"code": row.code, "name": row.name, "minutes": row.minutes, "fee": row.fee,
               "modifiers": " ".join(row.modifiers), "active": row.active}  # fmt: skip
    post = request.POST if request.method == "POST" else None
    form = forms.ServiceForm(post if post and "code" in post else None, initial=initial)
    fee_form = forms.FeeForm(post if post and "code" not in post else None)
    actor = page_actor(request)
    if post and "code" in post and form.is_valid():
        try:
            actions.save_service(actor, service=row, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("billing:service", service_id=row.pk)
    if post and "code" not in post and fee_form.is_valid():
        data = fee_form.cleaned_data
        actions.set_fee(
            actor, row, amount=data["amount"], level=data["level"], clinician=data["clinician"]
        )
        messages.success(request, "Fee saved.")
        return redirect("billing:service", service_id=row.pk)
    context = {"service": row, "form": form, "fee_form": fee_form,
               "fees": row.fees.select_related("level", "clinician")}  # fmt: skip
    return render(request, "billing/service.html", context, status=422 if post else 200)


@role_required("admin")
def settings_page(request: HttpRequest) -> HttpResponse:
    row = PracticeBilling.current()
    form = forms.PracticeBillingForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
        try:
            actions.save_practice_billing(page_actor(request), **fields)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, "Billing settings saved.")
            return redirect("billing:settings")
    clinicians = Clinician.objects.select_related("billing__level").order_by("last_name")
    context = {"form": form, "clinicians": clinicians}
    return render(request, "billing/settings.html", context, status=422 if form.errors else 200)


@role_required("admin")
def identity(request: HttpRequest, clinician_id: Any) -> HttpResponse:
    clinician = get_object_or_404(Clinician, pk=clinician_id)
    current = ClinicianBilling.objects.filter(clinician=clinician).first()
    form = forms.ClinicianBillingForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_clinician_billing(page_actor(request), clinician, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, f"Billing identity of {clinician.full_name} saved.")
            return redirect("billing:settings")
    context = {"clinician": clinician, "form": form}
    return render(request, "billing/identity.html", context, status=422 if form.errors else 200)


# --- reports --------------------------------------------------------------------------------


def _period(request: HttpRequest) -> tuple[date, date, forms.PeriodForm]:
    today = timezone.localdate()
    default = {"from": today.replace(month=1, day=1), "to": today}
    form = forms.PeriodForm(request.GET if request.GET.get("from") else None, initial=default)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["from"], form.cleaned_data["to"], form
    return default["from"], default["to"], form


@role_required("admin")
def report(request: HttpRequest) -> HttpResponse:
    first, last, form = _period(request)
    clients = Client.objects.prefetch_related("assignments__clinician")
    balance_rows = reports.balances(timezone.localdate(), clients)
    context = {
        "form": form,
        "first": first,
        "last": last,
        "by": {g: reports.production(g, first, last) for g in reports.GROUPS},
        "payments": reports.payments_by_month(first, last),
        "methods": reports.payments_by_method(first, last),
        "balances": balance_rows[:SHOWN],
        "balance_count": len(balance_rows),
        "by_clinician": reports.balances_by_clinician(balance_rows),
        "ageing": reports.ageing_totals(balance_rows),
        "query": request.GET.urlencode(),
    }
    record(Action.READ, actor=page_actor(request), object_type="report", object_id="money")
    return render(request, "billing/reports.html", context)


@role_required("admin", "clinician")
def report_csv(request: HttpRequest, kind: str) -> HttpResponse:
    """Each report as CSV; the export is audited (who, which report, which dates)."""
    first, last, _ = _period(request)
    own = None
    if access.role_of(request.user) == "clinician":
        own = get_object_or_404(Clinician, user=request.user)
        if not kind.startswith("production-"):
            raise PermissionDenied
    if kind.startswith("production-") and kind.removeprefix("production-") in reports.GROUPS:
        group = kind.removeprefix("production-")
        body = reports.production_csv(reports.production(group, first, last, clinician=own), group)
    elif kind == "payments":
        body = reports.payments_csv(reports.payments_by_month(first, last))
    elif kind == "balances":
        clients = Client.objects.prefetch_related("assignments__clinician")
        body = reports.balances_csv(reports.balances(timezone.localdate(), clients))
    else:
        raise Http404("No such report.")
    record(Action.EXPORT, actor=page_actor(request), object_type="report", object_id=kind,
           detail=f"CSV {kind} {first} to {last}")  # fmt: skip
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{first}-{last}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@role_required("clinician")
def production(request: HttpRequest) -> HttpResponse:
    clinician = get_object_or_404(Clinician, user=request.user)
    first, last, form = _period(request)
    drafts = Charge.objects.drafts().filter(clinician=clinician).count()
    context = {
        "form": form,
        "first": first,
        "last": last,
        "by_month": reports.production("month", first, last, clinician=clinician),
        "by_service": reports.production("service", first, last, clinician=clinician),
        "drafts": drafts,
        "query": request.GET.urlencode(),
    }
    record(Action.READ, actor=page_actor(request), object_type="report", object_id="production")
    return render(request, "billing/production.html", context)
