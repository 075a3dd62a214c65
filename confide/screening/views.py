"""The public symptom check: nothing is stored unless the person asks; answers travel only in
POST bodies (never URLs), are scored by the one engine, and any risk answer shows crisis help."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from confide.assessments import catalog
from confide.assessments.actions import score_responses
from confide.core.doors import page_actor
from confide.instruments import Instrument
from confide.screening.actions import count_results, keep_screening
from confide.screening.forms import InstrumentForm, StartForm
from confide.screening.plan import AUDIENCES, Audience, instruments_for
from confide.screening.report import Report, ScoredInstrument, build_report


@dataclass
class Flow:
    """The state of one person's check, rebuilt from each POST body."""

    start: StartForm
    audience: Audience
    instruments: list[Instrument]
    pages: list[list[Instrument]]

    @property
    def hidden_start(self) -> list[tuple[str, object]]:
        data = self.start.cleaned_data
        pairs: list[tuple[str, object]] = [
            ("audience", data["audience"]),
            ("layout", data["layout"]),
        ]
        if data["loneliness"]:
            pairs.append(("loneliness", "on"))
        return pairs

    @property
    def note(self) -> str:
        codes = {i.code for i in self.instruments}
        if self.audience.licensed and self.audience.licensed not in codes:
            return self.audience.note_without_licensed
        return ""


def _flow(request: HttpRequest) -> Flow | None:
    start = StartForm(request.POST)
    if not start.is_valid():
        return None
    audience = AUDIENCES[start.cleaned_data["audience"]]
    available = {i.code for i in catalog.all_instruments() if i.available}
    codes = instruments_for(
        audience, loneliness=start.cleaned_data["loneliness"], available=available
    )
    defs = [catalog.get_instrument(code) for code in codes]
    pages = [defs] if start.cleaned_data["layout"] == "single" else [[d] for d in defs]
    return Flow(start=start, audience=audience, instruments=defs, pages=pages)


def _risk_answered(request: HttpRequest, instruments: list[Instrument]) -> bool:
    """True when any safety item in the submitted body holds a positive answer.

    Read straight from the body, valid or not, so that crisis help shows even on a page that
    comes back with errors.
    """
    for instrument in instruments:
        for item in instrument.items + tuple(instrument.extra_items):
            if not item.safety:
                continue
            names = (f"{instrument.code}-item_{item.number}", f"{instrument.code}-extra_{item.key}")
            for name in names:
                raw = request.POST.get(name, "")
                if (
                    raw.isdigit()
                    and int(raw) < len(item.options)
                    and item.is_safety_positive(item.options[int(raw)].value)
                ):
                    return True
    return False


@require_GET
@never_cache
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "screening/start.html", {"form": StartForm()})


@require_POST
@never_cache
def questions(request: HttpRequest) -> HttpResponse:
    flow = _flow(request)
    if flow is None:
        form = StartForm(request.POST)
        return render(request, "screening/start.html", {"form": form}, status=422)

    try:
        step = int(request.POST.get("step", "0"))
    except ValueError:
        step = 0
    step = max(0, min(step, len(flow.pages) - 1))
    answering = request.POST.get("action") == "answer"

    done = [InstrumentForm(d, data=request.POST) for page in flow.pages[:step] for d in page]
    if not all(f.is_valid() for f in done):
        # Carried answers that no longer validate were tampered with: start again.
        return redirect("screening:start")

    current = [
        InstrumentForm(d, data=request.POST if answering else None) for d in flow.pages[step]
    ]
    if answering and all(f.is_valid() for f in current):
        done += current
        if step + 1 == len(flow.pages):
            return _result(request, flow, done)
        step += 1
        current = [InstrumentForm(d) for d in flow.pages[step]]

    errors = any(f.is_bound and f.errors for f in current)
    context = {
        "flow": flow,
        "step": step,
        "page_count": len(flow.pages),
        "forms": current,
        "carried": [pair for f in done for pair in f.hidden_inputs()],
        "risk": _risk_answered(request, flow.instruments),
    }
    return render(request, "screening/questions.html", context, status=422 if errors else 200)


def _score_all(forms: list[InstrumentForm]) -> Report:
    return build_report(
        [
            ScoredInstrument(f.instrument, score_responses(f.instrument, f.responses(), f.extras()))
            for f in forms
        ]
    )


def _result(request: HttpRequest, flow: Flow, forms: list[InstrumentForm]) -> HttpResponse:
    report = _score_all(forms)
    count_results((scored.instrument, scored.result) for scored in report.scored)
    context = {
        "flow": flow,
        "report": report,
        "carried": [pair for f in forms for pair in f.hidden_inputs()],
        "kept_days": settings.CONFIDE_KEPT_RESULT_DAYS,
        "taken_on": timezone.localdate(),
    }
    return render(request, "screening/result.html", context)


@require_POST
@never_cache
def keep(request: HttpRequest) -> HttpResponse:
    """Store the result under a one-time code the person can give with a consultation request."""
    flow = _flow(request)
    if flow is None:
        return redirect("screening:start")
    forms = [InstrumentForm(d, data=request.POST) for d in flow.instruments]
    if not all(f.is_valid() for f in forms):
        return redirect("screening:start")
    report = _score_all(forms)
    code, kept = keep_screening(
        page_actor(request),
        flow.audience.slug,
        [(f.instrument, f.responses(), f.extras()) for f in forms],
    )
    context = {"code": code, "kept": kept, "report": report}
    return render(request, "screening/kept.html", context)
