"""Every change to a client's IPT record, and the clinical-access gate for reading it.

Pages and the API both call these, so the access check and the audit row happen the same way
whichever door is used. Audit rows name the record, never its content.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import wraps
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from confide.audit.actor import Actor
from confide.audit.log import record, record_many
from confide.audit.models import Action
from confide.ipt import course as course_mod
from confide.ipt import modalities, problem_areas, signals
from confide.ipt.models import (
    Addendum,
    Adjunct,
    Decision,
    Formulation,
    Goal,
    LifeEvent,
    Note,
    Person,
    Plan,
)
from confide.practice import access
from confide.practice.models import Client

SCORED = ("phq9", "gad7", "pcl5", "ucla3")


# --- access -----------------------------------------------------------------------------


def clinical_client(actor: Actor, client_id: Any, *, action: str = Action.READ) -> Client:
    """The client, if this actor may read their IPT record (see access.clinical_client_for)."""
    return access.clinical_client_for(actor, client_id, action=action, what="The IPT record")


def audit_reads(actor: Actor, objects: Sequence[Any], client: Client) -> None:
    if objects:
        record_many(Action.READ, list(objects), actor=actor, client_of=lambda o: client.pk)


def _audit(actor: Actor, action: str, obj: Any, client: Client) -> None:
    record(action, actor=actor, obj=obj, client_id=client.pk)


F = TypeVar("F", bound=Callable[..., Any])


def clinical_change(change: F) -> F:
    """Every change to the IPT record checks, whichever door called it, that the actor may
    work on this client's clinical record; the change runs in one transaction."""

    @wraps(change)
    def checked(actor: Actor, client: Client, *args: Any, **kwargs: Any) -> Any:
        access.require_clinical(actor, client, "The IPT record")
        return change(actor, client, *args, **kwargs)

    return cast(F, transaction.atomic(checked))


# --- what the record says -----------------------------------------------------------------


def population_of(client: Client, plan: Plan | None = None) -> str:
    """children, adolescents, perinatal, professionals or adults."""
    base = client.population
    if base != "adults":
        return base
    if client.perinatal:
        return "perinatal"
    if plan is not None and plan.professional:
        return "professionals"
    return "adults"


def latest_scores(client: Client) -> dict[str, int | None]:
    """The latest scorable total per instrument IPT planning uses, from the Assessments."""
    scores: dict[str, int | None] = {}
    rows = client.assessments.filter(instrument__in=SCORED, scorable=True).order_by("-taken_at")
    for code, total in rows.values_list("instrument", "total"):
        scores.setdefault(code, total)
    return scores


def current_formulation(client: Client) -> Formulation | None:
    return client.ipt_formulations.order_by("-version").first()


def accepted_formulation(client: Client) -> Formulation | None:
    return client.ipt_formulations.filter(accepted_on__isnull=False).order_by("-version").first()


def onset_of(events: Sequence[LifeEvent]) -> date | None:
    onsets = [e.on for e in events if e.kind == "onset"]
    return min(onsets) if onsets else None


def area_suggestions(client: Client) -> list[problem_areas.Suggestion]:
    people = list(client.ipt_people.all())
    events = list(client.ipt_events.all())
    scores = latest_scores(client)
    return problem_areas.suggest_areas(
        [
            problem_areas.Person(
                label=p.name,
                relationship=p.get_relationship_display().lower(),
                ring=p.ring,
                conflict=p.conflict,
                resolved={"yes": True, "no": False}.get(p.conflict_resolved),
                reciprocal={"yes": True, "no": False}.get(p.reciprocal),
                recent_change=p.recent_change,
                supportive=p.supportive,
            )
            for p in people
        ],
        [problem_areas.Event(e.kind, e.on, e.description) for e in events if not e.is_symptom],
        onset_of(events),
        population=client.population,
        lonely=(scores.get("ucla3") or 0) >= 6,
    )


