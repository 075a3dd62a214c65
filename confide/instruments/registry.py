"""Every instrument Confide ships, by code."""

from __future__ import annotations

from confide.instruments.definitions.epds import EPDS
from confide.instruments.definitions.gad2 import GAD2
from confide.instruments.definitions.gad7 import GAD7
from confide.instruments.definitions.pcl5 import PCL5
from confide.instruments.definitions.phq2 import PHQ2
from confide.instruments.definitions.phq9 import PHQ9
from confide.instruments.definitions.phqa import PHQA
from confide.instruments.definitions.ucla3 import UCLA3
from confide.instruments.definitions.who5 import WHO5
from confide.instruments.model import Instrument

# Display order: the two measures most practices use first, their short screens, the
# versions for particular groups, then trauma, wellbeing and loneliness.
_ORDER: tuple[Instrument, ...] = (PHQ9, GAD7, PHQ2, GAD2, PHQA, EPDS, PCL5, WHO5, UCLA3)
_BY_CODE: dict[str, Instrument] = {i.code: i for i in _ORDER}


class UnknownInstrument(KeyError):
    """No instrument has this code."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        # KeyError's own str() is the repr of its argument; say something readable instead.
        return f"Unknown instrument {self.code!r}; known: {', '.join(codes())}."


def get(code: str) -> Instrument:
    """Return the shipped definition for `code` (e.g. "phq9"); raise UnknownInstrument."""
    try:
        return _BY_CODE[code]
    except (KeyError, TypeError):
        raise UnknownInstrument(code) from None


def all_instruments() -> tuple[Instrument, ...]:
    """Return every shipped definition, in display order."""
    return _ORDER


def codes() -> tuple[str, ...]:
    """Return every instrument code, in display order."""
    return tuple(i.code for i in _ORDER)
