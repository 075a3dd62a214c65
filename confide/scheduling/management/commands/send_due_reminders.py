"""Enqueue the reminders that are due. Run it every few minutes (cron, or --every)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from confide.scheduling.tasks import due_reminders, send_reminder


class Command(BaseCommand):
    help = "Enqueue email reminders for appointments in the next 24 hours (each is sent once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every", type=int, default=0, help="Keep running, checking every N seconds."
        )

    def handle(self, *args: Any, every: int = 0, **options: Any) -> None:
        while True:
            ids = due_reminders()
            for pk in ids:
                send_reminder.enqueue(pk)
            self.stdout.write(f"Enqueued {len(ids)} reminder(s).")
            if not every:
                return
            time.sleep(every)
