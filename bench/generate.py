"""A synthetic practice at a chosen size, fast: bulk inserts, realistic distributions.

Clinicians (one per 50 clients), clients across populations, courses of 8-16 weekly sessions
at the client's own weekly hour (about 7% cancelled and 3% no-shows, rebooked), with PHQ-9 and
GAD-7 at each attended one (most improving, some flat, a few worsening; a few with a positive
item 9), scored by Confide's own engine.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from confide import instruments
from confide.accounts.models import Role, User
from confide.assessments.models import Assessment, Source
from confide.outcomes import practice
from confide.practice.models import Assignment, Client, ClientStatus, Clinician, Location
from confide.scheduling.models import Appointment
from confide.scheduling.models import Status as Visit

NY = ZoneInfo("America/New_York")
WEEKLY_HOURS = [(day, hour) for day in range(6) for hour in range(8, 20)]  # Mon-Sat 8am-8pm

BATCH = 2000
PHQ9 = instruments.get("phq9")
GAD7 = instruments.get("gad7")


def _answers(rng: random.Random, target: int, items: int, risk: bool) -> list[int]:
    """Positions that sum to about `target`, spread over the items."""
    values = [0] * items
    for _ in range(max(0, min(target, items * 3))):
        i = rng.randrange(items)
        if values[i] < 3:
            values[i] += 1
    if risk:
        values[-1] = max(values[-1], 1)
    elif items == 9:
        values[8] = 0
    return values


def _assessment(instrument, responses, client_id, taken_at) -> Assessment:
    result = instruments.score(instrument, responses)
    return Assessment(
        id=uuid.uuid4(),
        instrument=instrument.code,
        responses=responses,
        total=result.total,
        raw_total=result.raw_total,
        max_total=result.max_total,
        severity=result.severity or "",
        flags=list(result.flags),
        risk="risk" in result.flags,
        prorated=result.prorated,
        scorable=result.scorable,
        subscales=dict(result.subscales),
        source=Source.CLINICIAN,
        taken_at=taken_at,
        client_id=client_id,
    )


@transaction.atomic
def generate(clients: int, *, seed: int = 7, prefix: str = "bench") -> dict[str, int]:
    """Add `clients` clients (and their clinicians and assessments) to the database."""
    rng = random.Random(seed)
    locations = list(Location.objects.all())
    n_clinicians = max(2, clients // 50)
    users = User.objects.bulk_create(
        [
            User(username=f"{prefix}-c{seed}-{i}", role=Role.CLINICIAN, password="!")
            for i in range(n_clinicians)
        ],
        batch_size=BATCH,
    )
    clinicians = Clinician.objects.bulk_create(
        [
            Clinician(user=u, first_name=f"Clin{i}", last_name=prefix.title(), credentials="PhD")
            for i, u in enumerate(users)
        ],
        batch_size=BATCH,
    )
    if locations:
        through = Clinician.locations.through
        through.objects.bulk_create(
            [through(clinician=c, location=rng.choice(locations)) for c in clinicians],
            batch_size=BATCH,
        )
    today = timezone.localdate()
    now = timezone.now()
    client_rows, assignment_rows, assessment_rows, visits = [], [], [], []
    # Each clinician's clients keep their own weekly hour, so no two sessions ever overlap.
    hours_used = {c.pk: 0 for c in clinicians}
    for i in range(clients):
        age = rng.choice([10, 15, 16, 22, 28, 34, 41, 52, 63])
        client = Client(
            id=uuid.uuid4(),
            first_name=f"Client{i}",
            last_name=f"{prefix.title()}{seed}",
            date_of_birth=today - timedelta(days=age * 365 + rng.randint(0, 360)),
            guardian_name="Guardian" if age < 18 else "",
            status=rng.choice([ClientStatus.ACTIVE] * 6 + [ClientStatus.DISCHARGED] * 3),
        )
        client_rows.append(client)
        open_clinicians = [c for c in clinicians if hours_used[c.pk] < len(WEEKLY_HOURS)]
        clinician = rng.choice(open_clinicians) if open_clinicians else None
        sessions = rng.randint(8, 16)
        start = now - timedelta(weeks=sessions + rng.randint(0, 30))
        if clinician is not None:
            assignment_rows.append(Assignment(client=client, clinician=clinician))
            weekday, hour = WEEKLY_HOURS[hours_used[clinician.pk]]
            hours_used[clinician.pk] += 1
            first = start.astimezone(NY).date()
            first += timedelta(days=(weekday - first.weekday()) % 7)
            visits.append((client, clinician, datetime.combine(first, time(hour), NY)))
        baseline = rng.randint(6, 24)
        kind = rng.random()
        done = sessions if client.status == ClientStatus.DISCHARGED else rng.randint(1, sessions)
        for week in range(done):
            if kind < 0.6:
                target = baseline - week * rng.uniform(0.6, 1.4)  # improving
            elif kind < 0.9:
                target = baseline + rng.uniform(-2, 2)  # flat
            else:
                target = baseline + week * 0.5  # worsening
            taken = start + timedelta(weeks=week)
            risk = kind > 0.97 and week == 0
            phq = _answers(rng, max(0, round(target)), 9, risk)
            gad = _answers(rng, max(0, round(target * 0.8)), 7, False)
            assessment_rows.append(_assessment(PHQ9, phq, client.id, taken))
            assessment_rows.append(_assessment(GAD7, gad, client.id, taken))
    Client.objects.bulk_create(client_rows, batch_size=BATCH)
    Assignment.objects.bulk_create(assignment_rows, batch_size=BATCH)
    Assessment.objects.bulk_create(assessment_rows, batch_size=BATCH)
    measured = {}
    for a in assessment_rows:
        measured[a.client_id] = measured.get(a.client_id, 0) + (a.instrument == "phq9")
    appointments = _appointments(rng, visits, measured, now)
    Appointment.objects.bulk_create(appointments, batch_size=BATCH)
    practice.rebuild()  # bulk inserts send no signals: store the discharged courses' outcomes
    return {
        "clinicians": len(clinicians),
        "clients": len(client_rows),
        "assessments": len(assessment_rows),
        "appointments": len(appointments),
    }


def _appointments(rng, visits, measured, now) -> list[Appointment]:
    """Weekly sessions: attended ones match the measured weeks; some weeks a cancellation or
    a no-show comes first and the session moves to the next week; the course continues ahead."""
    rows = []
    for client, clinician, first in visits:
        week, number, due = 0, 0, measured.get(client.id, 0) + rng.randint(0, 4)
        while number < due and week < 40:
            start = first + timedelta(weeks=week)
            week += 1
            roll = rng.random()
            status = Visit.ATTENDED if start < now else Visit.BOOKED
            if start < now and roll < 0.10:
                status = Visit.CANCELLED if roll < 0.07 else Visit.NO_SHOW
            else:
                number += 1
            rows.append(
                Appointment(
                    clinician=clinician,
                    client=client,
                    start=start,
                    end=start + timedelta(minutes=50),
                    format="virtual",
                    session_number=number if status in (Visit.ATTENDED, Visit.BOOKED) else None,
                    status=status,
                    cancel_reason="Client unwell" if status == Visit.CANCELLED else "",
                    cancelled_by="client" if status == Visit.CANCELLED else "",
                    cancelled_at=start - timedelta(days=1) if status == Visit.CANCELLED else None,
                )
            )
    return rows


def reset() -> None:
    """Empty the benchmark database's practice (the audit guard is lifted for the purpose)."""
    from django.core.management import call_command
    from django.db import connection

    from confide.audit.guard import GUARD, LIFT

    with connection.cursor() as cursor:
        for sql in LIFT.get(connection.vendor, []):
            cursor.execute(sql)
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        for sql in GUARD.get(connection.vendor, []):
            cursor.execute(sql)
    _reseed()


def _reseed() -> None:
    from confide.pages.content import load_pages
    from confide.practice.demo.places import load_places
    from confide.practice.seed import load_vocabulary

    load_vocabulary()
    load_pages()
    load_places()
