"""Run Confide under gunicorn (several workers) on a free loopback port for a benchmark."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(workers: int = 4) -> Iterator[int]:
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    process = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "confide.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
            "--log-level", "warning", "--access-logfile", "/dev/null",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if process.poll() is not None:
                raise RuntimeError("gunicorn exited while starting")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
