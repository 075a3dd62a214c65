"""WHO-5 Well-Being Index (instruments.md §1.9)."""

from __future__ import annotations

from confide.instruments.model import Band, Instrument, Item, Licence, Option, TotalTransform

# Top to bottom as printed: the best answer first, so every item is "reverse" in the sense
# that the top option scores highest. Higher totals mean better wellbeing.
WHO5_OPTIONS: tuple[Option, ...] = (
    Option("All of the time", 5),
    Option("Most of the time", 4),
    Option("More than half of the time", 3),
    Option("Less than half of the time", 2),
    Option("Some of the time", 1),
    Option("At no time", 0),
)

WHO5_ITEMS: tuple[Item, ...] = (
    Item(1, "q1", "I have felt cheerful and in good spirits", WHO5_OPTIONS),
    Item(2, "q2", "I have felt calm and relaxed", WHO5_OPTIONS),
    Item(3, "q3", "I have felt active and vigorous", WHO5_OPTIONS),
    Item(4, "q4", "I woke up feeling fresh and rested", WHO5_OPTIONS),
    Item(5, "q5", "My daily life has been filled with things that interest me", WHO5_OPTIONS),
)

WHO5 = Instrument(
    code="who5",
    name="WHO-5 Well-Being Index",
    short_name="WHO-5",
    description=(
        "Five questions about wellbeing over the last two weeks; higher scores mean better "
        "wellbeing, and a low score suggests a check for depression."
    ),
    recall_days=14,
    recall_text="Over the last two weeks",
    stem="",
    items=WHO5_ITEMS,
    # Bands are on the 0-100 scale (raw x 4); a total is always a multiple of 4.
    bands=(
        Band(
            "depression_likely",
            0,
            28,
            "Very low wellbeing",
            "Your answers show very low wellbeing, at a level that often goes with depression. "
            "We recommend talking with a clinician, who may suggest a fuller check such as the "
            "PHQ-9.",
            "recommend_clinician",
        ),
        Band(
            "poor",
            29,
            49,
            "Low wellbeing",
            "Your answers show low wellbeing over the last two weeks. Talking with someone "
            "about what is weighing on you can help.",
            "consider_consultation",
        ),
        Band(
            "good",
            50,
            100,
            "Good wellbeing",
            "Your answers show reasonably good wellbeing. If something is troubling you all the "
            "same, talking to someone can help.",
            "self_care",
        ),
    ),
    total_transform=TotalTransform(
        multiply=4, description="The raw score (0-25) times 4 gives the 0-100 index."
    ),
    # No LOINC code was found for the WHO-5.
    loinc_panel=None,
    loinc_total=None,
    licence=Licence(
        holder="Psychiatric Centre North Zealand",
        text="Free to use; no permission required (Psychiatric Centre North Zealand).",
        free=True,
        source=(
            "CORC, cited at https://psyktestbarn.r-bup.no/no/artikler/"
            "who-5-who-five-well-being-index (current terms to be verified)"
        ),
    ),
    notes=("Below 50 suggests poor wellbeing; 28 or less suggests depression: give the PHQ-9.",),
    sources=(
        "https://smaat.eu/library/scales/who-5 (items, options, scoring, cut-offs)",
        "https://www.millisecond.com/download/library/v6/who5/who5.manual (scoring, cut-offs)",
        "https://psyktestbarn.r-bup.no/no/artikler/who-5-who-five-well-being-index (licence)",
    ),
)
