"""The IPT workspace for one client: inventory and circle, timeline, formulation, plan, notes.

Every view gets the client through actions.clinical_client (404 not yours, 403 not clinical),
and every record shown is audited as a read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from confide.audit.models import Action
from confide.core.doors import (
    STAFF,
    page_actor,
    role_required,
    run_action,
    run_with_message,
    submit,
)
from confide.ipt import actions, drawing, modalities, problem_areas, safety
from confide.ipt.forms import (
    AcceptForm,
    AddendumForm,
    AdjunctForm,
    EventForm,
    FormulationForm,
    GoalForm,
    NoteForm,
    PersonForm,
    PlanSettingsForm,
)
from confide.ipt.models import PROGRESS_LABELS, Adjunct, Decision, Goal, LifeEvent, Note, Person


def _apply(form: BaseForm, change: Callable[[], Any]) -> Any:
    """Run a domain change through the page door; its value, or None with the form's errors."""
    return run_action(form, change).value


def circle_svg(people: list[Person]) -> str:
    return drawing.closeness_circle(
        [drawing.CirclePerson(p.name, p.get_relationship_display(), p.ring, p.mark) for p in people]
    )


def timeline_points(events: list[LifeEvent]) -> list[drawing.TimelinePoint]:
    return [
        drawing.TimelinePoint(i, e.on, e.description or e.get_kind_display(), e.is_symptom)
        for i, e in enumerate(events, start=1)
    ]


@role_required(*STAFF)
def workspace(request: HttpRequest, client_id: str) -> HttpResponse:
    actor = page_actor(request)
    client = actions.clinical_client(actor, client_id)
    people = list(client.ipt_people.all())
    events = list(client.ipt_events.all())
    formulation = actions.current_formulation(client)
    notes = list(client.ipt_notes.select_related("author"))
    actions.audit_reads(actor, [*people, *events, *([formulation] if formulation else [])], client)
    points = timeline_points(events)
    course = actions.course_for(client)
    context = {
        "client": client,
        "people": people,
        "events": list(zip(points, events, strict=True)),
        "circle": mark_safe(circle_svg(people)),  # noqa: S308 - built with html.escape
        "timeline": mark_safe(drawing.timeline(points)),  # noqa: S308 - built with html.escape
        "onset": actions.onset_of(events),
        "suggested_areas": actions.area_suggestions(client),
        "formulation": formulation,
        "notes": notes,
        "course": course,
        "safety": safety.panel(request.user, client, course),
        "person_form": PersonForm(),
        "event_form": EventForm(),
    }
    return render(request, "ipt/workspace.html", context)


@role_required(*STAFF)
def person_edit(request: HttpRequest, client_id: str, person_id: str | None = None) -> HttpResponse:
    actor = page_actor(request)
    client = actions.clinical_client(actor, client_id)
    person = get_object_or_404(Person, pk=person_id, client=client) if person_id else None
    if person is not None:
        actions.audit_reads(actor, [person], client)
    form = PersonForm(request.POST or None, instance=person)
    done = submit(request, form, lambda data: actions.save_person(actor, client, data, person))
    if done.ok:
        messages.success(request, "Saved to the inventory.")
        return redirect("ipt:workspace", client_id=client.pk)
    return render(
        request,
        "ipt/person_form.html",
        {"client": client, "form": form, "person": person},
        status=done.status,
    )


@require_POST
@role_required(*STAFF)
def person_delete(request: HttpRequest, client_id: str, person_id: str) -> HttpResponse:
    actor = page_actor(request)
    client = actions.clinical_client(actor, client_id, action=Action.UPDATE)
    actions.delete_person(actor, client, get_object_or_404(Person, pk=person_id, client=client))
    messages.success(request, "Removed from the inventory.")
    return redirect("ipt:workspace", client_id=client.pk)


@role_required(*STAFF)
def event_new(request: HttpRequest, client_id: str) -> HttpResponse:
    actor = page_actor(request)
    client = actions.clinical_client(actor, client_id)
    form = EventForm(request.POST or None)
    done = submit(request, form, lambda data: actions.add_event(actor, client, data))
    if done.ok:
        messages.success(request, "Added to the timeline.")
        return redirect("ipt:workspace", client_id=client.pk)
    context = {"client": client, "form": form}
    return render(request, "ipt/event_form.html", context, status=done.status)


@require_POST
@role_required(*STAFF)
def event_delete(request: HttpRequest, client_id: str, event_id: str) -> HttpResponse:
    actor = page_actor(request)
    client = actions.clinical_client(actor, client_id, action=Action.UPDATE)
    actions.delete_event(actor, client, get_object_or_404(LifeEvent, pk=event_id, client=client))
    messages.success(request, "Removed from the timeline.")
    return redirect("ipt:workspace", client_id=client.pk)


