"""PostgreSQL: the app's role may add to the audit trail and read it, and nothing more.

Two roles (docs/deployment.md): the owner, who owns every table and runs the migrations
(`DATABASE_MIGRATE_URL`), and the app, which the app servers and workers connect as
(`DATABASE_URL`). The app gets the ordinary rights on every table but only INSERT and SELECT on
the audit tables. Dropping a table, dropping or disabling a trigger, and replacing the trigger's
function all need ownership, which the app never has. `manage.py migrate` re-applies these grants
after every migration, so a new table is usable at once and the audit tables never widen.
"""

from __future__ import annotations

from typing import Any

from confide.audit.guard import TABLES


def grant_statements(role: str, quote: Any) -> list[str]:
    """The SQL that gives `role` the app's rights in the current schema. `quote` quotes a name."""
    who = quote(role)
    audit = ", ".join(quote(t) for t in TABLES)
    return [
        f"GRANT USAGE ON SCHEMA public TO {who}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {who}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {audit} FROM {who}, PUBLIC",
    ]


def grant_app_role(connection: Any, role: str) -> None:
    """Apply `grant_statements` on `connection`, which must be the owner's."""
    with connection.cursor() as cursor:
        for sql in grant_statements(role, connection.ops.quote_name):
            cursor.execute(sql)


def may_rewrite_audit(connection: Any) -> bool:
    """Whether the connected role could change or empty the audit trail (it owns the table, or
    holds UPDATE, DELETE or TRUNCATE on it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_catalog.pg_get_userbyid(c.relowner) = current_user"
            " OR has_table_privilege(c.oid, 'UPDATE, DELETE, TRUNCATE')"
            " FROM pg_catalog.pg_class c WHERE c.oid = %s::regclass",
            [TABLES[0]],
        )
        row = cursor.fetchone()
    return bool(row and row[0])
