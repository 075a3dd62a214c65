from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from confide.accounts.demo import ensure_demo_second_factor
from confide.accounts.models import Role, User
from confide.practice.demo.people import DEMO_PASSWORD, load_people
from confide.practice.demo.places import load_places
from confide.practice.models import DemoData


class Command(BaseCommand):
    help = "Load the demo practice (idempotent) and print its sign-in accounts. Development only."

    def handle(self, *args: object, **options: object) -> None:
        # A production start must never hold accounts with a published password.
        if not settings.DEBUG:
            raise CommandError("Demo data is for development only; DEBUG is off here.")
        # First of all: whatever happens next, this database is the demo's from now on.
        DemoData.objects.get_or_create(pk=1)
        locations = load_places()
        accounts = load_people()
        # Each area adds its part of a busy practice; order matters (appointments before the
        # scores taken at them, requests after the clinicians they match).
        for area in (
            "scheduling",
            "intake",
            "ipt",
            "outcomes",
            "billing",
            "paperwork",
            "messaging",
        ):
            import_string(f"confide.{area}.demo.load_demo")()
        self.stdout.write(
            self.style.SUCCESS(f"Demo practice ready: {', '.join(map(str, locations))}.")
        )
        self.stdout.write(
            f"\nDemo sign-in at /accounts/login/ (password for every account: {DEMO_PASSWORD})."
            "\nStaff accounts need a second factor: use one of the one-time recovery codes"
            " shown (each works once; new ones are printed at every start)."
        )
        users = {
            u.username: u for u in User.objects.filter(username__in=[a.username for a in accounts])
        }
        for account in accounts:
            line = f"  {account.username:<12} {account.role:<10} {account.name}"
            if account.role not in (Role.CLIENT, Role.GUARDIAN):
                codes = ensure_demo_second_factor(users[account.username])
                line += f"\n{'':<25}recovery codes: {' '.join(codes[:3])}"
            self.stdout.write(line)
