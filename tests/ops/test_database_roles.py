"""PostgreSQL: the app's role can add to the audit trail and read it, and nothing else there.

docs/deployment.md sets up two roles: the owner runs the migrations, the app runs Confide. These
tests do what an app that went wrong (or an attacker holding its password) would try.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from confide.audit.checks import check_app_role_cannot_rewrite_audit
from confide.audit.roles import grant_app_role, may_rewrite_audit

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.postgres

# What the app's role must never manage to do to the trail.
REWRITES = {
    "update": "UPDATE audit_auditevent SET detail = 'rewritten'",
    "delete": "DELETE FROM audit_auditevent",
    "truncate": "TRUNCATE audit_auditevent",
    "drop": "DROP TABLE audit_auditevent",
    "disable the triggers": "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    "drop a trigger": "DROP TRIGGER audit_no_change ON audit_auditevent",
    "replace the guard": "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS "
    "$$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
    "skip triggers": "SET session_replication_role = replica",
    "rewrite the chain": "UPDATE audit_auditlink SET digest = 'x'",
    "empty the chain": "TRUNCATE audit_auditlink",
}


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's (SQLite: see the hash chain tests)")


@pytest.fixture
def as_app_role(postgres_only, db):
    """Inside the test's transaction: a fresh role with the app's grants, acting as it."""
    role = f"confide_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
        grant_app_role(connection, role)
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        yield cursor
        cursor.execute("RESET ROLE")


@pytest.mark.parametrize("attempt", list(REWRITES))
def test_the_app_role_cannot_rewrite_the_audit_trail(as_app_role, attempt):
    as_app_role.execute(
        "INSERT INTO audit_auditevent (at, actor_username, actor_role, action, object_type,"
        " object_id, via, detail) VALUES (now(), 'alice', 'clinician', 'read', 'client', '1',"
        " 'page', '')"
    )
    with (
        pytest.raises(DatabaseError, match=r"permission denied|must be owner"),
        transaction.atomic(),
    ):
        as_app_role.execute(REWRITES[attempt])
    as_app_role.execute("SELECT count(*) FROM audit_auditevent WHERE detail = ''")
    assert as_app_role.fetchone()[0] >= 1


def test_the_app_role_keeps_its_ordinary_rights_elsewhere(as_app_role):
    as_app_role.execute(
        "INSERT INTO django_session (session_key, session_data, expire_date)"
        " VALUES ('k', 'd', now())"
    )
    as_app_role.execute("UPDATE django_session SET session_data = 'e' WHERE session_key = 'k'")
    as_app_role.execute("DELETE FROM django_session WHERE session_key = 'k'")
    as_app_role.execute("SELECT count(*) FROM audit_auditlink")
    assert not may_rewrite_audit(connection)
    assert check_app_role_cannot_rewrite_audit() == []


def test_the_deploy_check_warns_when_confide_connects_as_the_owner(postgres_only, db):
    # The test database's own user owns every table: exactly what production must not do.
    assert [w.id for w in check_app_role_cannot_rewrite_audit()] == ["confide.W201"]


@pytest.mark.django_db(transaction=True)
def test_migrate_runs_as_the_owner_and_leaves_the_app_role_append_only(postgres_only, tmp_path):
    """The release step of docs/deployment.md on a fresh database, then the app's role at work."""
    import psycopg

    settings = connection.settings_dict
    server = f"{settings['HOST']}:{settings['PORT']}"
    tag = uuid.uuid4().hex[:8]
    owner, app, name = f"confide_owner_{tag}", f"confide_app_{tag}", f"confide_roles_{tag}"
    admin_url = f"postgres://{settings['USER']}@{server}/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{owner}" LOGIN')
        admin.execute(f'CREATE ROLE "{app}" LOGIN')
        admin.execute(f'CREATE DATABASE "{name}" OWNER "{owner}"')
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="confide.settings.dev",
            CONFIDE_VAR_DIR=str(tmp_path),
            DATABASE_URL=f"postgres://{app}@{server}/{name}",
            DATABASE_MIGRATE_URL=f"postgres://{owner}@{server}/{name}",
        )
        done = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        assert f"Granted the app's rights to the role {app}" in done.stdout
        # The app itself: it records (and so chains) an event, as its own role.
        script = (
            "import django; django.setup();"
            "from django.db import connection;"
            "from confide.audit.actor import Actor, Via;"
            "from confide.audit.log import record; from confide.audit.models import Action;"
            "record(Action.LOGIN, actor=Actor.system(Via.COMMAND), detail='as the app');"
            "from confide.audit.roles import may_rewrite_audit;"
            "print('app', connection.settings_dict['USER'], may_rewrite_audit(connection))"
        )
        run = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr[-3000:]
        assert f"app {app} False" in run.stdout
        with psycopg.connect(f"postgres://{app}@{server}/{name}", autocommit=True) as as_app:
            assert as_app.execute("SELECT count(*) FROM audit_auditlink").fetchone()[0] == 1
            for attempt, sql in REWRITES.items():
                with pytest.raises(psycopg.Error) as refused:
                    as_app.execute(sql)
                assert isinstance(refused.value, psycopg.errors.InsufficientPrivilege), attempt
            # The cache table was made by migrate, and the app may use it.
            as_app.execute("DELETE FROM confide_cache")
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'DROP ROLE IF EXISTS "{app}"')
            admin.execute(f'DROP ROLE IF EXISTS "{owner}"')
