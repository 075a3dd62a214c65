"""The client portal: a client's own appointments, questionnaires and progress."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from confide.audit.log import record
from confide.audit.models import Action
from confide.core.doors import page_actor, role_required
from confide.practice.models import Client
from confide.staff.panels import portal_panels


def portal_client(request: HttpRequest) -> Client:
    """The signed-in client's own record (the only one the portal ever shows)."""
    client = Client.objects.visible_to(request.user).first()
    if client is None:
        raise Http404("No client record is linked to this account.")
    return client


@role_required("client")
def home(request: HttpRequest) -> HttpResponse:
    actor = page_actor(request)
    client = portal_client(request)
    record(Action.READ, actor=actor, obj=client, client_id=client.pk)
    context = {"client": client, "panels": portal_panels(actor, client)}
    return render(request, "portal/home.html", context)
