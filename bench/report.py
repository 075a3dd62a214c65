"""Benchmark rows and the Markdown report (bench/RESULTS.md)."""

from __future__ import annotations

import os
import platform
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass
class Row:
    name: str
    measured: str
    baseline: str
    ratio: float
    goal: str
    met: bool
    note: str = ""

    def line(self) -> str:
        verdict = "met" if self.met else "NOT met"
        return (
            f"| {self.name} | {self.measured} | {self.baseline} | {self.ratio:.2f} | "
            f"{self.goal} | {verdict} | {self.note} |"
        )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with suppress(OSError):  # not Linux: the platform's name will do
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB memory"
    return f"{cpu}, {os.cpu_count()} cores{memory}; Python {platform.python_version()}"


HEADER = (
    "| benchmark | measured | baseline | ratio | goal | verdict | how |\n"
    "|---|---|---|---|---|---|---|"
)


def write(rows: list[Row], path: Path, *, database: str, size: str, notes: list[str]) -> str:
    text = "\n".join(
        [
            "# Confide benchmarks",
            "",
            f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}; database {database}; "
            f"data: {size}. Every figure is a ratio against a baseline measured in the same run "
            "(`make bench`).",
            "",
            HEADER,
            *(row.line() for row in rows),
            "",
            *notes,
            "",
        ]
    )
    path.write_text(text)
    return text
