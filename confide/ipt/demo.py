"""Demo IPT records: inventories, timelines, accepted formulations, plans and signed notes.

Called by the lead's load_demo after the practice's people exist. Idempotent (a client who
already has an inventory is left alone) and deterministic (clients chosen by name order).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from confide.ipt import course as course_mod
from confide.ipt import problem_areas
from confide.ipt.models import Addendum, Adjunct, Formulation, Goal, LifeEvent, Note, Person, Plan
from confide.practice.models import Client, ClientStatus

# One story per population: people (name, relationship, ring, conflict, resolved, reciprocal,
# supportive), events (kind, days before today, description), areas, stage, indicators,
# adjunct decisions (modality, decision, reason).
STORIES = {
    "adults": dict(
        people=[
            ("Dana", "partner", "inner", "often", "no", "no", False),
            ("Mum", "parent", "middle", "rarely", "yes", "yes", True),
            ("Priya", "friend", "middle", "never", "unknown", "yes", True),
            ("Team lead", "colleague", "outer", "sometimes", "partly", "unknown", False),
        ],
        events=[
            ("onset", 120, "Low mood, poor sleep"),
            ("other", 150, "Partner took a job abroad"),
            ("worse", 60, "Stopped seeing friends"),
        ],
        areas=["role_dispute"],
        stage="impasse",
        indicators=["cognitive_distortions"],
        decisions=[
            (
                "cbt",
                "accepted",
                "Harsh self-talk after each argument; 4 sessions of thought records alongside IPT.",
            )
        ],
        text="The depression began as the disagreement with Dana about moving abroad stalled; "
        "each argument ends in silence and self-blame.",
        focus="The dispute with Dana: expectations about the move and how they talk about it.",
    ),
    "professionals": dict(
        people=[
            ("Sam", "partner", "inner", "rarely", "yes", "yes", True),
            ("New manager", "colleague", "middle", "sometimes", "no", "unknown", False),
            ("Old team", "colleague", "outer", "never", "unknown", "yes", True),
        ],
        events=[("new_job", 100, "Promoted to director"), ("onset", 80, "Anxiety, low mood")],
        areas=["role_transition"],
        stage="",
        indicators=["wants_practical"],
        decisions=[
            (
                "solution_focused",
                "edited",
                "Short solution-focused check-ins on "
                "delegation, within the IPT sessions rather than separately.",
            )
        ],
        text="Symptoms began weeks after the promotion: the old role as a trusted peer is "
        "gone and the new one feels unmastered.",
        focus="The transition to director: the old and new roles in balance; new support.",
        professional=True,
    ),
    "perinatal": dict(
        people=[
            ("Chris", "partner", "inner", "sometimes", "partly", "no", True),
            ("Baby Noa", "child", "inner", "never", "unknown", "unknown", False),
            ("Sister", "sibling", "middle", "never", "unknown", "yes", True),
        ],
        events=[("birth", 70, "Noa born"), ("onset", 50, "Tearful, not sleeping")],
        areas=["role_transition"],
        stage="",
        indicators=["emotional_reactivity"],
        decisions=[
            (
                "ipt_alone",
                "accepted",
                "Perinatal IPT with two partner sessions; breastfeeding, so therapy first.",
            )
        ],
        text="Since Noa's birth she has lost the work identity she valued and feels alone "
        "with the nights; the depression is linked to this transition to parenthood.",
        focus="The transition to motherhood, with Chris's support.",
    ),
    "adolescents": dict(
        people=[
            ("Mom", "parent", "inner", "often", "no", "no", True),
            ("Dad", "parent", "outer", "rarely", "unknown", "unknown", False),
            ("Jordan", "peer", "middle", "never", "unknown", "yes", True),
        ],
        events=[
            ("separation", 110, "Parents separated"),
            ("move", 90, "Moved schools"),
            ("onset", 75, "Irritable, grades falling"),
        ],
        areas=["role_dispute"],
        stage="renegotiation",
        indicators=["hard_to_verbalise"],
        decisions=[("art", "accepted", "Finds it easier to draw than to talk about home.")],
        text="Since the separation, arguments with Mom about rules and visits to Dad have "
        "grown; the low mood follows them.",
        focus="Renegotiating expectations with Mom (parent-adolescent session mid-course).",
    ),
    "children": dict(
        people=[
            ("Grandma", "family", "inner", "never", "unknown", "yes", True),
            ("Dad", "parent", "inner", "sometimes", "partly", "unknown", True),
            ("Classmates", "peer", "outer", "often", "no", "unknown", False),
        ],
        events=[("loss", 80, "Grandpa died"), ("onset", 60, "Stomach aches, won't go to school")],
        areas=["grief"],
        stage="",
        indicators=[],
        decisions=[
            (
                "family",
                "accepted",
                "Dad and Grandma join three sessions to talk about Grandpa together.",
            )
        ],
        text="The school refusal began soon after Grandpa's death; the family has not talked "
        "about it.",
        focus="Mourning Grandpa, with the family involved.",
    ),
}


def _pick(clients: list[Client], population: str) -> Client | None:
    for client in clients:
        pop = client.population
        if population == "perinatal" and client.perinatal:
            return client
        if population in ("adults", "professionals") and pop == "adults" and not client.perinatal:
            return client
        if population == pop and population in ("children", "adolescents"):
            return client
    return None


@transaction.atomic
def load_demo() -> list[Client]:
    """Give several active demo clients across populations a worked IPT record."""
    clients = list(
        Client.objects.filter(status=ClientStatus.ACTIVE, email__endswith="@example.com")
        .filter(assignments__isnull=False)
        .prefetch_related("assignments__clinician__user")
        .order_by("last_name", "first_name")
        .distinct()
    )
    done = []
    for population, story in STORIES.items():
        client = _pick([c for c in clients if c not in done], population)
        if client is None:
            continue
        done.append(client)
        if client.ipt_people.exists():
            continue
        _load_story(client, population, story)
    return done


def _load_story(client: Client, population: str, story: dict) -> None:
    today = timezone.localdate()
    clinician = client.assignments.all()[0].clinician.user
    for name, rel, ring, conflict, resolved, reciprocal, supportive in story["people"]:
        Person.objects.create(
            client=client,
            name=name,
            relationship=rel,
            ring=ring,
            conflict=conflict,
            conflict_resolved=resolved,
            reciprocal=reciprocal,
            supportive=supportive,
            contact="daily" if ring == "inner" else "weekly",
            knows_feelings="partly" if ring == "inner" else "no",
        )
    for kind, days_ago, description in story["events"]:
        LifeEvent.objects.create(
            client=client, kind=kind, on=today - timedelta(days=days_ago), description=description
        )
    kind = course_mod.course_kind_for(client.population)
    total = 12 if kind != course_mod.STANDARD else 14
    accepted_on = today - timedelta(days=35)
    Formulation.objects.create(
        client=client,
        version=1,
        areas=story["areas"],
        dispute_stage=story["stage"],
        text=story["text"],
        focus=story["focus"],
        sessions=total,
        weeks=total + 2,
        course=kind,
        accepted_on=accepted_on,
        accepted_by=clinician,
        created_by=clinician,
    )
    plan = Plan.objects.create(
        client=client,
        professional=story.get("professional", False),
        indicators=story["indicators"],
    )
    position = 0
    for area in story["areas"]:
        for i, text in enumerate(problem_areas.AREAS[area].goals):
            position += 1
            Goal.objects.create(
                plan=plan,
                area=area,
                text=text,
                position=position,
                progress=min(i + 1, 3),
                rated_at=timezone.now(),
            )
    for modality, decision, reason in story["decisions"]:
        Adjunct.objects.create(
            plan=plan,
            modality=modality,
            decision=decision,
            reason=reason,
            suggested=True,
            decided_by=clinician,
        )
    pop = "professionals" if story.get("professional") else population
    course = course_mod.plan_course(
        pop, story["areas"], kind=kind, total=total if kind == course_mod.STANDARD else None
    )
    bodies = [
        "Explained depression as a treatable illness; PHQ-9 reviewed. Began the inventory.",
        "Completed the inventory; the closeness circle drawn together.",
        "Presented the formulation; the client agreed the focus and the number of sessions.",
        "Linked the week's low day to an interaction in the focus area; role-played a reply.",
        "Communication analysis of a recent exchange; practised a new response.",
    ]
    for number, body in enumerate(bodies, start=1):
        template = course.sessions[number - 1]
        note = Note.objects.create(
            client=client,
            session=number,
            phase=template.phase,
            held_on=accepted_on - timedelta(days=14) + timedelta(days=7 * number),
            agenda=[*template.tasks, *template.strategies],
            body=body,
            author=clinician,
            signed_at=timezone.now() if number < 5 else None,
            signed_by=clinician if number < 5 else None,
        )
        if number == 2:
            Addendum.objects.create(
                note=note, author=clinician, body="Addendum: added a colleague to the outer ring."
            )
