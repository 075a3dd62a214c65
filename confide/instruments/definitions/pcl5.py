"""PCL-5: PTSD Checklist for DSM-5 (instruments.md §1.8). Public domain (US Government work)."""

from __future__ import annotations

from confide.instruments.model import (
    Band,
    CountRule,
    Cutoff,
    Instrument,
    Item,
    Licence,
    Option,
    Subscale,
)

PCL5_OPTIONS: tuple[Option, ...] = (
    Option("Not at all", 0),
    Option("A little bit", 1),
    Option("Moderately", 2),
    Option("Quite a bit", 3),
    Option("Extremely", 4),
)

# Wording from camcops server/camcops_server/extra_strings/pcl5.xml (ucam-department-of-
# psychiatry/camcops), with its "N. " numbering removed. Two slips in that file are mended to
# match other public copies of the PCL-5: the missing space in "4.Feeling", and the "?" that
# item 10 lacks.
_TEXTS: tuple[str, ...] = (
    "Repeated, disturbing, and unwanted memories of the stressful experience?",
    "Repeated, disturbing dreams of the stressful experience?",
    "Suddenly feeling or acting as if the stressful experience were actually happening again "
    "(as if you were actually back there reliving it)?",
    "Feeling very upset when something reminded you of the stressful experience?",
    "Having strong physical reactions when something reminded you of the stressful experience "
    "(for example, heart pounding, trouble breathing, sweating)?",
    "Avoiding memories, thoughts, or feelings related to the stressful experience?",
    "Avoiding external reminders of the stressful experience (for example, people, places, "
    "conversations, activities, objects, or situations)?",
    "Trouble remembering important parts of the stressful experience?",
    "Having strong negative beliefs about yourself, other people, or the world (for example, "
    "having thoughts such as: I am bad, there is something seriously wrong with me, no one can "
    "be trusted, the world is completely dangerous)?",
    "Blaming yourself or someone else for the stressful experience or what happened after it?",
    "Having strong negative feelings such as fear, horror, anger, guilt, or shame?",
    "Loss of interest in activities that you used to enjoy?",
    "Feeling distant or cut off from other people?",
    "Trouble experiencing positive feelings (for example, being unable to feel happiness or "
    "have loving feelings for people close to you)?",
    "Irritable behavior, angry outbursts, or acting aggressively?",
    "Taking too many risks or doing things that could cause you harm?",
    "Being \u201csuperalert\u201d or watchful or on guard?",
    "Feeling jumpy or easily startled?",
    "Having difficulty concentrating?",
    "Trouble falling or staying asleep?",
)

# No LOINC item codes were found for the PCL-5 items.
PCL5_ITEMS: tuple[Item, ...] = tuple(
    Item(number=n, key=f"q{n}", text=text, options=PCL5_OPTIONS)
    for n, text in enumerate(_TEXTS, start=1)
)

PCL5_CLUSTERS: tuple[Subscale, ...] = (
    Subscale("B", "Cluster B: intrusion", tuple(range(1, 6))),
    Subscale("C", "Cluster C: avoidance", (6, 7)),
    Subscale("D", "Cluster D: negative changes in thinking and mood", tuple(range(8, 15))),
    Subscale("E", "Cluster E: changes in arousal and reactivity", tuple(range(15, 21))),
)

PCL5 = Instrument(
    code="pcl5",
    name="PTSD Checklist for DSM-5 (PCL-5)",
    short_name="PCL-5",
    description=(
        "Twenty questions about problems people sometimes have after a very stressful "
        "experience, over the past month."
    ),
    recall_days=30,
    recall_text="In the past month",
    stem="In the past month, how much were you bothered by:",
    items=PCL5_ITEMS,
    bands=(
        Band(
            "below_threshold",
            0,
            32,
            "Below the threshold",
            "Your answers are below the level that usually suggests PTSD. If a stressful "
            "experience still troubles you, talking to someone can help.",
            "self_care",
        ),
        Band(
            "probable_ptsd",
            33,
            80,
            "Probable PTSD",
            "Your answers suggest a stressful experience may still be affecting you a great "
            "deal, in ways that often fit PTSD. We recommend talking with a clinician; PTSD "
            "responds well to treatment.",
            "recommend_clinician",
        ),
    ),
    # The published cut-off is 31-33; CamCOPS draws it at 33. A practice may choose within.
    cutoff=Cutoff(
        band="probable_ptsd",
        default=33,
        minimum=31,
        maximum=33,
        note="Published cut-off 31-33; there are no empirically derived severity ranges.",
    ),
    subscales=PCL5_CLUSTERS,
    count_rules=(
        CountRule(
            flag="provisional_ptsd_dsm5",
            label="Provisional PTSD diagnosis (DSM-5 symptom pattern)",
            # An item rated 2 ("Moderately") or more counts as a symptom endorsed.
            endorsed_at=tuple((n, 2) for n in range(1, 21)),
            group_minimums=(("B", 1), ("C", 1), ("D", 2), ("E", 2)),
            source="instruments.md §1.8",
        ),
    ),
    loinc_panel="101697-1",
    loinc_total="101698-9",
    licence=Licence(
        holder="US National Center for PTSD",
        text="Public domain: a work of the US Government (National Center for PTSD).",
        free=True,
        source="camcops docs/source/tasks/pcl5.rst",
    ),
    notes=(
        "A change of 5-10 points is reliable change; 10-20 points is clinically meaningful "
        "(secondary source).",
    ),
    sources=(
        "camcops server/camcops_server/extra_strings/pcl5.xml (item wording)",
        "camcops docs/source/tasks/pcl5.rst (licence; preliminary cut-off 33)",
        "https://comorbidityguidelines.org.au (pcl5-scoring-and-interpretation: clusters, "
        "provisional diagnosis, cut-off 31-33)",
        "healthassure.in; findacode.com (LOINC 101697-1 panel, 101698-9 score)",
        "https://www.onlinemedicaltools.com/tools/pcl5 (change thresholds, secondary source)",
    ),
)
