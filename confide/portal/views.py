"""The client portal: a client's own appointments, questionnaires and progress."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from confide.audit.log import record
from confide.audit.models import Action
from confide.core.doors import page_actor, role_required
from confide.practice import access
from confide.staff.panels import portal_panels


@role_required("client")
def home(request: HttpRequest) -> HttpResponse:
    actor = page_actor(request)
    client = access.own_client(actor)
    record(Action.READ, actor=actor, obj=client, client_id=client.pk)
    context = {"client": client, "panels": portal_panels(actor, client)}
    return render(request, "portal/home.html", context)
