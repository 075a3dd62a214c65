"""Demo outcomes: weekly PHQ-9 and GAD-7 for the demo's clients, with realistic trajectories.

Most active clients improve, some stay flat, one deteriorates and one answers item 9
positively (an open risk alert); discharged clients have finished courses, so the practice
page has numbers; a few clients have a questionnaire link waiting. Deterministic and
idempotent: a client who already has clinical scores is left alone.
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from confide.assessments.actions import record_assessment
from confide.assessments.models import Assessment, Source
from confide.audit.actor import Actor, Via
from confide.instruments import get
from confide.outcomes import practice
from confide.outcomes.models import MeasureLink, hash_token
from confide.practice.models import Client, ClientStatus

DEMO = Actor.system(Via.DEMO)


def responses_for(code: str, total: int, *, risk: bool = False) -> list[int]:
    """Item answers adding up to `total`; PHQ-9 item 9 is 0 unless `risk`."""
    items = len(get(code).items)
    scored = items - 1 if code == "phq9" else items
    total = max(0, min(total, 3 * scored))
    answers = [total // scored] * scored
    for i in range(total % scored):
        answers[i] += 1
    if code == "phq9":
        answers.append(0)
        if risk:
            answers[8] = 1
            if total:
                first = next(i for i, v in enumerate(answers[:8]) if v)
                answers[first] -= 1
    return answers


def trajectory(kind: str, start: int, weeks: int, rng: random.Random) -> list[int]:
    if kind == "improving":
        end = max(2, start - rng.randint(7, 12))
    elif kind == "deteriorating":
        end = min(26, start + 8)
    else:  # flat
        end = start - rng.randint(0, 2)
    scores = []
    for week in range(weeks):
        share = week / max(weeks - 1, 1)
        noise = rng.choice([-1, 0, 0, 1]) if 0 < week < weeks - 1 else 0
        scores.append(max(0, round(start + (end - start) * share) + noise))
    return scores


def _course(client: Client, kind: str, weeks: int, rng: random.Random, *, risk: bool) -> None:
    now = timezone.now()
    start_phq = rng.randint(12, 20)
    phq = trajectory(kind, start_phq, weeks, rng)
    gad = [max(0, min(21, round(s * 0.75) + rng.choice([-1, 0, 1]))) for s in phq]
    for week, (p, g) in enumerate(zip(phq, gad, strict=True)):
        taken = now - timedelta(days=7 * (weeks - 1 - week) + 1, hours=rng.randint(0, 6))
        last = week == weeks - 1
        source = Source.PORTAL if week % 2 else Source.CLINICIAN
        record_assessment(
            get("phq9"), responses_for("phq9", p, risk=risk and last),
            source=source, client=client, taken_at=taken, actor=DEMO,
        )  # fmt: skip
        record_assessment(
            get("gad7"), responses_for("gad7", g),
            source=source, client=client, taken_at=taken, actor=DEMO,
        )  # fmt: skip


@transaction.atomic
def load_demo() -> None:
    rng = random.Random(7)  # noqa: S311 - deterministic demo data, not security
    treated = set(
        Assessment.objects.exclude(source=Source.PUBLIC_CHECK)
        .exclude(client=None)
        .values_list("client_id", flat=True)
    )
    active = list(
        Client.objects.filter(status=ClientStatus.ACTIVE, assignments__isnull=False)
        .distinct()
        .order_by("last_name", "first_name", "id")
    )
    for i, client in enumerate(active):
        if client.pk in treated:
            continue
        kind = "deteriorating" if i == 0 else "flat" if i % 5 == 2 else "improving"
        weeks = 2 + (i * 3) % 9  # 2 to 10 weeks into the course
        if kind == "flat":
            weeks = max(weeks, 7)  # flat by session 6 or later: amber on the caseload
        _course(client, kind, weeks, rng, risk=(i == 1))
        if i % 4 == 3:
            MeasureLink.objects.create(
                client=client,
                instruments=["phq9", "gad7"],
                token_hash=hash_token(secrets.token_urlsafe(32)),
                expires_at=timezone.now() + timedelta(hours=60),
                sent_at=timezone.now() - timedelta(hours=12),
            )
    finished = Client.objects.filter(status=ClientStatus.DISCHARGED).order_by("last_name", "id")
    for i, client in enumerate(finished):
        if client.pk in treated:
            continue
        kind = "flat" if i % 4 == 1 else "improving"
        _course(client, kind, 8 + i % 7, rng, risk=False)
    # The diary's demo marks past sessions attended in bulk (no signals): count them in.
    practice.rebuild()
