"""The practice's fixed vocabularies (pure data): who is served, IPT problem areas, modalities."""

from __future__ import annotations

POPULATIONS = [
    ("children", "Children", "Under 13, with their family"),
    ("adolescents", "Adolescents", "13 to 17"),
    ("adults", "Adults", "18 and over"),
    ("perinatal", "Perinatal parents", "Pregnancy and the first year after birth"),
    ("professionals", "Professionals", "Demanding careers and work-life balance"),
]

PROBLEM_AREAS = [
    ("grief", "Grief", "After the death of someone close"),
    ("role_dispute", "Role disputes", "Conflicts with partners, family, friends or colleagues"),
    ("role_transition", "Role transitions", "Life changes: a new job, a move, parenthood, loss"),
    ("interpersonal_deficits", "Interpersonal deficits", "Loneliness, difficulty connecting"),
    ("single_parent_family", "Single-parent families", "An IPT-A area for adolescents"),
]

MODALITIES = [
    ("ipt", "Interpersonal Psychotherapy (IPT)"),
    ("cbt", "Cognitive-Behavioral Therapy (CBT)"),
    ("mbct", "Mindfulness-Based Cognitive Therapy (MBCT)"),
    ("dbt", "Dialectical Behavior Therapy (DBT)"),
    ("psychodynamic", "Psychodynamic therapy"),
    ("solution_focused", "Solution-focused therapy"),
    ("family", "Family therapy"),
    ("tf_cbt", "Trauma-focused CBT"),
    ("art", "Art therapy"),
]

LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("fr", "French"),
    ("pt", "Portuguese"),
    ("zh", "Mandarin Chinese"),
    ("he", "Hebrew"),
    ("ru", "Russian"),
    ("it", "Italian"),
]
