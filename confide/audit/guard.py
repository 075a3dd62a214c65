"""The database-level guard that makes the audit tables append-only.

Kept here, not only in the migrations, so that the test harness can lift it for the one thing
that may legitimately empty the tables: resetting a test database between tests. On PostgreSQL
the app's own role cannot lift it either (it owns nothing, see confide/audit/roles.py); on SQLite
anyone who can write the file can, which the hash chain (confide/audit/chain.py) then reveals.
"""

from __future__ import annotations

EVENTS = "audit_auditevent"
LINKS = "audit_auditlink"
TABLES = (EVENTS, LINKS)

# Trigger names: those of the event table predate the chain and stay as they were.
_PREFIX = {EVENTS: "audit", LINKS: "audit_link"}

_FUNCTION = """CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
   BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END; $$ LANGUAGE plpgsql;"""


def guard(vendor: str, table: str) -> list[str]:
    """The statements that make `table` refuse every change and removal."""
    name = _PREFIX[table]
    if vendor == "sqlite":
        return [
            f"""CREATE TRIGGER {name}_no_update BEFORE UPDATE ON {table}
               BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;""",
            f"""CREATE TRIGGER {name}_no_delete BEFORE DELETE ON {table}
               BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;""",
        ]
    if vendor == "postgresql":
        return [
            _FUNCTION,
            f"""CREATE TRIGGER {name}_no_change BEFORE UPDATE OR DELETE ON {table}
               FOR EACH ROW EXECUTE FUNCTION audit_append_only();""",
            # TRUNCATE bypasses row triggers; refuse it too.
            f"""CREATE TRIGGER {name}_no_truncate BEFORE TRUNCATE ON {table}
               FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();""",
        ]
    return []


def lift(vendor: str, table: str) -> list[str]:
    name = _PREFIX[table]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {name}_no_update;",
            f"DROP TRIGGER IF EXISTS {name}_no_delete;",
        ]
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {name}_no_change ON {table};",
            f"DROP TRIGGER IF EXISTS {name}_no_truncate ON {table};",
        ]
    return []


# Every table at once, for the test harness's flush.
GUARD = {
    vendor: [sql for t in TABLES for sql in guard(vendor, t)] for vendor in ("sqlite", "postgresql")
}
LIFT = {
    vendor: [sql for t in TABLES for sql in lift(vendor, t)] for vendor in ("sqlite", "postgresql")
}
