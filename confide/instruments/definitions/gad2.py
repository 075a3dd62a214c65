"""GAD-2: the first two GAD-7 items, as a short anxiety screen (instruments.md §1.4)."""

from __future__ import annotations

from confide.instruments.definitions.gad7 import GAD7_ITEMS, GAD7_STEM
from confide.instruments.definitions.phq9 import PFIZER_LICENCE
from confide.instruments.model import Band, Instrument

GAD2 = Instrument(
    code="gad2",
    name="Generalized Anxiety Disorder-2 (GAD-2)",
    short_name="GAD-2",
    description=(
        "The first two questions of the GAD-7, about nervousness and worry over the last two "
        "weeks: a quick screen that says whether a fuller check is worthwhile."
    ),
    recall_days=14,
    recall_text="Over the last 2 weeks",
    stem=GAD7_STEM,
    items=GAD7_ITEMS[:2],
    bands=(
        Band(
            "negative",
            0,
            2,
            "Negative screen",
            "Your answers to these two questions do not point to an anxiety problem right now. "
            "If you are struggling, talking to someone can still help.",
            "self_care",
        ),
        Band(
            "positive",
            3,
            6,
            "Positive screen",
            "Your answers suggest it is worth looking more closely at anxiety, for example with "
            "the fuller GAD-7 or a conversation with a clinician. A positive screen is a reason "
            "to look further, not a diagnosis.",
            "recommend_clinician",
        ),
    ),
    # No LOINC panel or total code was found for the GAD-2; 70273-8 is the PHQ-15 total.
    loinc_panel=None,
    loinc_total=None,
    licence=PFIZER_LICENCE,
    sources=(
        "camcops server/camcops_server/extra_strings/gad7.xml @56a303e1 (item wording)",
        "fpnotebook; yourcabana help page; droracle (cut-off >= 3)",
        "https://loinc.org/69729-2 (no GAD-2 code found)",
    ),
)