@role_required(*STAFF)
def formulation(request: HttpRequest, client_id: str) -> HttpResponse:
    actor = page_actor(request)
    client = actions.clinical_client(actor, client_id)
    versions = list(client.ipt_formulations.select_related("created_by", "accepted_by"))
    current = versions[0] if versions else None
    actions.audit_reads(actor, versions, client)
    population = actions.population_of(client)
    suggested = actions.area_suggestions(client)
    if current is not None:
        initial = {
            k: getattr(current, k)
            for k in ("areas", "dispute_stage", "text", "focus", "course", "sessions", "weeks")
        }
    else:
        initial = {
            "areas": [s.area for s in suggested[:1]],
            "dispute_stage": next((s.stage_hint for s in suggested if s.stage_hint), ""),
            "course": "ipt_a" if population == "adolescents" else "standard",
            "sessions": 12,
            "weeks": 14,
        }
    form = FormulationForm(request.POST or None, initial=initial, population=population)
    accept_form = AcceptForm(initial={"accepted_on": timezone.localdate()})
    done = submit(request, form, lambda data: actions.save_formulation(actor, client, data))
    if done.ok:
        messages.success(request, "Formulation saved.")
        return redirect("ipt:formulation", client_id=client.pk)
    status = done.status
    context = {
        "client": client,
        "form": form,
        "accept_form": accept_form,
        "current": current,
        "versions": versions,
        "suggested_areas": suggested,
        "safety": safety.panel(request.user, client, actions.course_for(client)),
    }
    return render(request, "ipt/formulation.html", context, status=status)


@require_POST
@role_required(*STAFF)
def formulation_accept(request: HttpRequest, client_id: str) -> HttpResponse:
    actor = page_actor(request)
    client = actions.clinical_client(actor, client_id, action=Action.UPDATE)
    current = actions.current_formulation(client)
    form = AcceptForm(request.POST)
    if current is not None and form.is_valid():
        on = form.cleaned_data["accepted_on"]
        if _apply(form, lambda: actions.accept_formulation(actor, client, current, on)):
            messages.success(request, "Accepted: this is now the treatment contract.")
            return redirect("ipt:plan", client_id=client.pk)
    problems = "; ".join(str(m) for errs in form.errors.values() for m in errs)
    problems = problems or "Nothing to accept."
    messages.error(request, f"Not accepted: {problems}")
    return redirect("ipt:formulation", client_id=client.pk)


@role_required(*STAFF)
def plan(request: HttpRequest, client_id: str) -> HttpResponse:
    actor = page_actor(request)
    client = actions.clinical_client(actor, client_id)
    the_plan = actions.plan_of(client)
    contract = actions.accepted_formulation(client)
    goals = list(the_plan.goals.all())
    decided = {
        a.modality: a for a in Adjunct.objects.filter(plan=the_plan).select_related("decided_by")
    }
    actions.audit_reads(actor, [*goals, *decided.values()], client)
    settings_form = PlanSettingsForm(
        request.POST if request.POST.get("form") == "settings" else None,
        initial={"indicators": the_plan.indicators, "professional": the_plan.professional},
    )
    if settings_form.is_bound and settings_form.is_valid():
        data = settings_form.cleaned_data
        if _apply(
            settings_form,
            lambda: actions.save_plan_settings(
                actor, client, professional=data["professional"], indicators=data["indicators"]
            ),
        ):
            messages.success(request, "Suggestions updated.")
            return redirect("ipt:plan", client_id=client.pk)
    profile, suggestions = actions.modality_suggestions(client)
    rows = [
        {
            "s": s,
            "decision": decided.get(s.code),
            "form": AdjunctForm(
                initial={
                    "modality": s.code,
                    "decision": decided[s.code].decision if s.code in decided else None,
                    "reason": decided[s.code].reason if s.code in decided else "",
                },
                prefix=s.code,
            ),
        }
        for s in suggestions
    ]
    areas = contract.areas if contract else []
    course = actions.course_for(client)
    context = {
        "client": client,
        "plan": the_plan,
        "contract": contract,
        "profile": profile,
        "rows": rows,
        "rules": modalities.RULES,
        "other_decisions": [
            a for code, a in decided.items() if code not in {s.code for s in suggestions}
        ],
        "labels": modalities.LABELS,
        "goals": [
            (
                g,
                GoalForm(
                    initial={"area": g.area, "text": g.text, "progress": g.progress},
                    areas=areas or [g.area],
                    prefix=str(g.pk),
                ),
            )
            for g in goals
        ],
        "new_goal_form": GoalForm(areas=areas, prefix="new") if areas else None,
        "progress_labels": PROGRESS_LABELS,
        "settings_form": settings_form,
        "course": course,
        "safety": safety.panel(request.user, client, course),
        "area_goals": [problem_areas.AREAS[a] for a in areas],
    }
    return render(request, "ipt/plan.html", context, status=422 if settings_form.errors else 200)


