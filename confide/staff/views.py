"""The staff area: dashboards, client records and the audit trail."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from confide.audit.actor import Actor
from confide.audit.log import record_many
from confide.audit.models import Action, AuditEvent
from confide.core.doors import STAFF, page_actor, role_required, submit
from confide.practice import access
from confide.practice.actions import create_client, grant_break_glass, update_client
from confide.practice.models import Client
from confide.staff import searches
from confide.staff.forms import (
    AuditSearchForm,
    BreakGlassForm,
    ClientForm,
    ClientSearchForm,
    NewClientForm,
)
from confide.staff.panels import client_panels

PAGE_SIZE = 50


@role_required(*STAFF)
def dashboard(request: HttpRequest) -> HttpResponse:
    clients = Client.objects.visible_to(request.user)
    context = {
        "role": access.role_of(request.user),
        "client_count": clients.count(),
        "active_count": clients.filter(status="active").count(),
        "waiting_count": clients.filter(status="waiting").count(),
    }
    return render(request, "staff/dashboard.html", context)


@role_required(*STAFF)
def client_list(request: HttpRequest) -> HttpResponse:
    """The clients one may see, searched by name: the search is POSTed and saved (searches.py),
    so the results' address (`?search=<key>`) never holds the name."""
    status = 200
    if request.method == "POST" or "q" in request.GET:
        form = ClientSearchForm(request.POST if request.method == "POST" else request.GET)
        if form.is_valid():
            found = f"{reverse('staff:clients')}?search={searches.remember(form.cleaned_data)}"
            return redirect(found)
        status = 422
        criteria: dict[str, str] = {}
    else:
        key = request.GET.get("search", "")
        criteria = (searches.recall(key) or {}) if key else {}
        if key and not criteria:
            messages.info(request, "That search has expired: search again.")
        form = ClientSearchForm(criteria or None)
        form.is_valid()
    clients = Client.objects.visible_to(request.user).prefetch_related("assignments__clinician")
    if q := (criteria.get("q") or "").strip():
        clients = clients.filter(
            Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(preferred_name__icontains=q)
        )
    if status_filter := criteria.get("status"):
        clients = clients.filter(status=status_filter)
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    # A list of names is a look at each of those records: one audit row each, one query.
    record_many(Action.READ, list(page), actor=page_actor(request), client_of=lambda c: c.pk)
    context = {
        "form": form,
        "page": page,
        "may_create": access.may_create_clients(request.user),
        "show_contact": access.role_of(request.user) in ("admin", "intake"),
    }
    return render(request, "staff/client_list.html", context, status=status)


def _detail_context(
    actor: Actor, client: Client, break_glass_form: BreakGlassForm | None = None
) -> dict:
    clinical = access.may_read_clinical(actor.user, client)
    return {
        "client": client,
        "panels": client_panels(actor, client, clinical),
        "clinicians": [a.clinician for a in client.assignments.select_related("clinician")],
        "clinical": clinical,
        "assessments": client.assessments.all()[:20] if clinical else [],
        "may_break_glass": access.may_break_glass(actor.user) and not clinical,
        "break_glass_form": break_glass_form or BreakGlassForm(),
    }


@role_required(*STAFF)
def client_detail(request: HttpRequest, client_id: str) -> HttpResponse:
    actor = page_actor(request)
    client = access.client_for(actor, client_id)
    return render(request, "staff/client_detail.html", _detail_context(actor, client))


@role_required(*STAFF)
def client_edit(request: HttpRequest, client_id: str) -> HttpResponse:
    actor = page_actor(request)
    client = access.client_for(actor, client_id)
    form = ClientForm(request.POST or None, instance=Client.objects.get(pk=client.pk))
    done = submit(request, form, lambda data: update_client(actor, client, data))
    if done.ok:
        messages.success(request, "Saved.")
        return redirect("staff:client", client_id=client.pk)
    context = {"form": form, "client": client}
    return render(request, "staff/client_form.html", context, status=done.status)


@role_required("admin", "intake")
def client_new(request: HttpRequest) -> HttpResponse:
    actor = page_actor(request)
    form = NewClientForm(request.POST or None)

    def create(data: dict) -> Client:
        clinician = data.get("clinician")
        return create_client(actor, data, clinicians=[clinician] if clinician else [])

    done = submit(request, form, create)
    if done.ok and done.value is not None:
        messages.success(request, f"{done.value.full_name} added.")
        return redirect("staff:client", client_id=done.value.pk)
    context = {"form": form, "client": None}
    return render(request, "staff/client_form.html", context, status=done.status)


@require_POST
@role_required("admin")
def break_glass(request: HttpRequest, client_id: str) -> HttpResponse:
    actor = page_actor(request)
    client = access.client_for(actor, client_id)
    form = BreakGlassForm(request.POST)
    done = submit(request, form, lambda data: grant_break_glass(actor, client, data["reason"]))
    if not done.ok:
        context = _detail_context(actor, client, form)
        return render(request, "staff/client_detail.html", context, status=done.status)
    messages.warning(request, "Break-glass access granted for one hour. This is logged.")
    return redirect("staff:client", client_id=client.pk)


@role_required("admin")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    events = AuditEvent.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            events = events.filter(actor_username__iexact=data["actor"])
        if data["client"]:
            events = events.filter(client_id=data["client"])
        if data["action"]:
            events = events.filter(action=data["action"])
        tz = timezone.get_current_timezone()
        if data["since"]:
            events = events.filter(at__gte=datetime.combine(data["since"], time.min, tz))
        if data["until"]:
            events = events.filter(at__lte=datetime.combine(data["until"], time.max, tz))
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "staff/audit_log.html", {"form": form, "page": page})
