"""E-mail last month's statement to every client (or guardian) with money on their account.

Run it on the first of each month (cron or the worker's scheduler); running it twice sends each
statement once (the outbox's key is the client and the month).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from confide.audit.actor import Actor, Via
from confide.audit.log import record
from confide.audit.models import Action
from confide.billing import ledger
from confide.billing.balances import client_entries
from confide.billing.notifications import send_statement
from confide.billing.records import month_bounds
from confide.practice.models import Client


class Command(BaseCommand):
    help = "Queue each client's monthly statement (PDF) by e-mail."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="YYYY-MM; default: last month")

    def handle(self, *args: object, **options: object) -> None:
        today = timezone.localdate()
        if options.get("month"):
            try:
                year, month = (int(p) for p in str(options["month"]).split("-"))
                month_bounds(year, month)
            except ValueError:
                raise CommandError("Give the month as YYYY-MM.") from None
        else:
            year, month = (
                (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
            )
        first, last = month_bounds(year, month)
        ids = list(
            Client.objects.filter(charges__isnull=False).values_list("pk", flat=True).distinct()
        )
        entries = client_entries(ids)
        sent = 0
        for client in Client.objects.filter(pk__in=ids):
            rows = [(e.on, e) for e in entries.get(client.pk, []) if e.on]
            active = any(first <= on <= last for on, _ in rows)
            owing = ledger.balance_of(e for on, e in rows if on <= last).balance != 0
            if not (active or owing):
                continue
            with transaction.atomic():
                if send_statement(client, year, month) is not None:
                    sent += 1
                    record(
                        Action.EXPORT,
                        actor=Actor.system(Via.COMMAND),
                        obj=client,
                        client_id=client.pk,
                        detail=f"Statement {year}-{month:02d} queued",
                    )
        self.stdout.write(f"{sent} statement(s) for {first:%B %Y} queued.")
