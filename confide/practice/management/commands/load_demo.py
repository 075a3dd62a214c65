from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from confide.practice.demo.places import load_places


class Command(BaseCommand):
    help = "Load the demo practice (idempotent). Refused under production settings."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG and not getattr(settings, "CONFIDE_ALLOW_DEMO", False):
            raise CommandError("Demo data is for development only; DEBUG is off here.")
        locations = load_places()
        self.stdout.write(
            self.style.SUCCESS(f"Demo practice ready: {', '.join(map(str, locations))}.")
        )
