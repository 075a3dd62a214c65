"""The public consultation request form, and intake's queue and request pages."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from confide.audit.log import record, record_many
from confide.audit.models import Action
from confide.core.doors import page_actor, role_required, run_with_message, submit
from confide.core.ratelimit import rate_limited
from confide.core.timefmt import long_when
from confide.intake import actions, matching, ranking, triage
from confide.intake.forms import AcceptForm, RequestForm, StatusForm
from confide.intake.models import OPEN_STATUSES, ConsultationRequest, Status
from confide.pages.actions import handle_question
from confide.pages.models import ExpertQuestion, QuestionStatus
from confide.practice.hours import DAY_NAMES_LONG

logger = logging.getLogger(__name__)

SENT_KEY = "intake_request_sent"
QUEUE_SIZE = 200
INTAKE = ("admin", "intake")


# --- public ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@never_cache
@rate_limited(
    "consultation-request", settings.CONFIDE_REQUEST_LIMIT, settings.CONFIDE_REQUEST_WINDOW_SECONDS
)
def request_form(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "intake/request_form.html", {"form": RequestForm()})
    form = RequestForm(request.POST)
    if form.is_robot:
        # Look the same as success, so a robot learns nothing; store nothing.
        logger.info("Consultation request form: honeypot filled, discarded")
        request.session[SENT_KEY] = {"urgent": False}
        return redirect("request:sent")
    done = submit(request, form, lambda data: actions.submit_request(page_actor(request), data))
    if done.ok and done.value is not None:
        # Whether to show crisis help is all the confirmation page needs to know.
        request.session[SENT_KEY] = {"urgent": done.value.urgent}
        return redirect("request:sent")
    return render(request, "intake/request_form.html", {"form": form}, status=done.status)


@never_cache
def request_sent(request: HttpRequest) -> HttpResponse:
    sent = request.session.get(SENT_KEY)
    if sent is None:
        return redirect("request:form")
    return render(request, "intake/request_sent.html", {"urgent": sent.get("urgent", False)})


# --- staff ----------------------------------------------------------------------------------

QUEUE_VIEWS = {
    "open": ("Waiting for a reply", list(OPEN_STATUSES)),
    "booked": ("Booked", [Status.BOOKED]),
    "closed": ("Closed", [Status.CLOSED]),
}


@role_required(*INTAKE)
def queue(request: HttpRequest) -> HttpResponse:
    view = request.GET.get("show", "open")
    if view not in QUEUE_VIEWS:
        view = "open"
    title, statuses = QUEUE_VIEWS[view]
    requests = list(
        ConsultationRequest.objects.filter(status__in=statuses)
        .select_related("location")
        .queue_order()[:QUEUE_SIZE]
    )
    questions = (
        list(ExpertQuestion.objects.filter(status=QuestionStatus.NEW).order_by("created_at"))
        if view == "open"
        else []
    )
    entries = triage.order_queue(
        [triage.QueueEntry(r, r.urgent, r.severity, r.created_at) for r in requests]
        + [triage.QueueEntry(q, False, 0, q.created_at) for q in questions]
    )
    # Listing names and concerns is a look at each request: one audit row each, one query.
    record_many(Action.READ, requests, actor=page_actor(request))
    now = timezone.now()
    rows = [
        {
            "item": e.key,
            "kind": "request" if isinstance(e.key, ConsultationRequest) else "question",
            "waiting": now - e.waiting_since,
        }
        for e in entries
    ]
    context = {
        "rows": rows,
        "view": view,
        "title": title,
        "views": [(k, v[0]) for k, v in QUEUE_VIEWS.items()],
        "urgent_count": sum(1 for r in requests if r.urgent and r.is_open),
    }
    return render(request, "intake/queue.html", context)


def _request_for(request: HttpRequest, request_id: Any) -> ConsultationRequest:
    try:
        cr = ConsultationRequest.objects.select_related(
            "location", "kept_screening", "client", "clinician"
        ).get(pk=request_id)
    except (ConsultationRequest.DoesNotExist, ValidationError, ValueError):
        raise Http404("No such request.") from None
    return cr


def _detail_context(request: HttpRequest, cr: ConsultationRequest, **extra: Any) -> dict:
    kept = cr.kept_screening
    assessments = list(kept.assessments.all()) if kept is not None else []
    matches, excluded = ranking.matches_for(cr) if cr.is_open else ([], [])
    moves = actions.TRANSITIONS.get(cr.status, ())
    nxt = moves[0] if moves else ""
    return {
        "cr": cr,
        "assessments": assessments,
        "events": cr.events.select_related("actor"),
        "matches": matches,
        "excluded": excluded,
        "status_form": extra.pop("status_form", None) or StatusForm(initial={"status": nxt}),
        "transitions": moves,
        "languages": [matching.LABELS.get(x, x) for x in cr.languages],
        "days_text": ", ".join(DAY_NAMES_LONG[d] for d in cr.days if 0 <= d < 7),
        **extra,
    }


@role_required(*INTAKE)
def detail(request: HttpRequest, request_id: str) -> HttpResponse:
    cr = _request_for(request, request_id)
    record(Action.READ, actor=page_actor(request), obj=cr, client_id=cr.client_id)
    return render(request, "intake/detail.html", _detail_context(request, cr))


@require_POST
@role_required(*INTAKE)
def change_status(request: HttpRequest, request_id: str) -> HttpResponse:
    cr = _request_for(request, request_id)
    actor = page_actor(request)
    form = StatusForm(request.POST)
    done = submit(
        request,
        form,
        lambda data: actions.change_status(
            actor, cr, data["status"], close_reason=data["close_reason"], note=data["note"]
        ),
    )
    if done.ok:
        messages.success(request, f"Moved to {cr.get_status_display().lower()}.")
        return redirect("intake:detail", request_id=cr.pk)
    context = _detail_context(request, cr, status_form=form)
    return render(request, "intake/detail.html", context, status=done.status)


@require_POST
@role_required(*INTAKE)
def question_status(request: HttpRequest, question_id: str) -> HttpResponse:
    try:
        question = ExpertQuestion.objects.get(pk=question_id)
    except (ExpertQuestion.DoesNotExist, ValidationError, ValueError):
        raise Http404("No such question.") from None
    status = request.POST.get("status", "")
    if run_with_message(request, lambda: handle_question(page_actor(request), question, status)).ok:
        messages.success(request, f"Question marked {question.get_status_display().lower()}.")
    return redirect("intake:queue")


def _accept_initial(request: HttpRequest, cr: ConsultationRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {"date_of_birth": cr.date_of_birth, "minutes": 50}
    if clinician := request.GET.get("clinician"):
        initial["clinician"] = clinician
    if start := parse_datetime(request.GET.get("start", "")):
        initial["start"] = timezone.localtime(start).strftime("%Y-%m-%dT%H:%M")
        if end := parse_datetime(request.GET.get("end", "")):
            initial["minutes"] = int((end - start).total_seconds() // 60)
    initial["format"] = request.GET.get("format") or (
        "in_person" if cr.format == "in_person" else "virtual"
    )
    if location := request.GET.get("location") or (cr.location_id and str(cr.location_id)):
        initial["location"] = location
    return initial


@role_required(*INTAKE)
def accept(request: HttpRequest, request_id: str) -> HttpResponse:
    cr = _request_for(request, request_id)
    if not cr.is_open:
        messages.error(request, f"This request is already {cr.get_status_display().lower()}.")
        return redirect("intake:detail", request_id=cr.pk)
    if request.method == "GET":
        form = AcceptForm(initial=_accept_initial(request, cr))
        return render(request, "intake/accept.html", {"cr": cr, "form": form})
    actor = page_actor(request)
    form = AcceptForm(request.POST)

    def accept_it(data: dict[str, Any]) -> Any:
        start = data["start"]
        return actions.accept_request(
            actor,
            cr,
            clinician=data["clinician"],
            start=start,
            end=start + timedelta(minutes=data["minutes"]),
            format=data["format"],
            location=data["location"],
            date_of_birth=data["date_of_birth"],
        )

    # A clash on the clinician or the client is a clash at that time: shown on the start.
    done = submit(request, form, accept_it, rename={"client": "start", "room": "start"})
    if done.ok and done.value is not None:
        client, appointment = done.value
        messages.success(
            request,
            f"{client.full_name} is now a client of {form.cleaned_data['clinician'].full_name}, "
            f"with an intake consultation on {long_when(appointment.start, appointment.zone)}.",
        )
        return redirect("staff:client", client_id=client.pk)
    return render(request, "intake/accept.html", {"cr": cr, "form": form}, status=done.status)
