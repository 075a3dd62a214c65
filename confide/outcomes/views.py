"""Staff pages for measurement-based care: the caseload, a client's outcomes, alerts, reports
and the practice's outcomes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from confide.accounts.models import Role
from confide.assessments import catalog
from confide.assessments.models import Source
from confide.audit.actor import Actor
from confide.audit.log import record, record_many
from confide.audit.models import Action
from confide.core.doors import page_actor, role_required, run_with_message, submit
from confide.instruments import UnknownInstrument
from confide.outcomes import actions, practice, stats, summary
from confide.outcomes.forms import AcknowledgeForm, ScheduleForm
from confide.outcomes.models import RiskAlert
from confide.practice import access
from confide.practice.models import Client, ClientStatus
from confide.screening.forms import InstrumentForm

SCORES = "Scores"


def clinical_client(actor: Actor, client_id: Any) -> Client:
    """404 when the client is not visible, 403 when visible but not clinical."""
    return access.clinical_client_for(actor, client_id, what=SCORES)


@role_required(Role.CLINICIAN)
def caseload(request: HttpRequest) -> HttpResponse:
    """The signed-in clinician's clients, most urgent first."""
    clients = Client.objects.visible_to(request.user).filter(status=ClientStatus.ACTIVE)
    rows = summary.outcomes_for(clients)
    record_many(
        Action.READ, [r.client for r in rows], actor=page_actor(request), client_of=lambda c: c.pk
    )
    context = {
        "rows": rows,
        "needs_attention": sum(
            1 for r in rows if r.open_alerts or r.safety_unanswered or r.track.rank <= 2
        ),
        "rules": summary.rules_in_use(),
        "not_on_track_session": summary.not_on_track_session(),
        "overdue_days": summary.overdue_days(),
    }
    return render(request, "outcomes/caseload.html", context)


@role_required(Role.CLINICIAN, Role.INTAKE)
def alerts(request: HttpRequest) -> HttpResponse:
    """Open risk alerts this user must handle (intake: clients with no clinician yet)."""
    if access.role_of(request.user) == Role.CLINICIAN:
        open_alerts = RiskAlert.objects.open().filter(clinician__user=request.user)
    else:
        open_alerts = RiskAlert.objects.open().filter(clinician__isnull=True)
    rows = list(open_alerts.select_related("client", "assessment"))
    record_many(Action.READ, rows, actor=page_actor(request), client_of=lambda a: a.client_id)
    return render(request, "outcomes/alerts.html", {"alerts": rows, "form": AcknowledgeForm()})


@role_required(Role.CLINICIAN, Role.INTAKE)
@require_POST
def acknowledge(request: HttpRequest, alert_id: Any) -> HttpResponse:
    actor = page_actor(request)
    alert = get_object_or_404(RiskAlert.objects.select_related("clinician", "client"), pk=alert_id)
    if not access.may_handle_alert(request.user, alert):
        raise Http404("No such alert.")
    form = AcknowledgeForm(request.POST)
    done = submit(
        request,
        form,
        lambda data: actions.acknowledge_alert(actor, alert, data["action_taken"]),
    )
    if done.ok:
        messages.success(request, f"Alert for {alert.client.full_name} acknowledged.")
        nxt = request.POST.get("next", "")
        if nxt.startswith("/staff/"):
            return redirect(nxt)
        return redirect("outcomes:alerts")
    return render(
        request,
        "outcomes/acknowledge.html",
        {"alert": alert, "form": form, "next": request.POST.get("next", "")},
        status=done.status,
    )


def _detail_context(actor: Actor, client: Client) -> dict[str, Any]:
    outcome = summary.outcome_for(client, bands=summary.practice_bands())
    charts = [{"series": s, "svg": summary.chart_svg(s, f"chart-{s.code}")} for s in outcome.series]
    available = [(c, catalog.get_instrument(c).short_name) for c in actions.available_measures()]
    return {
        "client": client,
        "outcome": outcome,
        "charts": charts,
        "rules": summary.rules_in_use([s.code for s in outcome.series] or ["phq9", "gad7"]),
        "available": available,
        "schedule_form": ScheduleForm(
            initial={"instruments": outcome.scheduled}, available=available
        ),
        "ack_form": AcknowledgeForm(),
        "is_clinician": actor.role == Role.CLINICIAN,
        "link_hours": actions.link_hours(),
    }


