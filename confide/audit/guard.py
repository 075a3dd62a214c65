"""The database-level guard that makes the audit table append-only.

Kept here, not only in the migration, so that the test harness can lift it for the one thing
that may legitimately empty the table: resetting a test database between tests.
"""

from __future__ import annotations

GUARD = {
    "sqlite": [
        """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditevent
           BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;""",
        """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_auditevent
           BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;""",
    ],
    "postgresql": [
        """CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_auditevent
           FOR EACH ROW EXECUTE FUNCTION audit_append_only();""",
        # TRUNCATE bypasses row triggers; refuse it too.
        """CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_auditevent
           FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();""",
    ],
}

LIFT = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_no_update;",
        "DROP TRIGGER IF EXISTS audit_no_delete;",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_no_change ON audit_auditevent;",
        "DROP TRIGGER IF EXISTS audit_no_truncate ON audit_auditevent;",
        "DROP FUNCTION IF EXISTS audit_append_only();",
    ],
}
