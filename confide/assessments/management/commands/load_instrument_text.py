import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from confide import instruments
from confide.assessments.models import InstrumentWording


class Command(BaseCommand):
    help = (
        "Load the wording of a licensed instrument (EPDS, PHQ-A) from a JSON file, for a "
        "practice that holds permission to use it. Use --template CODE to print the skeleton."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="JSON file with an 'instrument' code.")
        parser.add_argument("--template", metavar="CODE", help="Print the file to fill in.")
        parser.add_argument("--permission", default="", help="Who granted permission, and when.")

    def handle(self, *args: object, **options: object) -> None:
        if options["template"]:
            definition = self._definition(str(options["template"]))
            self.stdout.write(json.dumps(instruments.wording_template(definition), indent=2))
            return
        if not options["file"]:
            raise CommandError("Give the wording file, or --template CODE for its skeleton.")
        path = Path(str(options["file"]))
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from None
        if not isinstance(data, dict) or "instrument" not in data:
            raise CommandError(f"{path} must be a JSON object with an 'instrument' code.")
        definition = self._definition(str(data["instrument"]))
        if not definition.licensed_wording:
            raise CommandError(f"{definition.code} ships its own public wording; nothing to load.")
        try:
            instruments.apply_wording(definition, data)
        except instruments.WordingError as exc:
            raise CommandError(f"{path}: {exc}") from None
        InstrumentWording.objects.update_or_create(
            instrument=definition.code,
            defaults={"data": data, "permission_note": str(options["permission"])[:300]},
        )
        self.stdout.write(
            self.style.SUCCESS(f"Loaded the wording of {definition.name}; it is now offered.")
        )

    def _definition(self, code: str) -> instruments.Instrument:
        try:
            return instruments.get(code)
        except instruments.UnknownInstrument:
            raise CommandError(f"Unknown instrument {code!r}.") from None
