"""GAD-7: Generalized Anxiety Disorder scale (instruments.md §1.3)."""

from __future__ import annotations

from confide.instruments.definitions.options import frequency_item
from confide.instruments.definitions.phq9 import PFIZER_LICENCE, PHQ_STEM
from confide.instruments.model import Band, Instrument, Item, MissingRule

# Wording as in camcops extra_strings/gad7.xml; LOINC codes from the MII GAD-7 FSH.
GAD7_ITEMS: tuple[Item, ...] = (
    frequency_item(1, "Feeling nervous, anxious or on edge", "69725-0"),
    frequency_item(2, "Not being able to stop or control worrying", "68509-9"),
    frequency_item(3, "Worrying too much about different things", "69733-4"),
    frequency_item(4, "Trouble relaxing", "69734-2"),
    frequency_item(5, "Being so restless that it is hard to sit still", "69735-9"),
    frequency_item(6, "Becoming easily annoyed or irritable", "69689-8"),
    frequency_item(7, "Feeling afraid as if something awful might happen", "69736-7"),
)

GAD7_STEM = PHQ_STEM  # the same sentence (camcops gad7.xml)

GAD7_CONVENTION = (
    "No published rule for missing GAD-7 items was found. Confide's convention, the same as for "
    "the PHQ-9: with one item missing, it is given the average of the answered items and the "
    "total rounded to the nearest whole number (halves rounded up)."
)

GAD7 = Instrument(
    code="gad7",
    name="Generalized Anxiety Disorder scale (GAD-7)",
    short_name="GAD-7",
    description=(
        "Seven questions about common signs of anxiety over the last two weeks, widely used to "
        "screen for anxiety and follow its course."
    ),
    recall_days=14,
    recall_text="Over the last 2 weeks",
    stem=GAD7_STEM,
    items=GAD7_ITEMS,
    bands=(
        Band(
            "minimal",
            0,
            4,
            "Minimal",
            "Your answers show few signs of anxiety right now. If you are going through a hard "
            "time, talking to someone can still help.",
            "self_care",
        ),
        Band(
            "mild",
            5,
            9,
            "Mild",
            "Your answers show some signs of anxiety, at a mild level. Noticing what helps you "
            "settle matters, and talking to someone can help if worry keeps getting in the way.",
            "consider_consultation",
        ),
        Band(
            "moderate",
            10,
            14,
            "Moderate",
            "Your answers show signs of anxiety at a moderate level, which often gets in the "
            "way of everyday life. Talking with a clinician is a good next step; anxiety "
            "responds well to help.",
            "recommend_clinician",
        ),
        Band(
            "severe",
            15,
            21,
            "Severe",
            "Your answers show signs of anxiety at a high level, which can make daily life very "
            "hard. Please talk with a clinician soon; you do not have to manage this alone.",
            "recommend_clinician",
        ),
    ),
    missing_rule=MissingRule(
        max_missing=1,
        note=GAD7_CONVENTION,
        source="Confide convention (instruments.md, 'Missing answers')",
        published=False,
    ),
    loinc_panel="69737-5",
    loinc_total="70274-6",
    licence=PFIZER_LICENCE,
    notes=(
        GAD7_CONVENTION,
        "NHS Talking Therapies counts a GAD-7 of 8 or more as caseness.",
    ),
    sources=(
        "camcops server/camcops_server/extra_strings/gad7.xml @56a303e1 (wording, stem)",
        "camcops gad7.py (severity bands); camcops docs/source/tasks/gad7.rst (cut-offs, licence)",
        "medizininformatik-initiative/kerndatensatzmodul-proms "
        "input/fsh/definitions/gad-7/mii-qst-pro-gad-7.fsh @00b7d90a (LOINC codes, answers)",
        "https://loinc.org/69729-2; https://loinc.org/LL358-3 (LOINC codes)",
        "Spitzer et al. 2006; Kroenke et al. 2010 via camcops gad7.rst (cut-off >= 10)",
    ),
)