def modality_suggestions(client: Client) -> tuple[modalities.Profile, list[Any]]:
    from confide.assessments.catalog import cutoffs

    plan = Plan.objects.filter(client=client).first()
    formulation = accepted_formulation(client) or current_formulation(client)
    profile = modalities.Profile(
        population=population_of(client, plan),
        scores=latest_scores(client),
        areas=frozenset(formulation.areas if formulation else ()),
        indicators=frozenset(plan.indicators if plan else ()),
        pcl5_cutoff=cutoffs().get("pcl5"),
    )
    return profile, modalities.suggest(profile)


def course_for(client: Client) -> course_mod.Course:
    plan = Plan.objects.filter(client=client).first()
    formulation = accepted_formulation(client) or current_formulation(client)
    population = population_of(client, plan)
    if formulation is None:
        return course_mod.plan_course(population)
    total = formulation.sessions
    kind = formulation.course
    return course_mod.plan_course(
        population,
        formulation.areas,
        kind=kind,
        total=None if kind != course_mod.STANDARD else total,
    )


# --- inventory and timeline ----------------------------------------------------------------


PERSON_FIELDS = [
    "name",
    "relationship",
    "ring",
    "contact",
    "supportive",
    "satisfying",
    "unsatisfying",
    "can_talk_about",
    "cannot_talk_about",
    "conflict",
    "conflict_resolved",
    "reciprocal",
    "knows_feelings",
    "recent_change",
    "recent_change_on",
    "wants_to_change",
]


@clinical_change
def save_person(
    actor: Actor,
    client: Client,
    data: Mapping[str, Any],
    person: Person | None = None,
) -> Person:
    created = person is None
    person = person or Person(client=client)
    for name in PERSON_FIELDS:
        if name in data:
            setattr(person, name, data[name])
    person.full_clean(exclude=["client"])
    person.save()
    _audit(actor, Action.CREATE if created else Action.UPDATE, person, client)
    return person


@clinical_change
def delete_person(actor: Actor, client: Client, person: Person) -> None:
    _audit(actor, Action.DELETE, person, client)
    person.delete()


@clinical_change
def add_event(actor: Actor, client: Client, data: Mapping[str, Any]) -> LifeEvent:
    event = LifeEvent(
        client=client, **{k: data[k] for k in ("kind", "on", "description") if k in data}
    )
    event.full_clean(exclude=["client"])
    event.save()
    _audit(actor, Action.CREATE, event, client)
    return event


@clinical_change
def delete_event(actor: Actor, client: Client, event: LifeEvent) -> None:
    _audit(actor, Action.DELETE, event, client)
    event.delete()


# --- formulation -------------------------------------------------------------------------


