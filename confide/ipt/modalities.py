"""Adjunct modalities to combine with IPT, suggested from the practice description's own logic.

Plain Python, no Django. RULES below is the whole decision table: one row per modality, the
condition in words, the code that tests it, and the sentence it comes from. Confide suggests;
the clinician accepts, edits or declines each, and "IPT alone" is always a valid choice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from confide.instruments import get as get_instrument

SEED = "practice description"

# What the clinician can tick, in the practice description's words.
INDICATORS = {
    "cognitive_distortions": "Cognitive distortions or negative self-talk shape relationships",
    "emotional_reactivity": "Emotional reactivity or stress in social interactions",
    "chronic_dysregulation": "Chronic emotional distress or dysregulation",
    "past_wounds": "Unresolved past trauma or early wounds drive present patterns",
    "wants_practical": "Wants practical, short-term strategies",
    "family_central": "Family dynamics, communication or roles are central",
    "hard_to_verbalise": "Feelings are hard to put into words",
    "social_anxiety_or_panic": "Social anxiety or panic is a main complaint",
}
POPULATIONS = ("children", "adolescents", "adults", "perinatal", "professionals")


def pcl5_cutoff_default() -> int:
    """The PCL-5 probable-PTSD cut-off as the instrument defines it (33 by default)."""
    cutoff = get_instrument("pcl5").cutoff
    return cutoff.default if cutoff else 33


@dataclass(frozen=True)
class Profile:
    """What this client brings: population, latest scores, chosen areas, ticked indicators."""

    population: str = "adults"
    scores: Mapping[str, int | None] = field(default_factory=dict)  # phq9, gad7, pcl5, ucla3
    areas: frozenset[str] = frozenset()
    indicators: frozenset[str] = frozenset()
    pcl5_cutoff: int | None = None

    def score(self, code: str) -> int | None:
        return self.scores.get(code)


Finding = list[str]  # this client's evidence for a rule, in words; empty: the rule does not fire


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    when: str
    source: str
    test: Callable[[Profile], Finding]
    cautions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    code: str
    label: str
    rationale: tuple[str, ...]
    cautions: tuple[str, ...]
    source: str
    strength: int


def _ticked(key: str) -> Callable[[Profile], Finding]:
    def test(p: Profile) -> Finding:
        return [f"Clinician noted: {INDICATORS[key].lower()}."] if key in p.indicators else []

    return test


def _with_population(
    key: str, populations: tuple[str, ...], why: str
) -> Callable[[Profile], Finding]:
    ticked = _ticked(key)

    def test(p: Profile) -> Finding:
        found = ticked(p)
        if p.population in populations:
            found.append(f"Population: {p.population} ({why}).")
        return found

    return test


def _mbct(p: Profile) -> Finding:
    found = _ticked("emotional_reactivity")(p)
    gad = p.score("gad7")
    if found and gad is not None and gad >= 10:
        found.append(f"GAD-7 {gad} (moderate or higher): stress and anxiety are present.")
    return found


LESS_THAN_CBT = (
    "IPT was less efficacious than CBT for social anxiety and for panic (Markowitz 2014 review, "
    "ipt.md §4.5)."
)


def _cbt(p: Profile) -> Finding:
    # Either is enough: distorted thinking in relationships (the practice description), or
    # social anxiety or panic, where CBT did better than IPT (Markowitz 2014).
    found = _ticked("cognitive_distortions")(p)
    if "social_anxiety_or_panic" in p.indicators:
        found.append(
            f"Clinician noted social anxiety or panic as a main complaint: {LESS_THAN_CBT}"
        )
    return found


# TF-CBT is a conjoint parent-child treatment (Cohen, Mannarino & Deblinger): it is named for
# children and teenagers only; adults are offered the adult protocols the sources name.
YOUNG = ("children", "adolescents")


def _after_trauma(p: Profile) -> Finding:
    pcl = p.score("pcl5")
    cutoff = p.pcl5_cutoff if p.pcl5_cutoff is not None else pcl5_cutoff_default()
    if pcl is None or pcl < cutoff:
        return []
    return [f"PCL-5 {pcl}, at or over the probable-PTSD cut-off of {cutoff}."]


def _tf_cbt(p: Profile) -> Finding:
    found = _after_trauma(p) if p.population in YOUNG else []
    if found:
        found.append(f"Population: {p.population} (TF-CBT is a parent-child treatment).")
    return found


def _trauma_adult(p: Profile) -> Finding:
    found = _after_trauma(p) if p.population not in YOUNG else []
    if found:
        found.append(
            f"Population: {p.population}: the adult protocols, not TF-CBT, which is for "
            "children and teenagers."
        )
    return found


NO_INTEGRATION_TRIALS = (
    "No trial evidence was found for integrative IPT + CBT/MBCT/DBT protocols; Markowitz and "
    "colleagues are reluctant to integrate IPT for PTSD with other perspectives (ipt.md §4.6)."
)

RULES: tuple[Rule, ...] = (
    Rule(
        "cbt",
        "Cognitive-Behavioral Therapy (CBT)",
        "Cognitive distortions or negative self-talk shape the client's relationships; or "
        "social anxiety or panic is a main complaint.",
        f"{SEED}: 'CBT can help challenge cognitive distortions (e.g., negative self-talk or "
        "irrational beliefs) that affect interpersonal interactions.' Social anxiety and "
        "panic: Markowitz et al. 2014 review, PMC4036522 (ipt.md §4.5).",
        _cbt,
        (
            NO_INTEGRATION_TRIALS,
            "CBT and IPT are broadly equivalent for depression "
            "(Zhou 2017; Whiston 2019; ipt.md §4.6).",
        ),
    ),
    Rule(
        "mbct",
        "Mindfulness-Based Cognitive Therapy (MBCT)",
        "Emotional reactivity or stress in social interactions.",
        f"{SEED}: 'MBCT and IPT benefit clients who struggle with emotional reactivity or "
        "managing stress during social interactions.'",
        _mbct,
        (NO_INTEGRATION_TRIALS,),
    ),
    Rule(
        "dbt",
        "Dialectical Behavior Therapy (DBT)",
        "Chronic emotional distress or dysregulation.",
        f"{SEED}: 'DBT … designed to help individuals with chronic emotional distress'; "
        "'helpful for individuals who need more specialized tools for regulating their "
        "emotions.'",
        _ticked("chronic_dysregulation"),
        (NO_INTEGRATION_TRIALS,),
    ),
    Rule(
        "psychodynamic",
        "Psychodynamic therapy",
        "Unresolved past trauma or early emotional wounds drive present patterns.",
        f"{SEED}: 'IPT and Psychodynamic therapy combined are helpful for those who struggle "
        "with unresolved past traumas or emotional wounds that impact their present "
        "relationships.'",
        _ticked("past_wounds"),
        (
            "IPT equalled supportive psychodynamic therapy in anxiety trials (Markowitz 2014, "
            "ipt.md §4.5); no trial of the combination was found (ipt.md §4.6).",
        ),
    ),
    Rule(
        "solution_focused",
        "Solution-focused therapy (SFT)",
        "Practical, short-term strategies are wanted.",
        f"{SEED}: 'SFT can complement IPT by focusing on practical strategies to resolve "
        "interpersonal difficulties quickly.'",
        _ticked("wants_practical"),
        ("No trial of IPT combined with SFT was found (ipt.md §4.6).",),
    ),
    Rule(
        "family",
        "Family therapy",
        "Family dynamics, communication or roles are central; and for children.",
        f"{SEED}: 'family therapy helps resolve broader relational issues within the family "
        "unit'; for children 'the clinician works closely with the child and their family.'",
        _with_population("family_central", ("children",), "family involvement"),
        ("Partner- or dyad-augmented IPT is one of the few tested integrations (ipt.md §4.6).",),
    ),
    Rule(
        "tf_cbt",
        "Trauma-Focused CBT (TF-CBT)",
        "A child or teenager after trauma: PCL-5 at or over its cut-off.",
        f"{SEED}: 'Trauma-focused therapy, such as Trauma-Focused Cognitive Behavioral "
        "Therapy, is designed for individuals dealing with the emotional aftermath of trauma.' "
        "TF-CBT is 'a conjoint parent-child treatment developed by Cohen, Mannarino, and "
        "Deblinger' (de Arellano et al. 2014, Psychiatr Serv 65:591, PMC4396183).",
        _tf_cbt,
        (
            "TF-CBT works with the child and a non-offending caregiver together: plan the "
            "caregiver's sessions alongside IPT's parent sessions.",
            NO_INTEGRATION_TRIALS,
        ),
    ),
    Rule(
        "trauma_focused",
        "Trauma-focused therapy for adults: prolonged exposure (PE) or EMDR",
        "An adult after trauma: PCL-5 at or over its cut-off.",
        f"{SEED}: 'Trauma-focused therapy ... is designed for individuals dealing with the "
        "emotional aftermath of trauma.' Adult protocols: prolonged exposure (Markowitz 2015, "
        "AJP, ipt.md §4.5); EMDR, a high-intensity option of NHS Talking Therapies (ipt.md §4.6).",
        _trauma_adult,
        (
            "IPT alone was non-inferior to prolonged exposure for PTSD (Markowitz 2015, n = 110); "
            "patients with comorbid depression were 9x more likely to drop out of exposure "
            "(ipt.md §4.5).",
            NO_INTEGRATION_TRIALS,
        ),
    ),
    Rule(
        "art",
        "Art therapy",
        "Feelings are hard to put into words; and for children and adolescents.",
        f"{SEED}: 'particularly beneficial for those with difficulty articulating their "
        "emotions or for children and adolescents who may benefit from nonverbal forms of "
        "expression.'",
        _with_population(
            "hard_to_verbalise", ("children", "adolescents"), "nonverbal forms of expression"
        ),
        ("No trial of IPT combined with art therapy was found (ipt.md §4.6).",),
    ),
)
RULES_BY_CODE = {r.code: r for r in RULES}
IPT_ALONE = "ipt_alone"
LABELS = {IPT_ALONE: "IPT alone", **{r.code: r.label for r in RULES}}

TAILORING = {
    "children": "Children: family involvement throughout; family therapy is suggested.",
    "adolescents": "Adolescents: IPT-A, 12 weeks, with parents at the start, middle and end.",
    "perinatal": "Parents (perinatal): perinatal IPT with partner sessions; IPT is an "
    "alternative to medication particularly while breastfeeding (O'Hara 2000).",
    "professionals": "Professionals: work-life balance and career transitions; flexible "
    "virtual scheduling.",
    "adults": "",
}


def check_profile(p: Profile) -> dict[str, str]:
    """Field-named problems with a profile; empty when it is usable."""
    errors = {}
    if p.population not in POPULATIONS:
        errors["population"] = f"Unknown population {p.population!r}."
    unknown = sorted(set(p.indicators) - set(INDICATORS))
    if unknown:
        errors["indicators"] = f"Unknown indicator(s): {', '.join(unknown)}."
    for code, value in p.scores.items():
        if value is not None and (not isinstance(value, int) or value < 0):
            errors[f"scores.{code}"] = "A score is a whole number, 0 or more."
    return errors


def _ipt_alone(p: Profile, fired: int) -> Suggestion:
    rationale = [
        "IPT alone is always a valid choice: the interpersonal focus and contract stand on "
        "their own (Cuijpers 2016: g = 0.60 against control; no difference from other "
        "therapies)."
    ]
    if not fired:
        rationale.append("None of the adjunct rules fired for this client's evidence.")
    phq = p.score("phq9")
    if phq is not None:
        rationale.append(f"PHQ-9 {phq}: track it at each session as IPT's severity scale.")
    cautions = [
        "Combined IPT + medication beat IPT alone (g = 0.24, Cuijpers 2016): consider a "
        "medication review where indicated."
    ]
    gad = p.score("gad7")
    if "social_anxiety_or_panic" in p.indicators or (gad is not None and gad >= 10):
        what = (
            "social anxiety or panic ticked"
            if "social_anxiety_or_panic" in p.indicators
            else (f"GAD-7 {gad}")
        )
        cautions.append(f"Anxiety ({what}): {LESS_THAN_CBT}")
    if tailoring := TAILORING.get(p.population):
        rationale.append(tailoring)
    return Suggestion(
        IPT_ALONE,
        LABELS[IPT_ALONE],
        tuple(rationale),
        tuple(cautions),
        "ipt.md §4.6; practice description",
        0,
    )


def suggest(p: Profile) -> list[Suggestion]:
    """Every rule that fires, ranked by how much of this client's evidence supports it,
    then "IPT alone", which is always offered."""
    fired = []
    for index, rule in enumerate(RULES):
        found = rule.test(p)
        if found:
            fired.append((len(found), -index, rule, found))
    fired.sort(key=lambda f: (f[0], f[1]), reverse=True)
    out = [
        Suggestion(rule.code, rule.label, tuple(found), rule.cautions, rule.source, strength)
        for strength, _, rule, found in fired
    ]
    out.append(_ipt_alone(p, len(out)))
    return out
