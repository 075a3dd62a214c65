"""The one-time questionnaire link at /m/: no login, the public check's question renderer.

The token is looked up by its hash; an unknown, used or expired link all get the same page.
A positive safety answer shows crisis help first on the page that comes back, and opens a
risk alert for the clinician (as a stored questionnaire from any source does).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from confide.audit.log import record
from confide.audit.models import Action
from confide.core.doors import page_actor, role_required
from confide.outcomes import actions
from confide.outcomes.links import link_for_token
from confide.outcomes.models import MeasureLink
from confide.screening.forms import InstrumentForm, item_field_name


def _no_referrer(response: HttpResponse) -> HttpResponse:
    # The token is in the address: never send it on to another site.
    response["Referrer-Policy"] = "no-referrer"
    return response


def _risk_answered(forms: list[InstrumentForm]) -> bool:
    """Whether any submitted safety answer is positive, even if other answers are missing."""
    for form in forms:
        for item in form.instrument.items + form.instrument.extra_items:
            if not item.safety:
                continue
            raw = form.data.get(form.add_prefix(item_field_name(item)))
            if raw is None:
                raw = form.data.get(form.add_prefix(f"extra_{item.key}"))
            try:
                position = int(str(raw))
            except (TypeError, ValueError):
                continue
            if 0 <= position < len(item.options) and item.is_safety_positive(
                item.options[position].value
            ):
                return True
    return False


def _handle(request: HttpRequest, link: MeasureLink, action_url: str) -> HttpResponse:
    instruments = actions.link_instruments(link)
    data = request.POST if request.method == "POST" else None
    forms = [InstrumentForm(i, data) for i in instruments]
    context: dict[str, Any] = {"forms": forms, "action_url": action_url, "link": link}
    if request.method == "POST":
        if all(f.is_valid() for f in forms):
            answers = {f.instrument.code: (list(f.responses()), f.extras()) for f in forms}
            try:
                stored = actions.complete_link(page_actor(request), link, answers)
            except ValidationError:
                return _gone(request)
            risk = any(a.risk for a in stored)
            return _no_referrer(
                render(request, "outcomes/link_done.html", {"risk": risk, "stored": stored})
            )
        context["risk"] = _risk_answered(forms)
        return _no_referrer(render(request, "outcomes/link_form.html", context, status=422))
    record(Action.READ, actor=page_actor(request), obj=link, client_id=link.client_id)
    return _no_referrer(render(request, "outcomes/link_form.html", context))


def _gone(request: HttpRequest) -> HttpResponse:
    return _no_referrer(render(request, "outcomes/link_gone.html", status=410))


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    link = link_for_token(token)
    if link is None:
        return _gone(request)
    return _handle(request, link, request.path)


@never_cache
@role_required("client")
def answer_signed_in(request: HttpRequest, link_id: Any) -> HttpResponse:
    """The same questionnaires from the portal, for the signed-in client: no token needed."""
    link = (
        MeasureLink.objects.pending()
        .select_related("client")
        .filter(pk=link_id, client__user=request.user)
        .first()
    )
    if link is None:
        raise Http404("No such questionnaire.")
    return _handle(request, link, request.path)
