"""Benchmark 1: POST /api/v1/instruments/phq9/score through the full stack vs a bare view."""

from __future__ import annotations

import json
import statistics

from bench.load import post_json, run_load
from bench.report import Row
from bench.server import gunicorn

BODY = json.dumps({"responses": [1, 2, 0, 3, 1, 2, 0, 1, 0]}).encode()
GOAL = 0.7


def run(requests: int = 1500, concurrency: int = 8, rounds: int = 5) -> Row:
    full, bare = [], []
    with gunicorn(workers=4) as port:

        def api() -> int:
            return post_json("127.0.0.1", port, "/api/v1/instruments/phq9/score", BODY)

        def baseline() -> int:
            return post_json("127.0.0.1", port, "/bench/bare/phq9/score", BODY)

        run_load(api, total=200, concurrency=concurrency)  # warm both paths
        run_load(baseline, total=200, concurrency=concurrency)
        # Alternate the two so that drift in the machine's load hits both alike.
        for _ in range(rounds):
            b = run_load(baseline, total=requests, concurrency=concurrency)
            f = run_load(api, total=requests, concurrency=concurrency)
            if b.errors or f.errors:
                raise RuntimeError(f"errors: baseline {b.errors}, api {f.errors}")
            bare.append(b.throughput)
            full.append(f.throughput)
    ratio = statistics.median(full) / statistics.median(bare)
    return Row(
        name="1. Scoring API vs bare Django JSON view (gunicorn, 4 workers)",
        measured=f"{statistics.median(full):.0f} req/s",
        baseline=f"{statistics.median(bare):.0f} req/s",
        ratio=ratio,
        goal=f">= {GOAL}",
        met=ratio >= GOAL,
        note=f"median of {rounds} alternating rounds of {requests} requests, {concurrency} clients",
    )
