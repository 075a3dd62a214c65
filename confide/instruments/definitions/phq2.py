"""PHQ-2: the first two PHQ-9 items, as a short depression screen (instruments.md §1.2)."""

from __future__ import annotations

from confide.instruments.definitions.phq9 import PFIZER_LICENCE, PHQ9_ITEMS, PHQ_STEM
from confide.instruments.model import Band, Instrument

PHQ2 = Instrument(
    code="phq2",
    name="Patient Health Questionnaire-2 (PHQ-2)",
    short_name="PHQ-2",
    description=(
        "The first two questions of the PHQ-9, about low mood and loss of interest over the "
        "last two weeks: a quick screen that says whether a fuller check is worthwhile."
    ),
    recall_days=14,
    recall_text="Over the last 2 weeks",
    stem=PHQ_STEM,
    # The same two items, with the same LOINC item codes, as PHQ-9 items 1 and 2.
    items=PHQ9_ITEMS[:2],
    bands=(
        Band(
            "negative",
            0,
            2,
            "Negative screen",
            "Your answers to these two questions do not point to depression right now. If you "
            "are struggling, talking to someone can still help.",
            "self_care",
        ),
        Band(
            "positive",
            3,
            6,
            "Positive screen",
            "Your answers suggest it is worth looking more closely at your mood, for example "
            "with the fuller PHQ-9 or a conversation with a clinician. A positive screen is a "
            "reason to look further, not a diagnosis.",
            "recommend_clinician",
        ),
    ),
    loinc_panel="55757-9",
    loinc_total="55758-7",
    licence=PFIZER_LICENCE,
    notes=(
        "Cut-off 3 or more (HEDIS DSF-E). A cut-off of 2 is more sensitive and less specific "
        "(Arroll 2010).",
    ),
    sources=(
        "LOINC 55757-9 panel, 55758-7 total (https://cdn.loinc.org/55757-9)",
        "HEDIS DSF-E (bcbsnd.com tip sheet); Hindawi CPN 2013 695925 table 1 (cut-off >= 3)",
        "Arroll et al. 2010, Ann Fam Med 8:348, PMC2906530 (sensitivity and specificity)",
        "camcops server/camcops_server/extra_strings/phq9.xml @56a303e1 (item wording)",
    ),
)
