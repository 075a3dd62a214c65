from django.core.management.base import BaseCommand

from confide.outcomes import practice


class Command(BaseCommand):
    help = (
        "Recompute the stored practice outcomes and expected bands from every discharged "
        "client's record: after a bulk load or restore, or a change to the outcome settings."
    )

    def handle(self, *args: object, **options: object) -> None:
        stored = practice.rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"Practice outcomes rebuilt from {stored} course{'' if stored == 1 else 's'}."
            )
        )
