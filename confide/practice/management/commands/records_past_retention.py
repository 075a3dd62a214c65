"""List the records whose retention period has passed, for the practice to review.

Nothing is deleted: deciding what to destroy, and doing it, is the practice's (docs/records.md).
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from confide.assessments.models import Assessment
from confide.audit.actor import Actor, Via
from confide.audit.log import record_many
from confide.audit.models import Action
from confide.paperwork.models import Document
from confide.practice.models import Client
from confide.practice.retention import keep_until
from confide.scheduling.models import Appointment, Status


def _latest(queryset: Any, field: str) -> Subquery:
    return Subquery(queryset.filter(client=OuterRef("pk")).order_by(f"-{field}").values(field)[:1])


def _day(value: datetime | None) -> date | None:
    return timezone.localtime(value).date() if value is not None else None


def past_retention(as_of: date) -> list[tuple[Client, date, date]]:
    """(client, last contact, kept until) for each record due for review on `as_of`."""
    now = timezone.now()
    clients = Client.objects.annotate(
        last_appointment=_latest(
            Appointment.objects.exclude(status=Status.CANCELLED).filter(start__lte=now), "start"
        ),
        last_assessment=_latest(Assessment.objects.all(), "taken_at"),
        last_signature=_latest(Document.objects.filter(signed_at__isnull=False), "signed_at"),
    ).order_by("last_name", "first_name")
    due = []
    for client in clients:
        contacts = [client.created_at, client.last_appointment, client.last_assessment,
                    client.last_signature]  # fmt: skip
        last = max(d for d in (_day(c) for c in contacts) if d is not None)
        until = keep_until(
            last_contact=last,
            born=client.date_of_birth,
            first_contact=_day(client.created_at) or last,
            years=settings.CONFIDE_RETENTION_YEARS,
            minor_until_age=settings.CONFIDE_RETENTION_MINOR_UNTIL_AGE,
        )
        if until <= as_of:
            due.append((client, last, until))
    return due


class Command(BaseCommand):
    help = (
        "List client records past their retention period (CONFIDE_RETENTION_YEARS after the "
        "last contact; for someone seen as a minor, not before CONFIDE_RETENTION_MINOR_UNTIL_AGE)"
        ". Deletes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="Review date, YYYY-MM-DD (default: today).")
        parser.add_argument("--csv", action="store_true", help="Comma-separated output.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = (
                date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
            )
        except ValueError:
            raise CommandError("--as-of: give a date as YYYY-MM-DD.") from None
        due = past_retention(as_of)
        record_many(
            Action.READ, [c for c, _, _ in due], actor=Actor.system(Via.COMMAND),
            client_of=lambda c: c.pk,
        )  # fmt: skip
        if options["csv"]:
            writer = csv.writer(self.stdout)
            writer.writerow(["client_id", "name", "status", "last_contact", "kept_until"])
            for client, last, until in due:
                writer.writerow([client.pk, client.full_name, client.status, last, until])
            return
        self.stdout.write(
            f"Records past retention on {as_of} ({settings.CONFIDE_RETENTION_YEARS} years; "
            f"minors to age {settings.CONFIDE_RETENTION_MINOR_UNTIL_AGE}): {len(due)}. "
            "Nothing has been deleted."
        )
        for client, last, until in due:
            self.stdout.write(
                f"  {client.pk}  {client.full_name:<30} {client.get_status_display():<11} "
                f"last contact {last}, kept until {until}"
            )