@role_required(Role.CLINICIAN, Role.ADMIN, Role.INTAKE)
def client_outcomes(request: HttpRequest, client_id: Any) -> HttpResponse:
    actor = page_actor(request)
    client = clinical_client(actor, client_id)
    return render(request, "outcomes/client.html", _detail_context(actor, client))


@role_required(Role.CLINICIAN)
@require_POST
def set_schedule(request: HttpRequest, client_id: Any) -> HttpResponse:
    actor = page_actor(request)
    client = clinical_client(actor, client_id)
    available = [(c, catalog.get_instrument(c).short_name) for c in actions.available_measures()]
    form = ScheduleForm(request.POST, available=available)
    done = submit(
        request,
        form,
        lambda data: actions.set_schedule(actor, client, data["instruments"]),
    )
    if done.ok:
        messages.success(request, "Measure schedule saved.")
        return redirect("outcomes:client", client.pk)
    context = _detail_context(actor, client)
    context["schedule_form"] = form
    return render(request, "outcomes/client.html", context, status=done.status)


@role_required(Role.CLINICIAN)
@require_POST
def send_link(request: HttpRequest, client_id: Any) -> HttpResponse:
    actor = page_actor(request)
    client = clinical_client(actor, client_id)
    if run_with_message(request, lambda: actions.create_link(actor, client)).ok:
        messages.success(
            request,
            f"A one-time link was emailed to {client.email}; it works once, for "
            f"{actions.link_hours()} hours.",
        )
    return redirect("outcomes:client", client.pk)


@role_required(Role.CLINICIAN)
def enter(request: HttpRequest, client_id: Any, code: str) -> HttpResponse:
    """The clinician enters the answers a client gives in session."""
    actor = page_actor(request)
    client = clinical_client(actor, client_id)
    try:
        instrument = catalog.get_instrument(code)
    except UnknownInstrument:
        raise Http404("No such questionnaire.") from None
    if not instrument.available:
        raise Http404("This questionnaire's wording is not loaded.")
    form = InstrumentForm(instrument, request.POST or None)
    done = submit(
        request,
        form,
        lambda data: actions.record_client_assessment(
            actor, client, code, list(form.responses()), form.extras(), source=Source.CLINICIAN
        ),
    )
    if done.ok and done.value is not None:
        assessment = done.value
        note = " A risk alert is open for this answer." if assessment.risk else ""
        messages.success(request, f"{instrument.short_name} recorded: {assessment.total}.{note}")
        return redirect("outcomes:client", client.pk)
    return render(
        request,
        "outcomes/enter.html",
        {"client": client, "form": form, "instrument": instrument},
        status=done.status,
    )


@role_required(Role.CLINICIAN, Role.ADMIN)
def report_pdf(request: HttpRequest, client_id: Any) -> HttpResponse:
    """The progress report as a PDF, from the same data as the page."""
    from confide.outcomes.report import progress_report

    actor = page_actor(request)
    client = clinical_client(actor, client_id)
    outcome = summary.outcome_for(client, bands=summary.practice_bands())
    pdf = progress_report(outcome)
    record(
        Action.EXPORT, actor=actor, obj=client, client_id=client.pk, detail="Progress report PDF"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="progress-report.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.ADMIN)
def practice_outcomes(request: HttpRequest) -> HttpResponse:
    """Response, remission and recovery rates, counted and suppressed below 5 people."""
    table = practice.practice_table()
    record(Action.READ, actor=page_actor(request), object_type="practice_outcomes")
    rules = [stats.RESPONSE, stats.REMISSION, stats.CASENESS, stats.RECOVERY]
    rules += [stats.RELIABLE_RECOVERY, stats.RECOVERY_RATE, stats.WILSON, stats.SUPPRESSION]
    return render(request, "outcomes/practice.html", {"table": table, "rules": rules})
