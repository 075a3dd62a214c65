"""The text-message doors: the provider's webhook, the client's choice in the portal, the
staff's record of a consent given on paper, and the texts people sent to the practice."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from confide.audit.actor import Actor, Via
from confide.audit.log import record, record_many
from confide.audit.models import Action
from confide.core.doors import STAFF, page_actor, role_required
from confide.notify import actions, sms
from confide.notify.models import InboundText
from confide.practice import access
from confide.practice.models import Client


def _twiml(reply: str) -> HttpResponse:
    from twilio.twiml.messaging_response import MessagingResponse

    response = MessagingResponse()
    if reply:
        response.message(reply)
    return HttpResponse(str(response), content_type="text/xml")


@csrf_exempt
@require_POST
def inbound(request: HttpRequest) -> HttpResponse:
    """A text sent to the practice's number, as the provider posts it (Twilio's format). Only a
    correctly signed request is read; the reply goes back in the response (TwiML)."""
    if not sms.configured():
        raise Http404("No text-message provider is configured.")
    url = settings.CONFIDE_SMS_WEBHOOK_URL or request.build_absolute_uri()
    if not sms.backend().verify(request, url):
        return HttpResponse("The request signature is not valid.", status=403)
    sender = request.POST.get("From", "")
    if not sms.normalise(sender):
        return HttpResponse("From: not a valid phone number.", status=400)
    inbound = sms.Inbound(
        sender=sender,
        body=request.POST.get("Body", ""),
        provider_id=request.POST.get("MessageSid", "")[:64],
        opt_out_type=request.POST.get("OptOutType", ""),
    )
    reply = actions.receive_text(Actor.from_request(request, Via.WEBHOOK), inbound)
    return _twiml(reply)


def _own_client(request: HttpRequest, client_id: Any) -> Client:
    client = access.visible_client(page_actor(request), client_id)
    if not access.may_manage_texts(request.user, client):
        raise PermissionDenied("You cannot change this client's texts.")
    return client


def _set_consent(request: HttpRequest, client: Client, source: str) -> None:
    actor = page_actor(request)
    try:
        if request.POST.get("texts") == "on":
            actions.record_text_consent(actor, client.phone, client_id=client.pk, source=source)
            messages.success(request, "Texts are on.")
        else:
            actions.withdraw_text_consent(actor, client.phone, client_id=client.pk)
            messages.success(request, "Texts are off.")
    except ValidationError:
        messages.error(request, "There is no valid mobile number on file to text.")


@require_POST
@role_required(*access.PORTAL_PARTIES)
def portal_choice(request: HttpRequest) -> HttpResponse:
    """The client turns texts on or off for the mobile number on file."""
    client = _own_client(request, request.POST.get("client"))
    _set_consent(request, client, "portal")
    return redirect("portal:home")


@require_POST
@role_required(*STAFF)
def staff_record(request: HttpRequest, client_id: Any) -> HttpResponse:
    """Staff record a consent the client gave in writing or in person (or its withdrawal)."""
    client = _own_client(request, client_id)
    _set_consent(request, client, "staff")
    return redirect("staff:client", client_id=client.pk)


def _visible_texts(request: HttpRequest) -> Any:
    texts = InboundText.objects.filter(keyword="")
    return access.visible_inbound_texts(texts, request.user)


@role_required(*STAFF)
def texts(request: HttpRequest) -> HttpResponse:
    """Texts people sent to the practice's number that you are the one to read: those that may
    signal risk first, then those not yet handled."""
    found = list(_visible_texts(request).order_by("handled_at", "-risk", "-received_at")[:100])
    actor = page_actor(request)
    record_many(Action.READ, found, actor=actor, client_of=lambda t: t.client_id)
    names = dict(
        Client.objects.filter(pk__in={t.client_id for t in found if t.client_id}).values_list(
            "pk", "first_name"
        )
    )
    for text in found:
        text.client_name = names.get(text.client_id, "")
    return render(request, "notify/texts.html", {"texts": found})


@role_required(*STAFF)
def text_detail(request: HttpRequest, text_id: Any) -> HttpResponse:
    try:
        text = _visible_texts(request).get(pk=text_id)
    except (InboundText.DoesNotExist, ValidationError, ValueError):
        raise Http404("No such text.") from None
    actor = page_actor(request)
    if request.method == "POST":
        actions.mark_text_handled(actor, text)
        messages.success(request, "Marked as handled.")
        return redirect("texts:list")
    record(Action.READ, actor=actor, obj=text, client_id=text.client_id)
    client = Client.objects.filter(pk=text.client_id).first() if text.client_id else None
    return render(request, "notify/text_detail.html", {"text": text, "client": client})
