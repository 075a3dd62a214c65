"""The instruments this practice offers: pure definitions plus any licensed wording it loaded."""

from __future__ import annotations

from django.conf import settings

from confide import instruments
from confide.assessments.models import InstrumentWording


def _wordings() -> dict[str, dict]:
    return dict(InstrumentWording.objects.values_list("instrument", "data"))


def get_instrument(code: str) -> instruments.Instrument:
    """Return the definition, with licensed wording applied when the practice has loaded it.

    Raises instruments.UnknownInstrument for a code Confide does not know.
    """
    definition = instruments.get(code)
    if definition.licensed_wording:
        data = InstrumentWording.objects.filter(instrument=code).values_list("data", flat=True)
        for wording in data:
            return instruments.apply_wording(definition, wording)
    return definition


def all_instruments() -> list[instruments.Instrument]:
    wordings = _wordings()
    return [
        instruments.apply_wording(d, wordings[d.code]) if d.code in wordings else d
        for d in instruments.all_instruments()
    ]


def cutoffs() -> dict[str, int]:
    """Practice settings that move a published cut-off within its published range."""
    return {"pcl5": settings.CONFIDE_PCL5_CUTOFF}
