"""Benchmark 3: the FHIR bulk export, against orjson dumping the same rows as plain dicts.

Throughput: resources written per second by the real export (build, check a sample against
fhir.resources, serialise, stream to NDJSON files) against the floor of serialisation cost:
orjson writing each client's and each assessment's row as a plain dict. Memory: the peak
resident size of a process that does nothing but the export, at a tenth of the size and at
the full size, must stay flat, since the export streams clients in chunks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson
from django.utils import timezone

from bench.generate import generate, reset
from bench.report import Row
from confide.accounts.models import Role, User
from confide.assessments.models import Assessment
from confide.interop.bulk import TYPES, job_dir, write_export
from confide.interop.models import ExportFile, ExportJob
from confide.practice.models import Client


def _export(admin: User) -> tuple[int, float]:
    job = ExportJob.objects.create(
        requested_by=admin, request_url="bench", types=list(TYPES), transaction_time=timezone.now()
    )
    started = time.perf_counter()
    write_export(job)
    seconds = time.perf_counter() - started
    count = sum(ExportFile.objects.filter(job=job).values_list("count", flat=True))
    shutil.rmtree(job_dir(job), ignore_errors=True)
    return count, seconds


def _orjson_floor(path: Path) -> tuple[int, float]:
    """The same rows, as plain dicts, dumped line by line: what serialisation alone costs."""
    started = time.perf_counter()
    rows = 0
    with path.open("wb") as out:
        for row in Client.objects.values().iterator(chunk_size=2000):
            out.write(orjson.dumps(row) + b"\n")
            rows += 1
        for row in Assessment.objects.values().iterator(chunk_size=2000):
            out.write(orjson.dumps(row) + b"\n")
            rows += 1
    seconds = time.perf_counter() - started
    path.unlink()
    return rows, seconds


def _export_in_child(admin: User) -> dict[str, float]:
    """Run one export in a fresh process and read its peak resident memory from the kernel."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.export_child", admin.username],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def run(clients: int = 5000) -> list[Row]:
    """Export a practice of `clients` (memory also at a tenth of it): each client carries
    about 17 questionnaires, so that is ~165 resources per client."""
    small, large = max(20, clients // 10), max(200, clients)
    reset()
    admin = User.objects.create(username="bench-exporter", role=Role.ADMIN, password="!")
    generate(small, seed=3)
    memory_small = _export_in_child(admin)["max_rss"]
    generate(large - small, seed=4)
    measured = _export_in_child(admin)
    count, seconds, memory_large = measured["count"], measured["seconds"], measured["max_rss"]
    floor_rows, floor_seconds = _orjson_floor(Path("/tmp/confide-bench-floor.ndjson"))
    clients = large
    export_rate = count / seconds
    floor_rate = floor_rows / floor_seconds
    growth = memory_large / memory_small
    return [
        Row(
            name="3a. FHIR bulk export vs orjson dump of the same rows",
            measured=f"{export_rate:,.0f} resources/s",
            baseline=f"{floor_rate:,.0f} rows/s",
            ratio=export_rate / floor_rate,
            goal="report (the floor)",
            met=True,
            note=(
                f"{count:,} resources from {clients:,} clients in {seconds:.0f} s; resources "
                "are built as dicts, a sample validated with fhir.resources, all written"
            ),
        ),
        Row(
            name="3b. FHIR bulk export peak memory, small vs large practice",
            measured=f"{memory_large / 1024:.0f} MB at {clients:,} clients",
            baseline=f"{memory_small / 1024:.0f} MB at {small:,} clients",
            ratio=growth,
            goal="flat (<= 1.5)",
            met=growth <= 1.5,
            note="peak resident memory of a process doing only the export (Django included)",
        ),
    ]
