"""EPDS: Edinburgh Postnatal Depression Scale (instruments.md §1.6).

Licensed content (Royal College of Psychiatrists): Confide ships the scoring and no wording.
A practice that holds written permission loads the wording; until then it is not offered.
"""

from __future__ import annotations

from confide.instruments.model import Band, Instrument, Item, Licence, Option

# Cox 1987 scoring sheet: items 1, 2 and 4 score 0,1,2,3 from the top; items 3 and 5-10 are
# reverse-scored, 3,2,1,0 from the top. The options carry those values, so a response given as
# a position from the top scores correctly with no special case.
_FORWARD = tuple(Option("", v) for v in (0, 1, 2, 3))
_REVERSE = tuple(Option("", v) for v in (3, 2, 1, 0))
REVERSE_ITEMS = frozenset({3, 5, 6, 7, 8, 9, 10})

# Item text and LOINC item codes are withheld (licensed; codes not found). Item 10 is about
# thoughts of self-harm: a safety item.
EPDS_ITEMS: tuple[Item, ...] = tuple(
    Item(
        number=n,
        key=f"q{n}",
        text="",
        options=_REVERSE if n in REVERSE_ITEMS else _FORWARD,
        safety=(n == 10),
    )
    for n in range(1, 11)
)

EPDS = Instrument(
    code="epds",
    name="Edinburgh Postnatal Depression Scale (EPDS)",
    short_name="EPDS",
    description=(
        "Ten questions about how a person has felt in the past seven days, made for pregnancy "
        "and the year after a birth."
    ),
    recall_days=7,
    recall_text="In the past 7 days",
    stem="",
    items=EPDS_ITEMS,
    bands=(
        Band(
            "below_threshold",
            0,
            9,
            "Below the threshold",
            "Your answers do not point to depression right now. Pregnancy and life with a new "
            "baby can be hard, and if you are struggling, talking to someone can still help.",
            "self_care",
        ),
        Band(
            "possible_depression",
            10,
            12,
            "Possible depression",
            "Your answers suggest you may be going through some depression. A conversation with "
            "a clinician can help you understand what is going on and what might help.",
            "consider_consultation",
        ),
        Band(
            "probable_depression",
            13,
            30,
            "Probable depression",
            "Your answers suggest depression is likely; it is common in pregnancy and after a "
            "birth, and it responds well to help. We recommend talking with a clinician soon.",
            "recommend_clinician",
        ),
    ),
    loinc_panel="71354-5",
    # Seen in HEDIS-derived repositories; not verified on loinc.org (instruments.md §1.6).
    loinc_total="99046-5",
    licence=Licence(
        holder="The Royal College of Psychiatrists",
        text=(
            "(c) 1987 The Royal College of Psychiatrists. Written permission must be obtained "
            "from the Royal College of Psychiatrists for copying and distribution to others or "
            "for republication (in print, online or by any other medium)."
        ),
        free=False,
        source="instruments.md §0.2; camcops docs/source/tasks/epds.rst",
    ),
    licensed_wording=True,
    available=False,
    notes=(
        "Item 10 at any score above 0 raises the risk flag whatever the total: 'Any score above "
        "0 on item 10 should always prompt further assessment.'",
        "13 or more: should be assessed for possible depression; 10 or more where greater "
        "sensitivity is needed (Cox 1987).",
        "The total LOINC code 99046-5 is taken from HEDIS-derived repositories and was not "
        "verified on loinc.org.",
    ),
    sources=(
        "Cox et al. 1987 (PMID 3651732) scoring sheet, RCPsych text reproduced at "
        "download.skyscape.com psychnotes.ed6 t/tl0.htm (scoring, cut-offs, item 10)",
        "camcops epds.py and docs/source/tasks/epds.rst (cut-offs 10 and 13; licence)",
        "http://www.maternalwellnessprogram.org/edinburgh-scale (recall period)",
        "healthassure.in LOINC 71354-5 (panel); HEDIS-derived repositories (99046-5, unverified)",
        "medizininformatik-initiative/kerndatensatzmodul-proms mii-qst-pro-epds.fsh "
        "(SNOMED 273441006; metadata only for licensing reasons)",
        "HEDIS DSF-E (bcbsnd.com tip sheet; EPDS >= 10)",
    ),
)
