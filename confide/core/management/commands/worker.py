"""`manage.py worker`: django-tasks' database worker, announcing its start first.

Give each worker process a stable id of its own (`--worker-id "$(hostname)-1"`, a systemd
template's `%H-%i`): when it starts again under that id, anything it was running before died
with it and is marked failed at once (confide.core.signals.worker_started). Without a stable id
the stall timeout still catches such work, only later.
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from confide.core.signals import worker_started


class Command(DatabaseWorker):
    help = "Run the background worker (django-tasks' db_worker), first failing what it left."

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        worker_started.send(sender=self.__class__, worker_id=options["worker_id"])
        super().handle(*args, **options)
