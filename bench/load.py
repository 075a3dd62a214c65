"""A small HTTP load generator on loopback: bounded in requests and time, stops by itself."""

from __future__ import annotations

import http.client
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass


@dataclass
class LoadResult:
    requests: int
    seconds: float
    errors: int
    latencies: list[float]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p95(self) -> float:
        if not self.latencies:
            return 0.0
        return statistics.quantiles(self.latencies, n=20)[-1]


def post_json(host: str, port: int, path: str, body: bytes, headers: dict[str, str] | None = None):
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("POST", path, body, {"Content-Type": "application/json", **(headers or {})})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def run_load(
    request: Callable[[], int], *, total: int, concurrency: int, ok: tuple[int, ...] = (200,)
) -> LoadResult:
    """Send `total` requests from `concurrency` threads; time the whole batch."""
    latencies: list[float] = []
    errors = 0

    def one(_: int) -> tuple[float, bool]:
        started = time.perf_counter()
        status = request()
        return time.perf_counter() - started, status in ok

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for latency, good in pool.map(one, range(total)):
            latencies.append(latency)
            errors += 0 if good else 1
    return LoadResult(total, time.perf_counter() - started, errors, latencies)
