"""`migrate`, as the database's owner, then everything else the database needs.

With `DATABASE_MIGRATE_URL` set (the release step only; app servers never hold it), the schema is
changed as that owner instead of the `DATABASE_URL` role, and the `DATABASE_URL` role is then given
the app's rights: ordinary ones everywhere, only INSERT and SELECT on the audit trail
(confide/audit/roles.py). The shared cache's table is created too, when the cache is the database.
"""

from __future__ import annotations

from typing import Any

import dj_database_url
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections

from confide.audit.roles import grant_app_role


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " As DATABASE_MIGRATE_URL's owner role when it is set."

    def handle(self, *args: Any, **options: Any) -> None:
        database = options["database"]
        connection = connections[database]
        owner_url = getattr(settings, "DATABASE_MIGRATE_URL", "")
        app_role = connection.settings_dict.get("USER") or ""
        as_owner = bool(owner_url) and database == DEFAULT_DB_ALIAS
        if as_owner:
            self._connect_as_owner(connection, owner_url)
        super().handle(*args, **options)
        if options.get("plan") or options.get("check_unapplied"):
            return
        call_command("createcachetable", database=database, verbosity=0)
        owner_role = connection.settings_dict["USER"]
        if as_owner and connection.vendor == "postgresql" and app_role not in ("", owner_role):
            grant_app_role(connection, app_role)
            if options["verbosity"]:
                self.stdout.write(f"Granted the app's rights to the role {app_role}.")

    @staticmethod
    def _connect_as_owner(connection: Any, owner_url: str) -> None:
        owner = dj_database_url.parse(owner_url)
        ours = connection.settings_dict
        for key in ("ENGINE", "NAME", "HOST", "PORT"):
            if str(owner.get(key) or "") != str(ours.get(key) or ""):
                raise CommandError(
                    f"DATABASE_MIGRATE_URL must name the same database as DATABASE_URL ({key} "
                    "differs): only the role may change."
                )
        connection.close()
        ours["USER"], ours["PASSWORD"] = owner["USER"], owner.get("PASSWORD", "")
