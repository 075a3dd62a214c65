"""UCLA 3-item Loneliness Scale (Hughes, Waite, Hawkley & Cacioppo 2004; instruments.md §1.7)."""

from __future__ import annotations

from confide.instruments.model import Band, Instrument, Item, Licence, Option

# The 3-point version. 4- and 5-point variants exist and are NOT what this scores.
UCLA3_OPTIONS: tuple[Option, ...] = (
    Option("Hardly ever", 1),
    Option("Some of the time", 2),
    Option("Often", 3),
)

UCLA3_ITEMS: tuple[Item, ...] = (
    Item(1, "q1", "How often do you feel that you lack companionship?", UCLA3_OPTIONS),
    Item(2, "q2", "How often do you feel left out?", UCLA3_OPTIONS),
    Item(3, "q3", "How often do you feel isolated from others?", UCLA3_OPTIONS),
)

UCLA3 = Instrument(
    code="ucla3",
    name="UCLA 3-item Loneliness Scale",
    short_name="UCLA-3",
    description="Three short questions about how often a person feels lonely or cut off.",
    # The scale names no recall period.
    recall_days=None,
    recall_text=None,
    stem="",
    items=UCLA3_ITEMS,
    bands=(
        Band(
            "not_lonely",
            3,
            5,
            "Not lonely",
            "Your answers suggest loneliness is not a large part of your life right now. If you "
            "do feel alone at times, reaching out to people, or to us, can help.",
            "self_care",
        ),
        Band(
            "lonely",
            6,
            9,
            "Lonely",
            "Your answers suggest you often feel lonely or cut off from others. Loneliness is "
            "common and painful, and it is one of the things interpersonal therapy can help with.",
            "consider_consultation",
        ),
    ),
    # No LOINC code was verified for this scale.
    loinc_panel=None,
    loinc_total=None,
    licence=Licence(
        holder="Hughes, Waite, Hawkley & Cacioppo (2004)",
        text="Not a copyrighted scale (Hughes et al. 2004, Research on Aging 26:655-672).",
        free=True,
        source=(
            "https://www.cmu.edu/common-cold-project/measures-by-study/"
            "psychological-and-social-constructs/social-relationships-loneliness-measures/"
            "loneliness.html"
        ),
    ),
    notes=("The 3-5 'not lonely' and 6-9 'lonely' split is a research convention.",),
    sources=(
        "Hughes, Waite, Hawkley & Cacioppo 2004, Research on Aging 26:655-672 (items, scoring)",
        "https://aishahhelp.com/loneliness-scale/ ; edmoloney.me Atlas UCLA 3-Item Loneliness "
        "Scale (3-5 / 6-9 convention)",
        "cmu.edu Common Cold Project loneliness measures (licence; variants)",
    ),
)
