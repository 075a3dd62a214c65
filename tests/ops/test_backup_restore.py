"""The backup and restore in docs/deployment.md, run for real against the test database."""

import shutil
import sqlite3
import subprocess
import uuid

import pytest
from django.db import connection

from confide.audit.log import record
from confide.audit.models import Action
from tests.factories import SYSTEM, build_world

pytestmark = pytest.mark.django_db(transaction=True)

TABLES = ["practice_client", "assessments_assessment", "audit_auditevent"]


def counts(cursor) -> dict[str, int]:
    result = {}
    for table in TABLES:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        result[table] = cursor.fetchone()[0]
    return result


def test_a_backup_restores_every_record_and_keeps_the_audit_guard(tmp_path):
    build_world()
    record(Action.EXPORT, actor=SYSTEM, detail="backup test")
    with connection.cursor() as cursor:
        expected = counts(cursor)
    if connection.vendor == "postgresql":
        restored = _postgres_round_trip(tmp_path)
    else:
        restored = _sqlite_round_trip(tmp_path)
    assert restored["counts"] == expected
    assert restored["audit_guarded"]


def _postgres_round_trip(tmp_path):
    import psycopg

    settings = connection.settings_dict
    base = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}"
    source = f"{base}/{settings['NAME']}"
    target_name = f"confide_restore_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "confide.dump"
    assert shutil.which("pg_dump"), "pg_dump is needed for the documented backup"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--dbname", source, "--file", str(dump)],
        check=True,
    )
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{target_name}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--dbname", f"{base}/{target_name}", str(dump)],
            check=True,
        )
        with psycopg.connect(f"{base}/{target_name}") as restored:
            cursor = restored.cursor()
            result = counts(cursor)
            try:
                cursor.execute("DELETE FROM audit_auditevent")
                guarded = False
            except psycopg.errors.RaiseException:
                guarded = True
        return {"counts": result, "audit_guarded": guarded}
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)')


def _sqlite_round_trip(tmp_path):
    target = sqlite3.connect(tmp_path / "restored.sqlite3")
    connection.ensure_connection()
    connection.connection.backup(target)
    cursor = target.cursor()
    result = counts(cursor)
    try:
        cursor.execute("DELETE FROM audit_auditevent")
        guarded = False
    except sqlite3.DatabaseError:
        guarded = True
    target.close()
    return {"counts": result, "audit_guarded": guarded}
