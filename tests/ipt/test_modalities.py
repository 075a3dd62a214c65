"""Every adjunct-modality rule, and its counter-case (pure)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confide.ipt.modalities import (
    INDICATORS,
    IPT_ALONE,
    POPULATIONS,
    RULES,
    Profile,
    check_profile,
    pcl5_cutoff_default,
    suggest,
)


def codes(profile):
    return [s.code for s in suggest(profile)]


def by_code(profile, code):
    return next(s for s in suggest(profile) if s.code == code)


BASE = Profile(population="adults", scores={"phq9": 14})

RULE_CASES = [
    ("cbt", Profile(indicators=frozenset({"cognitive_distortions"}))),
    ("mbct", Profile(indicators=frozenset({"emotional_reactivity"}))),
    ("dbt", Profile(indicators=frozenset({"chronic_dysregulation"}))),
    ("psychodynamic", Profile(indicators=frozenset({"past_wounds"}))),
    ("solution_focused", Profile(indicators=frozenset({"wants_practical"}))),
    ("family", Profile(indicators=frozenset({"family_central"}))),
    ("family", Profile(population="children")),
    ("cbt", Profile(indicators=frozenset({"social_anxiety_or_panic"}))),
    ("tf_cbt", Profile(population="children", scores={"pcl5": 33})),
    ("tf_cbt", Profile(population="adolescents", scores={"pcl5": 33})),
    ("trauma_focused", Profile(scores={"pcl5": 33})),
    ("trauma_focused", Profile(population="perinatal", scores={"pcl5": 33})),
    ("art", Profile(indicators=frozenset({"hard_to_verbalise"}))),
    ("art", Profile(population="children")),
    ("art", Profile(population="adolescents")),
]


def test_the_table_has_the_nine_rules_each_with_a_source():
    assert [r.code for r in RULES] == [
        "cbt",
        "mbct",
        "dbt",
        "psychodynamic",
        "solution_focused",
        "family",
        "tf_cbt",
        "trauma_focused",
        "art",
    ]
    for rule in RULES:
        assert rule.source.startswith("practice description: '")
        assert rule.when


@pytest.mark.parametrize(("code", "profile"), RULE_CASES)
def test_each_rule_fires_on_its_evidence(code, profile):
    assert code in codes(profile)
    assert by_code(profile, code).rationale


@pytest.mark.parametrize("code", sorted({c for c, _ in RULE_CASES}))
def test_each_rule_is_silent_for_an_adult_without_its_evidence(code):
    assert code not in codes(BASE)


def test_counter_cases_for_population_rules():
    assert "family" not in codes(Profile(population="adolescents"))
    assert "art" not in codes(Profile(population="perinatal"))
    assert "art" not in codes(Profile(population="professionals"))


@pytest.mark.parametrize(
    ("population", "code"), [("adolescents", "tf_cbt"), ("adults", "trauma_focused")]
)
def test_trauma_rules_use_the_pcl5_cutoff_from_the_instrument(population, code):
    def p(**kw):
        return Profile(population=population, **kw)

    assert pcl5_cutoff_default() == 33
    assert code not in codes(p(scores={"pcl5": 32}))
    assert code in codes(p(scores={"pcl5": 33}))
    assert code not in codes(p(scores={"pcl5": None}))
    assert code in codes(p(scores={"pcl5": 31}, pcl5_cutoff=31))
    assert "PCL-5 40" in by_code(p(scores={"pcl5": 40}), code).rationale[0]


@pytest.mark.parametrize("population", ["adults", "perinatal", "professionals"])
def test_adults_after_trauma_are_offered_adult_protocols_never_tf_cbt(population):
    out = suggest(Profile(population=population, scores={"pcl5": 50}))
    assert "tf_cbt" not in [s.code for s in out]
    adult = next(s for s in out if s.code == "trauma_focused")
    assert "prolonged exposure" in adult.label.lower() and "EMDR" in adult.label
    assert "TF-CBT" not in adult.label
    cautions = " ".join(adult.cautions)
    assert "non-inferior to prolonged exposure" in cautions and "No trial evidence" in cautions


@pytest.mark.parametrize("population", ["children", "adolescents"])
def test_children_and_teens_after_trauma_are_offered_tf_cbt_only(population):
    out = [s.code for s in suggest(Profile(population=population, scores={"pcl5": 50}))]
    assert "tf_cbt" in out and "trauma_focused" not in out


def test_social_anxiety_or_panic_alone_suggests_cbt_with_the_evidence():
    p = Profile(indicators=frozenset({"social_anxiety_or_panic"}))
    cbt = by_code(p, "cbt")
    assert any("less efficacious than CBT" in r for r in cbt.rationale)
    both = Profile(indicators=frozenset({"social_anxiety_or_panic", "cognitive_distortions"}))
    assert by_code(both, "cbt").strength == 2 and codes(both)[0] == "cbt"


def test_ipt_alone_is_always_offered_last():
    for profile in (
        BASE,
        Profile(indicators=frozenset(INDICATORS)),
        Profile(population="children"),
    ):
        assert codes(profile)[-1] == IPT_ALONE


def test_ipt_alone_says_when_no_rule_fired():
    assert codes(BASE) == [IPT_ALONE]
    assert any("None of the adjunct rules" in r for r in by_code(BASE, IPT_ALONE).rationale)
    assert any("PHQ-9 14" in r for r in by_code(BASE, IPT_ALONE).rationale)


def test_anxiety_brings_the_cbt_caution_to_ipt_alone():
    anxious = Profile(scores={"gad7": 15})
    assert any("less efficacious than CBT" in c for c in by_code(anxious, IPT_ALONE).cautions)
    calm = Profile(scores={"gad7": 4})
    assert not any("less efficacious" in c for c in by_code(calm, IPT_ALONE).cautions)


def test_mbct_mentions_this_clients_gad7():
    p = Profile(scores={"gad7": 12}, indicators=frozenset({"emotional_reactivity"}))
    assert any("GAD-7 12" in r for r in by_code(p, "mbct").rationale)


def test_ranking_puts_the_best_supported_first():
    p = Profile(population="children", indicators=frozenset({"family_central", "past_wounds"}))
    out = codes(p)
    assert out[0] == "family"  # indicator and population
    assert out.index("art") > 0 and "psychodynamic" in out


def test_population_tailoring_shows_in_the_suggestions():
    texts = {
        pop: " ".join(by_code(Profile(population=pop), IPT_ALONE).rationale) for pop in POPULATIONS
    }
    assert "IPT-A" in texts["adolescents"]
    assert "partner sessions" in texts["perinatal"]
    assert "career transitions" in texts["professionals"] and "virtual" in texts["professionals"]
    assert "family involvement" in texts["children"]


def test_bad_profiles_name_the_field():
    errors = check_profile(
        Profile(population="martians", indicators=frozenset({"nope"}), scores={"phq9": -1})
    )
    assert set(errors) == {"population", "indicators", "scores.phq9"}


@given(
    population=st.sampled_from(POPULATIONS),
    indicators=st.frozensets(st.sampled_from(sorted(INDICATORS))),
    pcl5=st.one_of(st.none(), st.integers(0, 80)),
)
def test_every_suggestion_has_reasons_and_ipt_alone_is_there(population, indicators, pcl5):
    out = suggest(Profile(population=population, indicators=indicators, scores={"pcl5": pcl5}))
    assert out[-1].code == IPT_ALONE
    assert len({s.code for s in out}) == len(out)
    assert all(s.rationale for s in out)
    strengths = [s.strength for s in out[:-1]]
    assert strengths == sorted(strengths, reverse=True)
