"""`manage.py verify_audit`: check the audit trail's hash chain; exit 1 at the first broken link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from confide.audit import chain


class Command(BaseCommand):
    help = (
        "Check that no audit event was changed or removed after it was written (the hash chain). "
        "Reports the first broken link and exits with status 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--chain",
            action="store_true",
            help="First chain events that are not chained yet (written by a process that died "
            "before it could, or before the chain existed).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["chain"]:
            added = chain.chain_pending()
            self.stdout.write(f"Chained {added} event(s) that were not chained yet.")
        verdict = chain.verify()
        if not verdict.intact:
            raise CommandError(
                f"The audit trail is BROKEN at link {verdict.broken_at}: {verdict.problem}. "
                f"The {verdict.links} link(s) before it hold; nothing from there on can be trusted."
            )
        head = verdict.head
        where = f", last link {head.seq}: {head.digest}" if head else ""
        self.stdout.write(
            self.style.SUCCESS(f"The audit trail holds: {verdict.links} event(s) chained{where}.")
        )
        if verdict.unchained:
            self.stdout.write(
                self.style.WARNING(
                    f"{verdict.unchained} event(s) are not chained yet: in flight, or left by a "
                    "process that stopped; `verify_audit --chain` chains them."
                )
            )
