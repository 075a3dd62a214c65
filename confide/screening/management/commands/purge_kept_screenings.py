from django.core.management.base import BaseCommand
from django.utils import timezone

from confide.screening.models import KeptScreening


class Command(BaseCommand):
    help = "Delete kept screening results whose code has expired (and their answers)."

    def handle(self, *args: object, **options: object) -> None:
        deleted, _ = KeptScreening.objects.filter(
            expires_at__lt=timezone.now(), claimed_at__isnull=True
        ).delete()
        self.stdout.write(f"Deleted {deleted} expired records.")