def _check_formulation(client: Client, data: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    allowed = {a.slug for a in problem_areas.areas_for(client.population)}
    areas = list(data.get("areas") or [])
    if not areas:
        errors["areas"] = "Choose at least one problem area."
    elif bad := [a for a in areas if a not in allowed]:
        errors["areas"] = (
            f"Not a problem area for this client: {', '.join(bad)}. (Single-parent family is "
            "for adolescents only.)"
            if problem_areas.SINGLE_PARENT in bad
            else f"Unknown problem area(s): {', '.join(bad)}."
        )
    stage = data.get("dispute_stage") or ""
    if problem_areas.ROLE_DISPUTE in areas and not stage:
        errors["dispute_stage"] = "Give the stage of the role dispute."
    if stage and stage not in problem_areas.DISPUTE_STAGES:
        errors["dispute_stage"] = f"Unknown stage {stage!r}."
    kind = data.get("course") or course_mod.course_kind_for(client.population)
    try:
        course_mod.plan_course(
            population_of(client),
            [a for a in areas if a in problem_areas.AREAS],
            kind=kind,
            total=data.get("sessions"),
        )
    except course_mod.CourseError as exc:
        errors[{"total": "sessions", "kind": "course"}.get(exc.field, exc.field)] = str(exc)
    weeks, sessions = data.get("weeks"), data.get("sessions")
    if isinstance(weeks, int) and isinstance(sessions, int) and weeks < sessions:
        errors["weeks"] = "The time frame must allow one session a week at most."
    for name in ("text", "focus"):
        if not str(data.get(name) or "").strip():
            errors[name] = "This is required."
    return errors


@clinical_change
def save_formulation(actor: Actor, client: Client, data: Mapping[str, Any]) -> Formulation:
    """Write the formulation. A draft is edited in place; once accepted it is locked and a
    change becomes a new version (who and when are recorded on it)."""
    errors = _check_formulation(client, data)
    if errors:
        raise ValidationError(errors)
    current = current_formulation(client)
    kind = data.get("course") or course_mod.course_kind_for(client.population)
    fields = {
        "areas": list(data["areas"]),
        "dispute_stage": data.get("dispute_stage") or ""
        if problem_areas.ROLE_DISPUTE in data["areas"]
        else "",
        "text": data["text"].strip(),
        "focus": data["focus"].strip(),
        "sessions": {course_mod.IPT_A: 12, course_mod.BRIEF: 8}.get(
            kind, data.get("sessions") or 12
        ),
        "weeks": data["weeks"],
        "course": kind,
    }
    if current is not None and not current.locked:
        for k, v in fields.items():
            setattr(current, k, v)
        current.created_by = actor.user
        current.full_clean(exclude=["client"])
        current.save()
        _audit(actor, Action.UPDATE, current, client)
        return current
    version = (client.ipt_formulations.aggregate(v=Max("version"))["v"] or 0) + 1
    formulation = Formulation(client=client, version=version, created_by=actor.user, **fields)
    formulation.full_clean(exclude=["client"])
    formulation.save()
    _audit(actor, Action.CREATE, formulation, client)
    return formulation


@clinical_change
def accept_formulation(
    actor: Actor,
    client: Client,
    formulation: Formulation,
    on: date | None = None,
) -> Formulation:
    """The client's explicit acceptance turns the formulation into the treatment contract."""
    if formulation.locked:
        raise ValidationError({"accepted_on": "This version was already accepted."})
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"accepted_on": "The acceptance date cannot be in the future."})
    formulation.accepted_on = on
    formulation.accepted_by = actor.user
    formulation.save(update_fields=["accepted_on", "accepted_by", "updated_at"])
    _audit(actor, Action.UPDATE, formulation, client)
    signals.accepted(formulation, actor)
    return formulation


# --- plan -------------------------------------------------------------------------------


def plan_of(client: Client) -> Plan:
    plan, _ = Plan.objects.get_or_create(client=client)
    return plan


@clinical_change
def save_plan_settings(
    actor: Actor,
    client: Client,
    *,
    professional: bool,
    indicators: Sequence[str],
) -> Plan:
    unknown = sorted(set(indicators) - set(modalities.INDICATORS))
    if unknown:
        raise ValidationError({"indicators": f"Unknown indicator(s): {', '.join(unknown)}."})
    if professional and client.population != "adults":
        raise ValidationError({"professional": "Tailoring for professionals is for adults."})
    plan = plan_of(client)
    plan.professional = professional
    plan.indicators = sorted(set(indicators))
    plan.save()
    _audit(actor, Action.UPDATE, plan, client)
    return plan


@clinical_change
def seed_goals(actor: Actor, client: Client) -> list[Goal]:
    """Start the goals from the IPT goals of each accepted area (the clinician edits them)."""
    plan = plan_of(client)
    formulation = accepted_formulation(client)
    if formulation is None:
        raise ValidationError({"formulation": "Accept a formulation before setting goals."})
    have = {(g.area, g.text) for g in plan.goals.all()}
    made = []
    position = plan.goals.count()
    for area in formulation.areas:
        for text in problem_areas.AREAS[area].goals:
            if (area, text) not in have:
                position += 1
                made.append(Goal.objects.create(plan=plan, area=area, text=text, position=position))
    for goal in made:
        _audit(actor, Action.CREATE, goal, client)
    return made