@require_POST
@role_required(*STAFF)
def adjunct_decide(request: HttpRequest, client_id: str, modality: str) -> HttpResponse:
    actor = page_actor(request)
    client = actions.clinical_client(actor, client_id, action=Action.UPDATE)
    form = AdjunctForm(request.POST, prefix=modality)
    if form.is_valid() and _apply(
        form,
        lambda: actions.decide_adjunct(
            actor, client, modality, form.cleaned_data["decision"], form.cleaned_data["reason"]
        ),
    ):
        label = dict(Decision.choices)[form.cleaned_data["decision"]]
        messages.success(request, f"{modalities.LABELS.get(modality, modality)}: {label}.")
    else:
        errors = "; ".join(
            f"{form.fields[f].label if f in form.fields else f}: {' '.join(map(str, e))}"
            for f, e in form.errors.items()
        )
        messages.error(
            request, f"{modalities.LABELS.get(modality, modality)} not recorded. {errors}"
        )
    return redirect(f"/staff/ipt/{client.pk}/plan/#adjunct-{modality}")


@require_POST
@role_required(*STAFF)
def goals(request: HttpRequest, client_id: str, goal_id: str | None = None) -> HttpResponse:
    actor = page_actor(request)
    client = actions.clinical_client(actor, client_id, action=Action.UPDATE)
    contract = actions.accepted_formulation(client)
    if request.POST.get("seed"):
        run_with_message(request, lambda: actions.seed_goals(actor, client))
        return redirect("ipt:plan", client_id=client.pk)
    goal = get_object_or_404(Goal, pk=goal_id, plan__client=client) if goal_id else None
    areas = contract.areas if contract else ([goal.area] if goal else [])
    form = GoalForm(request.POST, areas=areas, prefix=str(goal.pk) if goal else "new")
    if form.is_valid() and _apply(
        form, lambda: actions.save_goal(actor, client, goal, form.cleaned_data)
    ):
        messages.success(request, "Goal saved.")
    else:
        errors = "; ".join(
            f"{form.fields[f].label if f in form.fields else f}: {' '.join(map(str, e))}"
            for f, e in form.errors.items()
        )
        messages.error(request, f"Goal not saved. {errors}")
    return redirect("ipt:plan", client_id=client.pk)


@role_required(*STAFF)
def note_edit(request: HttpRequest, client_id: str, note_id: str | None = None) -> HttpResponse:
    actor = page_actor(request)
    client = actions.clinical_client(actor, client_id)
    note = get_object_or_404(Note, pk=note_id, client=client) if note_id else None
    addenda = list(note.addenda.select_related("author")) if note else []
    if note is not None:
        actions.audit_reads(actor, [note, *addenda], client)
    course = actions.course_for(client)
    status = 200
    if note is not None and note.locked:
        form = None
    else:
        initial: dict[str, Any] = {"held_on": timezone.localdate()}
        if note is None:
            taken = set(client.ipt_notes.values_list("session", flat=True))
            initial["session"] = next((n for n in range(1, course.total + 1) if n not in taken), 1)
            if request.GET.get("session", "").isdigit():
                initial["session"] = int(request.GET["session"])
        else:
            initial = {"session": note.session, "held_on": note.held_on, "body": note.body}
        form = NoteForm(request.POST or None, initial=initial, course=course)
        done = submit(request, form, lambda data: actions.save_note(actor, client, data, note))
        if done.ok and done.value is not None:
            messages.success(request, "Note saved. Sign it when it is final.")
            return redirect("ipt:note", client_id=client.pk, note_id=done.value.pk)
        status = done.status
    number = int(note.session if note else (form.initial.get("session") or 1) if form else 1)
    if form is not None and form.is_bound and form.is_valid():
        number = int(form.cleaned_data["session"])
    template = course.sessions[min(max(number, 1), course.total) - 1]
    context = {
        "client": client,
        "note": note,
        "form": form,
        "addenda": addenda,
        "template": template,
        "course": course,
        "safety": safety.panel(request.user, client, course),
        "addendum_form": AddendumForm(),
    }
    return render(request, "ipt/note.html", context, status=status)


@require_POST
@role_required(*STAFF)
def note_sign(request: HttpRequest, client_id: str, note_id: str) -> HttpResponse:
    actor = page_actor(request)
    client = actions.clinical_client(actor, client_id, action=Action.UPDATE)
    note = get_object_or_404(Note, pk=note_id, client=client)
    if run_with_message(request, lambda: actions.sign_note(actor, client, note)).ok:
        messages.success(request, "Signed. The note is now locked; add an addendum to amend it.")
    return redirect("ipt:note", client_id=client.pk, note_id=note.pk)


@require_POST
@role_required(*STAFF)
def note_addendum(request: HttpRequest, client_id: str, note_id: str) -> HttpResponse:
    actor = page_actor(request)
    client = actions.clinical_client(actor, client_id, action=Action.UPDATE)
    note = get_object_or_404(Note, pk=note_id, client=client)
    form = AddendumForm(request.POST)
    if form.is_valid() and _apply(
        form, lambda: actions.add_addendum(actor, client, note, form.cleaned_data["body"])
    ):
        messages.success(request, "Addendum added.")
    else:
        messages.error(request, "Addendum: write the addendum.")
    return redirect("ipt:note", client_id=client.pk, note_id=note.pk)
