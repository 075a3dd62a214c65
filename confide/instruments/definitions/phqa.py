"""PHQ-A: the PHQ-9 modified for teens, GLAD-PC (instruments.md §1.5).

Licensed content: Confide ships the scoring and no wording. A practice that holds permission
loads the wording (`confide.instruments.wording.apply_wording`); until then it is not offered.
"""

from __future__ import annotations

from confide.instruments.definitions.options import DIFFICULTY, FREQUENCY, unlabelled
from confide.instruments.definitions.phq9 import DEPRESSION_BANDS, PHQ_COUNT_RULES
from confide.instruments.model import Instrument, Item, Licence, Option

_FREQUENCY = unlabelled(FREQUENCY)

# Top to bottom as on the sheet's extra questions; "Yes" scores 1 so that a safety question is
# positive at 1, like every other safety item.
YES_NO: tuple[Option, ...] = (Option("Yes", 1), Option("No", 0))

# No LOINC item codes were found for the PHQ-A: loinc stays None. Items 1 and 2 are swapped
# relative to the PHQ-9 (item 1 = mood, item 2 = interest).
PHQA_ITEMS: tuple[Item, ...] = tuple(
    Item(number=n, key=f"q{n}", text="", options=_FREQUENCY, safety=(n == 9)) for n in range(1, 10)
)

PHQA_EXTRAS: tuple[Item, ...] = (
    # Depressed or sad most days in the past year (a dysthymia screen).
    Item(number=10, key="past_year", text="", options=YES_NO, scored=False),
    Item(number=11, key="difficulty", text="", options=DIFFICULTY, scored=False),
    # Serious thoughts of ending one's life in the past month.
    Item(
        number=12,
        key="suicidal_thoughts_past_month",
        text="",
        options=YES_NO,
        scored=False,
        safety=True,
    ),
    # A suicide attempt at any time in one's life.
    Item(
        number=13,
        key="suicide_attempt_lifetime",
        text="",
        options=YES_NO,
        scored=False,
        safety=True,
    ),
)

PHQA = Instrument(
    code="phqa",
    name="PHQ-9 Modified for Teens (PHQ-A)",
    short_name="PHQ-A",
    description=(
        "The PHQ-9 reworded for teenagers aged 13 to 17, with four further questions about the "
        "past year, daily life and safety."
    ),
    recall_days=14,
    recall_text="Over the last 2 weeks",
    stem="",
    items=PHQA_ITEMS,
    bands=DEPRESSION_BANDS,
    count_rules=PHQ_COUNT_RULES,
    loinc_panel="89206-7",
    loinc_total="89204-2",
    licence=Licence(
        holder="GLAD-PC (Guidelines for Adolescent Depression in Primary Care)",
        text=(
            'The GLAD-PC sheet is marked "Use with Permission. Guidelines for Adolescent '
            'Depression in Primary Care. Version 2, 2010". Load its wording only with '
            "permission."
        ),
        free=False,
        source="GLAD-PC PHQ-9 modified for teens scoring sheet (instruments.md §1.5)",
    ),
    licensed_wording=True,
    available=False,
    extra_items=PHQA_EXTRAS,
    notes=(
        "Item 9 at any answer other than the lowest, or 'Yes' to either suicide question, "
        "raises the risk flag whatever the total.",
        "Cut-offs in use: 10 or more (HEDIS PHQ-9M); 11 or more in ages 13-17 (Richardson 2010).",
        "The PHQ-9 diagnostic algorithm is applied to items 1-9; it counts an item as GLAD-PC "
        "does (2-3 on items 1-8, 1-3 on item 9).",
        "Permission status for the PHQ-A is unverified.",
    ),
    sources=(
        "https://loinc.org/89204-2 (total: sum of items 1-9; the other four items are not "
        "scored); LOINC panel 89206-7",
        "https://www.josephstrayhornmd.com/measures/phq-9_for_teens.html",
        "GLAD-PC PHQ-9 teen scoring sheet (positive items; item 9 at 1-3)",
        "Richardson et al. 2010, PMC3217785 (cut-off >= 11)",
        "HEDIS DSF-E (bcbsnd.com tip sheet; PHQ-9M >= 10)",
    ),
)
