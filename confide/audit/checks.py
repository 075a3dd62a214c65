"""Deploy check: the app must not connect as a role that could rewrite the audit trail."""

from __future__ import annotations

from typing import Any

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError, connection


@register(Tags.security, deploy=True)
def check_app_role_cannot_rewrite_audit(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if connection.vendor != "postgresql":
        return []  # SQLite has no roles: the hash chain (verify_audit) is what detects a rewrite
    from confide.audit.roles import may_rewrite_audit

    try:
        exposed = may_rewrite_audit(connection)
    except DatabaseError:  # not migrated yet
        return []
    if not exposed:
        return []
    return [
        Warning(
            "Confide connects as a database role that can change or delete the audit trail.",
            hint="Connect as the app role (DATABASE_URL) and migrate as the owner "
            "(DATABASE_MIGRATE_URL): see docs/deployment.md, 'Database roles'.",
            id="confide.W201",
        )
    ]
