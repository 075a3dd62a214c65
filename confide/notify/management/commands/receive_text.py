"""Play a text sent to the practice's number, as the webhook would (development, support)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from confide.audit.actor import Actor, Via
from confide.notify import sms
from confide.notify.actions import receive_text


class Command(BaseCommand):
    help = "Handle a text from NUMBER saying BODY (STOP, START, HELP, ...); print the reply."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("number", help="The sender, e.g. +12035550101 or (203) 555-0101")
        parser.add_argument("body", help="What they wrote")

    def handle(self, *args: object, **options: str) -> None:
        if not sms.normalise(options["number"]):
            raise CommandError(f"{options['number']!r} is not a valid phone number.")
        inbound = sms.Inbound(sender=options["number"], body=options["body"])
        reply = receive_text(Actor.system(Via.COMMAND), inbound)
        self.stdout.write(reply or "(no reply)")
