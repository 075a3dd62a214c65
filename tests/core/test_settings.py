"""Settings read from the environment fail loudly; production refuses unsafe configuration."""

import os
import subprocess
import sys
import tempfile

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from confide.settings.env import env_bool, env_int, env_list, env_secret


def test_booleans_accept_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "off")
    assert env_bool("X_FLAG", True) is False


def test_a_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)


def test_a_bad_number_names_the_variable(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_NUM"):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "3")
    with pytest.raises(ImproperlyConfigured, match="minimum"):
        env_int("X_NUM", 1, minimum=5)


def test_lists_split_on_commas(monkeypatch):
    monkeypatch.setenv("X_LIST", "a.example, b.example,")
    assert env_list("X_LIST", []) == ["a.example", "b.example"]


def test_secrets_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("X_KEY_FILE", str(secret))
    assert env_secret("X_KEY") == "s3cret"


def _production_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    # An empty database of its own: a developer's demo database must not leak in.
    clean.update(
        env,
        DJANGO_SETTINGS_MODULE="confide.settings.production",
        CONFIDE_VAR_DIR=tempfile.mkdtemp(),
    )
    clean.setdefault("CONFIDE_NOTE_KEYS", Fernet.generate_key().decode())
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


GOOD_KEY = "k9$Vq2!xLr8#Tz5@Wm1^Hc7&Pn4*Bd6(Fs3)Gj0-Yw8+Ue2=Ra5_Zo9~Ni1Xe"


def test_production_refuses_to_start_with_debug_on():
    result = _production_check({"DJANGO_DEBUG": "true", "DJANGO_SECRET_KEY": GOOD_KEY})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be off" in result.stderr


def test_production_refuses_a_default_secret_key():
    result = _production_check({"DJANGO_SECRET_KEY": "dev-insecure-key-never-use-in-production"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_passes_the_deploy_check():
    result = _production_check({"DJANGO_SECRET_KEY": GOOD_KEY})
    assert result.returncode == 0, result.stderr + result.stdout


def test_every_response_carries_the_security_headers(client, db):
    response = client.get("/check/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_production_refuses_to_start_without_note_encryption_keys():
    result = _production_check({"DJANGO_SECRET_KEY": GOOD_KEY, "CONFIDE_NOTE_KEYS": ""})
    assert result.returncode != 0
    assert "CONFIDE_NOTE_KEYS" in result.stderr
