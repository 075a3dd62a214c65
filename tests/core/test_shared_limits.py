"""Rate limits and lockouts hold across app servers: two processes share one budget.

Each "server" is a separate Python process with its own cache client and database connection,
as two gunicorn hosts behind the proxy would be.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("CONFIDE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

COUNT = """
from django.test import RequestFactory
from confide.core.ratelimit import retry_after
request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.4")
print(sum(retry_after(request, SCOPE, 7, 600) is None for _ in range(10)))
"""

SIGN_IN = """
from django.test import Client
client = Client(REMOTE_ADDR="198.51.100.5", HTTP_HOST="localhost")
codes = [client.post("/accounts/login/", {"username": "carol", "password": "wrong password!"})
         .status_code for _ in range(TIMES)]
print(" ".join(map(str, codes)))
"""


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def servers(script: str, n: int = 2, **env: str) -> list[str]:
    """Run `script` in `n` processes at once; return what each printed."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    base.update(DJANGO_SETTINGS_MODULE="confide.settings.test", DATABASE_URL=database_url())
    base.update(env)
    code = "import django; django.setup()\n" + textwrap.dedent(script)
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=base,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(n)
    ]
    outputs = []
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err[-3000:]
        outputs.append(out.strip())
    return outputs


@pytest.mark.django_db(transaction=True)
def test_two_servers_on_the_database_cache_share_one_budget():
    scope = f"shared-{uuid.uuid4().hex}"
    allowed = servers(f"SCOPE = {scope!r}\n" + COUNT)
    assert sum(map(int, allowed)) == 7, allowed


def _redis_up() -> bool:
    from urllib.parse import urlparse

    url = urlparse(REDIS)
    try:
        with socket.create_connection((url.hostname, url.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason=f"no Redis at {REDIS}")
def test_two_servers_on_redis_share_one_budget():
    scope = f"shared-{uuid.uuid4().hex}"
    # The development settings use Redis when REDIS_URL is set (the test settings never do).
    allowed = servers(
        f"SCOPE = {scope!r}\n" + COUNT,
        DJANGO_SETTINGS_MODULE="confide.settings.dev",
        REDIS_URL=REDIS,
        DATABASE_URL="sqlite:///:memory:",
    )
    assert sum(map(int, allowed)) == 7, allowed


@pytest.mark.django_db(transaction=True)
def test_a_lockout_counts_failures_on_every_server():
    from tests.factories import make_user

    make_user("carol", "client")
    first = servers("TIMES = 3\n" + SIGN_IN, n=1)
    second = servers("TIMES = 3\n" + SIGN_IN, n=1)
    # Five failures in all lock the pair, whichever server saw them.
    assert first == ["422 422 422"]
    assert second == ["422 429 429"]
