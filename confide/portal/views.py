"""The client portal: a client's own record, or a guardian's view of their minor's, and the
downloads of that record (HIPAA right of access).

What each viewer sees is decided in practice/access.py; every look and download is audited.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action
from confide.core.doors import page_actor, role_required
from confide.interop.patient_access import own_record_bundle
from confide.portal.record import Scope, own_record_pdf
from confide.practice import access
from confide.practice.models import Client
from confide.staff.panels import portal_panels

PORTAL_ROLES = ("client", "guardian")


def _choices(actor: Actor) -> list[Client]:
    return list(access.portal_clients(actor.user).order_by("first_name", "last_name"))


def _page(
    request: HttpRequest, actor: Actor, client: Client, choices: list[Client]
) -> HttpResponse:
    record(Action.READ, actor=actor, obj=client, client_id=client.pk)
    context = {
        "client": client,
        "own": access.is_own_record(actor.user, client),
        "choices": choices,
        "panels": portal_panels(actor, client),
    }
    return render(request, "portal/home.html", context)


@role_required(*PORTAL_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    actor = page_actor(request)
    clients = _choices(actor)
    if not clients:
        raise Http404("No client record is linked to this account.")
    if len(clients) == 1:
        return _page(request, actor, clients[0], clients)
    return render(request, "portal/choose.html", {"clients": clients})


@role_required(*PORTAL_ROLES)
def for_client(request: HttpRequest, client_id: Any) -> HttpResponse:
    actor = page_actor(request)
    client = access.portal_client(actor, client_id)
    return _page(request, actor, client, _choices(actor))


def _scope(actor: Actor, client: Client) -> Scope:
    user = actor.user
    who = "the client" if access.is_own_record(user, client) else "a parent or guardian"
    return Scope(
        answers=access.may_see_answers(user, client),
        plan=access.may_see_plan(user, client),
        prepared_for=f"{user.get_full_name() or user.get_username()} ({who})",
    )


def _download(body: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _own_record(actor: Actor, client_id: Any) -> Client:
    client = access.portal_client(actor, client_id)
    if not access.may_download_record(actor.user, client):
        raise Http404("No such record.")
    return client


@role_required(*PORTAL_ROLES)
def record_pdf(request: HttpRequest, client_id: Any) -> HttpResponse:
    actor = page_actor(request)
    client = _own_record(actor, client_id)
    body = own_record_pdf(client, _scope(actor, client))
    record(
        Action.EXPORT,
        actor=actor,
        obj=client,
        client_id=client.pk,
        detail="Own record downloaded from the portal (PDF)",
    )
    return _download(body, "my-record.pdf", "application/pdf")


@role_required(*PORTAL_ROLES)
def record_fhir(request: HttpRequest, client_id: Any) -> HttpResponse:
    actor = page_actor(request)
    client = _own_record(actor, client_id)
    scope = _scope(actor, client)
    bundle = own_record_bundle(client, answers=scope.answers, plan=scope.plan)
    record(
        Action.EXPORT,
        actor=actor,
        obj=client,
        client_id=client.pk,
        detail="Own record downloaded from the portal (FHIR Bundle)",
    )
    body = json.dumps(bundle, indent=2).encode()
    return _download(body, "my-record.fhir.json", "application/fhir+json")
