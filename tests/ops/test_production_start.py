"""The production start in docs/deployment.md: migrate, then gunicorn serves Confide."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
SECRET = "p9$Vq2!xLr8#Tz5@Wm1^Hc7&Pn4*Bd6(Fs3)Gj0-Yw8+Ue2=Ra5_Zo9~Ni1Xe"


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="confide.settings.production",
        DJANGO_SECRET_KEY=SECRET,
        CONFIDE_NOTE_KEYS=Fernet.generate_key().decode(),
        CONFIDE_VAR_DIR=str(tmp_path),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        CONFIDE_STATIC_ROOT=str(tmp_path / "static"),
    )
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_production_release_migrates_and_serves_behind_the_proxy(tmp_path):
    env = _env(tmp_path)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "confide.wsgi:application", "--workers", "2",
         "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        body = b""
        for _ in range(100):
            with contextlib.suppress(OSError):
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/check/", headers={"X-Forwarded-Proto": "https"}
                )
                with urllib.request.urlopen(request, timeout=5) as response:
                    body = response.read()
                    headers = response.headers
                    break
            time.sleep(0.2)
        assert b"How have you been feeling" in body
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
        assert "no-store" in headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_production_start_refuses_an_account_with_the_demo_password(tmp_path):
    env = _env(tmp_path)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    make = (
        "from confide.accounts.models import User; from confide.accounts.demo import DEMO_PASSWORD;"
        "User.objects.create_user('avery', email='avery@practice.example', password=DEMO_PASSWORD)"
    )
    subprocess.run([*manage, "shell", "-c", make], cwd=ROOT, env=env, check=True)
    start = subprocess.run(
        [sys.executable, "-c", "import confide.wsgi"], cwd=ROOT, env=env, capture_output=True,
        text=True,
    )  # fmt: skip
    assert start.returncode != 0
    assert "Refusing to start" in start.stderr and "avery" in start.stderr
    check = subprocess.run(
        [*manage, "check", "--deploy"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert check.returncode != 0 and "confide.E003" in check.stderr
