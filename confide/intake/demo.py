"""A realistic intake queue for the demo: a dozen requests across concerns and ages, one urgent
with a risk-flagged screening, some contacted or matched, some closed. Idempotent and
deterministic: fixed ids, fixed ages relative to now."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from confide.accounts.models import User
from confide.assessments.actions import record_assessment
from confide.assessments.models import Source
from confide.instruments import get
from confide.intake import triage
from confide.intake.models import ConsultationRequest, RequestEvent, Status
from confide.pages.models import ExpertQuestion
from confide.practice.models import Location
from confide.screening.models import KeptScreening, hash_code

NAMESPACE = uuid.UUID("6f1c8a52-7d0e-4f4b-9a51-3c2f0d5b8e11")

# first, last, for_whom, child, age group, concerns, details, format, place, languages,
# days, parts, hours waiting, status, close reason, screening (phq9 answers) or None
REQUESTS: list[tuple[Any, ...]] = [
    ("Dana", "Whitfield", "self", "", "adults", ["grief_loss", "loneliness"],
     "My husband died in the spring and I can't see the point of anything. Some nights I feel "
     "I would be better off dead.", "either", "greenwich", ["en"], [0, 2], ["morning"], 5,
     Status.NEW, "", (2, 3, 2, 3, 2, 2, 2, 1, 2)),
    ("Priya", "Raman", "self", "", "adults", ["parenting_postpartum", "loneliness"],
     "Our daughter is four months old. I love her but I feel cut off from everyone.",
     "virtual", None, ["en"], [1, 3], ["morning", "afternoon"], 20, Status.NEW, "",
     (2, 2, 2, 2, 1, 2, 1, 1, 0)),
    ("Marcus", "Bell", "self", "", "adults", ["work_stress", "relationship_conflicts"],
     "Promoted to lead a team; arguing with my partner every evening.", "virtual", None,
     ["en"], [0, 1, 2, 3], ["evening"], 30, Status.NEW, "", (1, 2, 1, 2, 1, 1, 1, 0, 0)),
    ("Lucia", "Ferreira", "child", "Tomás", "adolescents", ["school_bullying"],
     "Tomás (15) is being bullied and has meltdowns and angry outbursts at home.",
     "in_person", "greenwich", ["en", "pt"], [2, 4], ["afternoon"], 44, Status.NEW, "", None),
    ("Wei", "Zhang", "self", "", "adults", ["life_transition"],
     "Moved from Shanghai for graduate school; struggling to settle in.", "either",
     "manhattan", ["zh"], [1, 3, 5], ["afternoon"], 70, Status.CONTACTED, "", None),
    ("Hannah", "Goldberg", "child", "Noa", "children", ["life_transition", "school_bullying"],
     "Noa is 9; we divorced last year and she has changed schools.", "in_person", "greenwich",
     ["en"], [5], ["morning"], 26, Status.NEW, "", None),
    ("Omar", "Haddad", "self", "", "adults", ["trauma", "relationship_conflicts"],
     "A car accident last year; since then I snap at everyone.", "virtual", None, ["en"],
     [0, 4], ["evening"], 96, Status.MATCHED, "", (1, 1, 2, 2, 1, 1, 1, 1, 0)),
    ("Elise", "Martin", "couple_family", "", "adults", ["relationship_conflicts"],
     "My partner and I want help communicating before the wedding.", "in_person",
     "manhattan", ["en", "fr"], [5], ["morning", "afternoon"], 120, Status.CONTACTED, "", None),
    ("Sam", "Okoye", "self", "", "adults", ["loneliness"],
     "", "virtual", None, ["en"], [0, 1, 2, 3, 4], ["evening"], 8, Status.NEW, "", None),
    ("Rosa", "Delgado", "self", "", "adults", ["grief_loss"],
     "My mother passed away in January.", "either", None, ["es"], [1, 2],
     ["afternoon"], 300, Status.CLOSED, "referred", None),
    ("Kevin", "Novak", "self", "", "adults", ["work_stress"],
     "", "virtual", None, ["en"], [3], ["evening"], 400, Status.CLOSED, "no_response", None),
    ("Ines", "Moreau", "self", "", "adults", ["other"],
     "Looking for medication management only.", "either", None, ["en", "fr"], [2],
     ["morning"], 250, Status.CLOSED, "declined", None),
]  # fmt: skip

QUESTIONS = [
    ("Alex Porter", "alex.porter@example.com", "Do you take insurance for couples sessions?", 30),
    ("Maya Lindqvist", "maya.l@example.com", "Is IPT suitable for a 12-year-old?", 52),
]

STEPS = {
    Status.NEW: [],
    Status.CONTACTED: [(Status.CONTACTED, "Called; consultation call arranged")],
    Status.MATCHED: [
        (Status.CONTACTED, "Called and talked through options"),
        (Status.MATCHED, "Offered a clinician; waiting for the person to pick a time"),
    ],
    Status.CLOSED: [
        (Status.CONTACTED, "Left a voicemail and sent an email"),
        (Status.CLOSED, ""),
    ],
}


def _id(*parts: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(parts))


def _screening(name: str, phq9: tuple[int, ...]) -> KeptScreening:
    kept, created = KeptScreening.objects.get_or_create(
        code_hash=hash_code(f"DEMO{name}"),
        defaults={"audience": "adult", "expires_at": timezone.now() + timedelta(days=30)},
    )
    if created or not kept.assessments.exists():
        record_assessment(get("phq9"), list(phq9), source=Source.PUBLIC_CHECK, kept_screening=kept)
        record_assessment(
            get("gad7"), [2, 2, 1, 2, 1, 1, 1], source=Source.PUBLIC_CHECK, kept_screening=kept
        )
    KeptScreening.objects.filter(pk=kept.pk).update(claimed_at=timezone.now())
    return kept


@transaction.atomic
def load_demo() -> list[ConsultationRequest]:
    """Create or refresh the demo queue; safe to run twice."""
    places = {loc.slug: loc for loc in Location.objects.all()}
    coordinator = User.objects.filter(username="intake").first()
    now = timezone.now()
    made: list[ConsultationRequest] = []
    for spec in REQUESTS:
        (first, last, for_whom, child, age_group, concerns, details, fmt, place, langs, days,
         parts, hours, status, reason, phq9) = spec  # fmt: skip
        kept = _screening(f"{first}{last}", phq9) if phq9 else None
        assessments = list(kept.assessments.all()) if kept else []
        urgency = triage.assess(risk_flag=any(a.risk for a in assessments), text=details)
        cr, _ = ConsultationRequest.objects.update_or_create(
            id=_id("request", first, last),
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{first.lower()}.{last.lower()}@example.com",
                "phone": f"(203) 555-{1000 + len(made) * 37:04d}",
                "preferred_contact": "phone" if len(made) % 3 else "email",
                "for_whom": for_whom,
                "their_first_name": child,
                "age_group": age_group,
                "concerns": concerns,
                "details": details,
                "format": fmt,
                "location": places.get(place) if place else None,
                "languages": langs,
                "days": days,
                "day_parts": parts,
                "consent": True,
                "kept_screening": kept,
                "urgent": urgency.urgent,
                "urgent_reasons": list(urgency.reasons),
                "severity": triage.severity_rank(a.severity for a in assessments),
                "status": status,
                "close_reason": reason,
            },
        )
        arrived = now - timedelta(hours=hours)
        ConsultationRequest.objects.filter(pk=cr.pk).update(created_at=arrived)
        RequestEvent.objects.filter(request=cr).delete()
        steps = [(Status.NEW, "Received (page)")] + STEPS[status]
        previous = ""
        for n, (to, note) in enumerate(steps):
            event = RequestEvent.objects.create(
                request=cr,
                actor=coordinator if n else None,
                actor_name=(coordinator.get_full_name() or "intake")
                if n and coordinator
                else "the requester",
                from_status=previous,
                to_status=to,
                close_reason=reason if to == Status.CLOSED else "",
                note=note,
            )
            at = arrived + timedelta(hours=n * min(20, hours / (len(steps) + 1)))
            RequestEvent.objects.filter(pk=event.pk).update(at=at)
            previous = to
        made.append(cr)
    for name, email, question, hours in QUESTIONS:
        q, _ = ExpertQuestion.objects.update_or_create(
            id=_id("question", email),
            defaults={"name": name, "email": email, "question": question},
        )
        ExpertQuestion.objects.filter(pk=q.pk).update(created_at=now - timedelta(hours=hours))
    return made
