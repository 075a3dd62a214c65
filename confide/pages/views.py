"""The practice's public pages: home, IPT, approaches, clinicians, locations, ask our experts."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from confide.core.doors import page_actor
from confide.core.ratelimit import rate_limited
from confide.pages.actions import submit_question
from confide.pages.forms import DirectoryFilterForm, ExpertQuestionForm
from confide.pages.models import ROUTED_PAGES, Page
from confide.practice.models import Clinician, Location

logger = logging.getLogger(__name__)

# A person may send a few questions (or fix a few mistakes) an hour; more looks like abuse.
ASK_LIMIT = 10
ASK_WINDOW_SECONDS = 60 * 60


def _published(slug: str) -> Page:
    return get_object_or_404(Page.objects.published(), slug=slug)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # The front door never 404s: without its page row it still offers the check and contacts.
    page = Page.objects.published().filter(slug="home").first()
    return render(request, "pages/home.html", {"page": page})


@require_GET
def ipt(request: HttpRequest) -> HttpResponse:
    page = _published("ipt")
    who = Page.objects.published().filter(slug="who-we-help").first()
    return render(request, "pages/ipt.html", {"page": page, "who": who})


@require_GET
def approaches(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/page.html", {"page": _published("approaches")})


@require_GET
def page(request: HttpRequest, slug: str) -> HttpResponse:
    """Any other page the admin publishes; the routed ones redirect to their own address."""
    if slug in ROUTED_PAGES:
        _published(slug)
        return redirect(ROUTED_PAGES[slug], permanent=True)
    return render(request, "pages/page.html", {"page": _published(slug)})


@require_GET
def clinicians(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    # with_profile() prefetches every tag, so the query count does not grow with the list.
    found = list(form.filter(Clinician.objects.active().with_profile()))
    context = {"form": form, "clinicians": found}
    return render(request, "pages/clinicians.html", context, status=200 if valid else 400)


@require_GET
def clinician(request: HttpRequest, id: str) -> HttpResponse:
    person = get_object_or_404(Clinician.objects.active().with_profile(), pk=id)
    return render(request, "pages/clinician.html", {"clinician": person})


@require_GET
def locations(request: HttpRequest) -> HttpResponse:
    places = Location.objects.prefetch_related("opening_hours")
    return render(request, "pages/locations.html", {"locations": places})


@require_http_methods(["GET", "POST"])
@rate_limited("ask", ASK_LIMIT, ASK_WINDOW_SECONDS)
def ask(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "pages/ask.html", {"form": ExpertQuestionForm()})
    form = ExpertQuestionForm(request.POST)
    if form.is_robot:
        # Look the same as success, so a robot learns nothing; store nothing.
        logger.info("Expert question form: honeypot filled, discarded")
        return redirect("pages:ask_sent")
    if not form.is_valid():
        return render(request, "pages/ask.html", {"form": form}, status=422)
    submit_question(page_actor(request), form.cleaned_data)
    return redirect("pages:ask_sent")


@require_GET
def ask_sent(request: HttpRequest) -> HttpResponse:
    reply_days = settings.CONFIDE_EXPERT_REPLY_DAYS
    return render(request, "pages/ask_sent.html", {"reply_days": reply_days})
