"""Benchmark 4: 20 concurrent clients booking overlapping slots on PostgreSQL, via the API.

Contended: 20 requests at once for the same clinician and time (one may win). Uncontended:
20 requests at once for 20 different clinicians at that time (all win). Same server, same
count; throughput and p95 latency compared, and the database checked for any overlap.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone

from bench.load import LoadResult, post_json
from bench.report import Row
from bench.server import gunicorn
from confide.accounts.models import Role, User
from confide.accounts.tokens import issue_token
from confide.practice.models import Client, Clinician, Location
from confide.scheduling.models import Availability

NY = ZoneInfo("America/New_York")
THREADS = 20


def _setup() -> tuple[str, list[Clinician], list[Client]]:
    intake, _ = User.objects.get_or_create(username="bench-intake", defaults={"role": Role.INTAKE})
    raw, _ = issue_token(intake)
    greenwich = Location.objects.get(slug="greenwich")
    clinicians = []
    for i in range(THREADS):
        user, _ = User.objects.get_or_create(
            username=f"bench-booker-{i}", defaults={"role": Role.CLINICIAN}
        )
        clinician, created = Clinician.objects.get_or_create(
            user=user, defaults={"first_name": "Booker", "last_name": str(i)}
        )
        if created:
            Availability.objects.bulk_create(
                Availability(
                    clinician=clinician, location=greenwich, weekday=d, starts=time(8),
                    ends=time(20),
                )
                for d in range(6)
            )  # fmt: skip
        clinicians.append(clinician)
    clients = list(
        Client.objects.filter(date_of_birth__lt=timezone.localdate() - timedelta(days=20 * 365))[
            :THREADS
        ]
    )
    return raw, clinicians, clients


def _slots(count: int) -> list[datetime]:
    """Future weekday slots, one hour apart, inside opening hours."""
    day = timezone.localdate() + timedelta(days=14)
    found = []
    while len(found) < count:
        if day.weekday() < 6:
            found += [datetime.combine(day, time(h), NY) for h in range(9, 19)]
        day += timedelta(days=1)
    return found[:count]


def _burst(port: int, token: str, bodies: list[dict]) -> list[tuple[int, float]]:
    """Fire all bodies at once from their own threads, released together by a barrier."""
    import time as clock

    barrier = threading.Barrier(len(bodies))
    results: list[tuple[int, float]] = [(0, 0.0)] * len(bodies)

    def one(i: int) -> None:
        payload = json.dumps(bodies[i]).encode()
        barrier.wait()
        started = clock.perf_counter()
        try:
            status = post_json(
                "127.0.0.1", port, "/api/v1/appointments", payload,
                {"Authorization": f"Bearer {token}"},
            )  # fmt: skip
        except OSError:
            status = 0  # no answer at all: counted, and the verdict fails
        results[i] = (status, clock.perf_counter() - started)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _body(clinician: Clinician, client: Client, start: datetime) -> dict:
    return {
        "clinician": str(clinician.pk),
        "client": str(client.pk),
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=50)).isoformat(),
        "format": "virtual",
    }


def overlaps() -> int:
    """Live appointments that overlap another for the same clinician, client or room."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT COUNT(*) FROM scheduling_appointment a JOIN scheduling_appointment b
              ON a.id < b.id AND a.start < b."end" AND b.start < a."end"
             AND (a.clinician_id = b.clinician_id OR a.client_id = b.client_id
                  OR (a.room_id IS NOT NULL AND a.room_id = b.room_id))
            WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'
            """
        )
        return cursor.fetchone()[0]


def run(rounds: int = 10) -> Row:
    import time as clock

    token, clinicians, clients = _setup()
    slots = _slots(rounds * 2)
    contended: list[tuple[int, float]] = []
    uncontended: list[tuple[int, float]] = []
    with gunicorn(workers=4) as port:
        _burst(port, token, [_body(clinicians[0], clients[0], slots[-1])])  # warm up
        started = clock.perf_counter()
        for r in range(rounds):
            # Everyone wants clinician 0 at the same time, each for a different client.
            bodies = [_body(clinicians[0], clients[i], slots[r]) for i in range(THREADS)]
            contended += _burst(port, token, bodies)
        contended_seconds = clock.perf_counter() - started
        started = clock.perf_counter()
        for r in range(rounds):
            slot = slots[rounds + r - 1] if r else slots[rounds]
            # Same burst, but each request for its own clinician: nobody waits on anybody.
            bodies = [
                _body(clinicians[i], clients[i], slot + timedelta(days=1)) for i in range(THREADS)
            ]
            uncontended += _burst(port, token, bodies)
        uncontended_seconds = clock.perf_counter() - started
    wins = sum(1 for status, _ in contended if status == 201)
    refused = sum(1 for status, _ in contended if status == 409)
    c = LoadResult(len(contended), contended_seconds, 0, [lat for _, lat in contended])
    u = LoadResult(len(uncontended), uncontended_seconds, 0, [lat for _, lat in uncontended])
    bad = overlaps()
    other = len(contended) - wins - refused
    ratio = c.throughput / u.throughput
    return Row(
        name="4. Booking under contention (20 concurrent, PostgreSQL, API)",
        measured=f"{c.throughput:.0f} req/s, p95 {c.p95 * 1000:.0f} ms",
        baseline=f"{u.throughput:.0f} req/s, p95 {u.p95 * 1000:.0f} ms uncontended",
        ratio=ratio,
        goal="0 overlaps; 1 win per slot",
        met=bad == 0 and wins == rounds and refused == rounds * (THREADS - 1),
        note=(
            f"{rounds} bursts of {THREADS}: {wins} booked, {refused} refused with 409, "
            f"{other} other answers, {bad} overlaps in the database; "
            f"p95 ratio {c.p95 / u.p95:.2f}"
        ),
    )
