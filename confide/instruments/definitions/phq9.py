"""PHQ-9: Patient Health Questionnaire, depression module (instruments.md §1.1)."""

from __future__ import annotations

from confide.instruments.definitions.options import DIFFICULTY, frequency_item
from confide.instruments.model import (
    Band,
    CountRule,
    Instrument,
    Item,
    Licence,
    MissingRule,
)

PFIZER_LICENCE = Licence(
    holder="Pfizer Inc.",
    text=(
        "Copyright Pfizer Inc. No permission required to reproduce, translate, display or "
        "distribute."
    ),
    free=True,
    source=(
        "LOINC copyright field, https://cdn.loinc.org/44261-6; camcops "
        "docs/source/tasks/phq9.rst (quoting phqscreeners.com)"
    ),
)

PHQ_STEM = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)

# Wording as in camcops extra_strings/phq9.xml @56a303e1, via instruments.json.
PHQ9_ITEMS: tuple[Item, ...] = (
    frequency_item(1, "Little interest or pleasure in doing things", "44250-9"),
    frequency_item(2, "Feeling down, depressed, or hopeless", "44255-8"),
    frequency_item(3, "Trouble falling or staying asleep, or sleeping too much", "44259-0"),
    frequency_item(4, "Feeling tired or having little energy", "44254-1"),
    frequency_item(5, "Poor appetite or overeating", "44251-7"),
    frequency_item(
        6,
        "Feeling bad about yourself \u2014 or that you are a failure or have let yourself or "
        "your family down",
        "44258-2",
    ),
    frequency_item(
        7,
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "44252-5",
    ),
    frequency_item(
        8,
        "Moving or speaking so slowly that other people could have noticed? Or the opposite "
        "\u2014 being so fidgety or restless that you have been moving around a lot more than "
        "usual",
        "44253-3",
    ),
    frequency_item(
        9,
        "Thoughts that you would be better off dead or of hurting yourself in some way",
        "44260-8",
        safety=True,
    ),
)

DIFFICULTY_ITEM = Item(
    number=10,
    key="difficulty",
    text=(
        "If you checked off any problems, how difficult have these problems made it for you to "
        "do your work, take care of things at home, or get along with other people?"
    ),
    options=DIFFICULTY,
    loinc="69722-7",
    scored=False,
)

# LOINC LL382-3 / camcops phq9.py. Shared with the PHQ-A (GLAD-PC uses the same bands).
DEPRESSION_BANDS: tuple[Band, ...] = (
    Band(
        "minimal",
        0,
        4,
        "Minimal",
        "Your answers show few signs of depression right now. If you are going through a hard "
        "time, talking to someone can still help.",
        "self_care",
    ),
    Band(
        "mild",
        5,
        9,
        "Mild",
        "Your answers show some signs of depression, at a mild level. It is worth keeping an "
        "eye on how you feel, and talking to someone can help if it continues or gets harder.",
        "consider_consultation",
    ),
    Band(
        "moderate",
        10,
        14,
        "Moderate",
        "Your answers show signs of depression at a moderate level, which often makes everyday "
        "life harder. Talking with a clinician is a good next step; help such as talking "
        "therapy works for many people.",
        "recommend_clinician",
    ),
    Band(
        "moderately_severe",
        15,
        19,
        "Moderately severe",
        "Your answers show signs of depression at a fairly high level, which is likely to be "
        "affecting your daily life. We recommend talking with a clinician soon; help works.",
        "recommend_clinician",
    ),
    Band(
        "severe",
        20,
        27,
        "Severe",
        "Your answers show signs of depression at a high level, which can make daily life very "
        "hard. Please reach out to a clinician or your doctor today; you do not have to manage "
        "this alone.",
        "reach_out_today",
    ),
)

# Endorsed = "more than half the days" (2) or more, except item 9, which counts if present at
# all (LOINC 44249-1 description; camcops phq9.py one_if_q_ge(9, 1)).
_PHQ_ENDORSED = (*((n, 2) for n in range(1, 9)), (9, 1))
_ALGORITHM_SOURCE = "LOINC 44249-1 description; camcops phq9.py"

# Also used by the PHQ-A, whose items 1 and 2 (mood, interest) are the same two core items in
# swapped order, so "item 1 or 2" still means "one of the two core items".
PHQ_COUNT_RULES: tuple[CountRule, ...] = (
    CountRule(
        flag="mdd_suggested",
        label="Major depressive syndrome suggested",
        endorsed_at=_PHQ_ENDORSED,
        min_count=5,
        require_any_of=(1, 2),
        source=_ALGORITHM_SOURCE,
    ),
    CountRule(
        flag="other_depressive_syndrome",
        label="Other depressive syndrome suggested",
        endorsed_at=_PHQ_ENDORSED,
        min_count=2,
        max_count=4,
        require_any_of=(1, 2),
        source=_ALGORITHM_SOURCE,
    ),
)

PHQ9_MISSING = MissingRule(
    max_missing=2,
    note=(
        "Missing items were given the average of the answered items and the total rounded to "
        "the nearest whole number (halves rounded up). This follows the convention of Arrieta "
        "et al. 2017 as used by the qscorer R package; the PHQ manual gives no rule."
    ),
    source=(
        "Arrieta et al. 2017, doi:10.1002/jclp.22390, via qscorer "
        "(https://rdrr.io/github/nrkoehler/qscorer/man/scoring_phq9.html)"
    ),
)

PHQ9 = Instrument(
    code="phq9",
    name="Patient Health Questionnaire (PHQ-9)",
    short_name="PHQ-9",
    description=(
        "Nine questions about common signs of depression over the last two weeks, widely used "
        "to screen for depression and follow its course."
    ),
    recall_days=14,
    recall_text="Over the last 2 weeks",
    stem=PHQ_STEM,
    items=PHQ9_ITEMS,
    bands=DEPRESSION_BANDS,
    count_rules=PHQ_COUNT_RULES,
    missing_rule=PHQ9_MISSING,
    loinc_panel="44249-1",
    loinc_total="44261-6",
    licence=PFIZER_LICENCE,
    extra_items=(DIFFICULTY_ITEM,),
    notes=(
        "Item 9 at any answer other than 'Not at all' raises the risk flag whatever the total.",
        "The difficulty question is not scored. It records how much the problems get in the "
        "way of daily life, which a diagnosis also requires (LOINC 44249-1).",
    ),
    sources=(
        "LOINC 44249-1 panel, 44261-6 total, answer list LL358-3 (https://loinc.org/LL358-3; "
        "https://cdn.loinc.org/44261-6)",
        "camcops server/camcops_server/extra_strings/phq9.xml @56a303e1 (item wording)",
        "LOINC LL382-3 and camcops phq9.py (severity bands)",
        "LOINC 44249-1 description and camcops phq9.py (diagnostic algorithm)",
        "LHNCBC/lforms test/data/R4/phq9.json @24c71875 (LOINC item and answer codes, 69722-7)",
        "GLAD-PC PHQ-9 teen scoring sheet; AACN CCN abstract "
        "https://aacnjournals.org/ccnonline/article-abstract/40/1/92/30727 (item 9 safety rule)",
        "Arrieta et al. 2017, doi:10.1002/jclp.22390, via qscorer (missing items)",
        "Kroenke 2010 via camcops docs/source/tasks/phq9.rst (cut-off >= 10)",
    ),
)
