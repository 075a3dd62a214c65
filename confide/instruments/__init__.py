"""Instruments as data, one scoring engine, licensed wording and FHIR rendering.

Pure Python with no Django import: Django apps import this package, never the reverse.

    from confide import instruments
    result = instruments.score(instruments.get("phq9"), [0, 0, 0, 0, 0, 0, 0, 0, 1])
    result.total, result.severity, result.flags   # 1, "minimal", ("risk",)
"""

from confide.instruments.fhir import questionnaire
from confide.instruments.model import (
    NEXT_STEPS,
    Band,
    CountRule,
    Cutoff,
    Instrument,
    Item,
    Licence,
    MissingRule,
    Option,
    Result,
    Subscale,
    TotalTransform,
)
from confide.instruments.registry import UnknownInstrument, all_instruments, codes, get
from confide.instruments.scoring import (
    CutoffError,
    ResponseError,
    band_for,
    evaluate_rule,
    resolve_bands,
    round_half_up,
    score,
)
from confide.instruments.wording import WordingError, apply_wording, wording_template

__all__ = [
    "NEXT_STEPS",
    "Band",
    "CountRule",
    "Cutoff",
    "CutoffError",
    "Instrument",
    "Item",
    "Licence",
    "MissingRule",
    "Option",
    "ResponseError",
    "Result",
    "Subscale",
    "TotalTransform",
    "UnknownInstrument",
    "WordingError",
    "all_instruments",
    "apply_wording",
    "band_for",
    "codes",
    "evaluate_rule",
    "get",
    "questionnaire",
    "resolve_bands",
    "round_half_up",
    "score",
    "wording_template",
]