@clinical_change
def save_goal(
    actor: Actor,
    client: Client,
    goal: Goal | None,
    data: Mapping[str, Any],
) -> Goal:
    plan = plan_of(client)
    created = goal is None
    goal = goal or Goal(plan=plan, position=plan.goals.count() + 1)
    if goal.plan_id != plan.pk:
        raise PermissionDenied
    text = str(data.get("text", goal.text) or "").strip()
    if not text:
        raise ValidationError({"text": "Write the goal."})
    goal.text = text
    goal.area = data.get("area", goal.area)
    if "progress" in data and data["progress"] != goal.progress:
        goal.progress = data["progress"]
        goal.rated_at = timezone.now()
    goal.full_clean(exclude=["plan"])
    goal.save()
    _audit(actor, Action.CREATE if created else Action.UPDATE, goal, client)
    return goal


@clinical_change
def decide_adjunct(
    actor: Actor,
    client: Client,
    modality: str,
    decision: str,
    reason: str,
) -> Adjunct:
    """Record the clinician's decision on one modality and why."""
    errors = {}
    if modality not in modalities.LABELS:
        errors["modality"] = f"Unknown modality {modality!r}."
    if decision not in Decision.values:
        errors["decision"] = "Choose accept, accept with changes or decline."
    if len(reason.strip()) < 5:
        errors["reason"] = "Say why (a few words at least)."
    if errors:
        raise ValidationError(errors)
    plan = plan_of(client)
    _, suggested = modality_suggestions(client)
    adjunct, created = Adjunct.objects.update_or_create(
        plan=plan,
        modality=modality,
        defaults={
            "decision": decision,
            "reason": reason.strip(),
            "decided_by": actor.user,
            "suggested": modality in {s.code for s in suggested},
        },
    )
    _audit(actor, Action.CREATE if created else Action.UPDATE, adjunct, client)
    return adjunct


# --- notes -------------------------------------------------------------------------------


@clinical_change
def save_note(
    actor: Actor,
    client: Client,
    data: Mapping[str, Any],
    note: Note | None = None,
) -> Note:
    """Write or edit an unsigned note; the agenda is the session's template, kept with it."""
    if note is not None and note.locked:
        raise ValidationError({"body": "A signed note is locked: add an addendum instead."})
    errors = {}
    course = course_for(client)
    session = data.get("session")
    if not isinstance(session, int) or not 1 <= session <= course.total:
        errors["session"] = f"Choose a session from 1 to {course.total}."
    if not str(data.get("body") or "").strip():
        errors["body"] = "Write the note."
    held_on = data.get("held_on")
    if held_on is None:
        errors["held_on"] = "Give the session date."
    elif held_on > timezone.localdate():
        errors["held_on"] = "The session date cannot be in the future."
    if errors:
        raise ValidationError(errors)
    assert isinstance(session, int) and isinstance(held_on, date)  # checked just above
    template = course.sessions[session - 1]
    created = note is None
    note = note or Note(client=client, author=actor.user)
    note.session = session
    note.phase = template.phase
    note.held_on = held_on
    note.agenda = [*template.tasks, *template.strategies]
    note.body = data["body"].strip()
    note.full_clean(exclude=["client"])
    note.save()
    _audit(actor, Action.CREATE if created else Action.UPDATE, note, client)
    return note


@clinical_change
def sign_note(actor: Actor, client: Client, note: Note) -> Note:
    if note.locked:
        raise ValidationError({"note": "This note is already signed."})
    note.signed_at = timezone.now()
    note.signed_by = actor.user
    note.save(update_fields=["signed_at", "signed_by", "updated_at"])
    _audit(actor, Action.UPDATE, note, client)
    return note


@clinical_change
def add_addendum(actor: Actor, client: Client, note: Note, body: str) -> Addendum:
    if not note.locked:
        raise ValidationError({"body": "Edit the note itself until it is signed."})
    if not body.strip():
        raise ValidationError({"body": "Write the addendum."})
    addendum = Addendum.objects.create(note=note, body=body.strip(), author=actor.user)
    _audit(actor, Action.CREATE, addendum, client)
    return addendum
