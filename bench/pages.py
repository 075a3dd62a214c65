"""Benchmark 2: the caseload and the practice outcomes page at 10x and 100x the data.

The query count must be the same at both sizes, and the caseload's time must grow no faster
than the rows it shows. Measured in-process through Django's test client (full middleware,
template rendering), median of several renders after a warm-up.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.generate import generate, reset
from bench.report import Row
from confide.accounts.models import Role, User
from confide.practice.models import Assignment, Client, ClientStatus, Clinician


def _signed_in(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
    session = http.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return http


def _measure(get: Callable[[], object], repeats: int = 5) -> tuple[float, int]:
    get()  # warm caches and the connection
    times = []
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        get()
        times.append(time.perf_counter() - started)
    count = len(queries.captured_queries)
    for _ in range(repeats - 1):
        started = time.perf_counter()
        get()
        times.append(time.perf_counter() - started)
    return statistics.median(times), count


def _caseload_of(clinician: Clinician, rows: int) -> None:
    """Give the measured clinician exactly `rows` active clients (taken from the practice)."""
    Assignment.objects.filter(clinician=clinician).delete()
    ids = list(
        Client.objects.filter(status=ClientStatus.ACTIVE)
        .exclude(assignments__clinician=clinician)
        .values_list("pk", flat=True)[:rows]
    )
    Assignment.objects.filter(client_id__in=ids).delete()
    Assignment.objects.bulk_create(Assignment(client_id=i, clinician=clinician) for i in ids)


def run(unit: int = 50) -> list[Row]:
    """unit clients = 1x; the two sizes are 10x and 100x that."""
    reset()
    results = {}
    admin = User.objects.create(username="bench-admin", role=Role.ADMIN, password="!")
    user = User.objects.create(username="bench-clinician", role=Role.CLINICIAN, password="!")
    clinician = Clinician.objects.create(user=user, first_name="Bench", last_name="Measured")
    grown = 0
    for label, factor in (("10x", 10), ("100x", 100)):
        generate(unit * factor - grown, seed=factor)
        grown = unit * factor
        rows = factor  # the caseload grows with the data: 10 and 100 clients on the page
        _caseload_of(clinician, rows)
        clinical = _signed_in(user)
        admin_http = _signed_in(admin)
        caseload = _measure(lambda c=clinical: _ok(c.get("/staff/outcomes/")))
        practice = _measure(lambda a=admin_http: _ok(a.get("/staff/outcomes/practice/")))
        results[label] = {"rows": rows, "caseload": caseload, "practice": practice}
    small, large = results["10x"], results["100x"]
    rows_ratio = large["rows"] / small["rows"]
    data_ratio = 10.0
    caseload_growth = large["caseload"][0] / small["caseload"][0]
    practice_growth = large["practice"][0] / small["practice"][0]
    same_caseload = large["caseload"][1] == small["caseload"][1]
    same_practice = large["practice"][1] == small["practice"][1]
    return [
        Row(
            name="2a. Caseload at 10x and 100x the data",
            measured=f"{caseload_growth:.1f}x time, {large['caseload'][1]} queries",
            baseline=f"{rows_ratio:.0f}x rows, {small['caseload'][1]} queries",
            ratio=caseload_growth / rows_ratio,
            goal="queries equal; time/rows <= 1",
            met=same_caseload and caseload_growth <= rows_ratio,
            note=(
                f"{small['rows']} vs {large['rows']} clients shown, practice of "
                f"{unit * 10} vs {unit * 100} clients; "
                f"{small['caseload'][0] * 1000:.0f} ms vs {large['caseload'][0] * 1000:.0f} ms"
            ),
        ),
        Row(
            name="2b. Practice outcomes page at 10x and 100x the data",
            measured=f"{practice_growth:.1f}x time, {large['practice'][1]} queries",
            baseline=f"{data_ratio:.0f}x data, {small['practice'][1]} queries",
            ratio=practice_growth / data_ratio,
            goal="queries equal; time/data <= 1",
            met=same_practice and practice_growth <= data_ratio,
            note=(
                f"{small['practice'][0] * 1000:.0f} ms vs {large['practice'][0] * 1000:.0f} ms; "
                "the rows shown are fixed; what grows is one GROUP BY over a stored row per "
                "finished course"
            ),
        ),
    ]


def _ok(response: object) -> object:
    status = getattr(response, "status_code", 0)
    if status != 200:
        raise RuntimeError(f"page answered {status}")
    return response
