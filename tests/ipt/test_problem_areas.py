"""Problem-area suggestions from the inventory and the timeline (pure)."""

from datetime import date

from confide.ipt.problem_areas import (
    DEFICITS,
    GRIEF,
    ROLE_DISPUTE,
    ROLE_TRANSITION,
    SINGLE_PARENT,
    Event,
    Person,
    areas_for,
    suggest_areas,
)

ONSET = date(2026, 3, 1)
FRIENDS = [Person("Sam", "friend", "inner"), Person("Kim", "sibling", "middle")]


def slugs(suggestions):
    return [s.area for s in suggestions]


def test_a_death_near_onset_suggests_grief_with_its_evidence():
    out = suggest_areas(FRIENDS, [Event("loss", date(2026, 1, 15), "Mother died")], ONSET)
    assert slugs(out) == [GRIEF]
    assert "Mother died" in out[0].evidence[0]
    assert "before symptom onset" in out[0].evidence[0]


def test_a_death_long_before_onset_is_not_grief():
    out = suggest_areas(FRIENDS, [Event("loss", date(2020, 1, 15), "Grandfather")], ONSET)
    assert GRIEF not in slugs(out)


def test_a_conflict_with_non_reciprocal_expectations_suggests_a_role_dispute():
    partner = Person("Alex", "partner", "inner", "often", resolved=False, reciprocal=False)
    out = suggest_areas([partner, *FRIENDS], [], ONSET)
    assert slugs(out) == [ROLE_DISPUTE]
    assert "Alex" in out[0].evidence[0] and "not reciprocal" in out[0].evidence[0]
    assert out[0].stage_hint == "impasse"


def test_a_conflict_with_reciprocal_expectations_is_not_a_dispute():
    partner = Person("Alex", "partner", "inner", "often", resolved=False, reciprocal=True)
    assert ROLE_DISPUTE not in slugs(suggest_areas([partner, *FRIENDS], [], ONSET))


def test_a_major_life_change_near_onset_suggests_a_transition():
    out = suggest_areas(FRIENDS, [Event("new_job", date(2026, 2, 1), "Promotion")], ONSET)
    assert slugs(out) == [ROLE_TRANSITION]
    assert "Promotion" in out[0].evidence[0]


def test_isolation_without_an_acute_event_suggests_deficits_as_last_resort():
    out = suggest_areas([Person("Neighbour", "other", "outer")], [], ONSET, lonely=True)
    assert slugs(out) == [DEFICITS]
    assert out[0].last_resort
    assert any("UCLA-3" in e for e in out[0].evidence)
    assert any("last resort" in e for e in out[0].evidence)


def test_deficits_are_never_suggested_when_another_area_fits():
    out = suggest_areas([], [Event("move", date(2026, 2, 1), "Moved city")], ONSET, lonely=True)
    assert slugs(out) == [ROLE_TRANSITION]


def test_a_connected_client_with_no_event_gets_no_suggestion():
    assert suggest_areas(FRIENDS, [], ONSET) == []


def test_several_areas_rank_by_evidence():
    partner = Person("Alex", "partner", "inner", "sometimes", resolved=True, reciprocal=False)
    events = [
        Event("loss", date(2026, 2, 1), "Father"),
        Event("move", date(2026, 1, 1)),
        Event("new_job", date(2026, 2, 10)),
    ]
    out = suggest_areas([partner], events, ONSET)
    assert slugs(out) == [ROLE_TRANSITION, GRIEF, ROLE_DISPUTE]
    assert out[2].stage_hint == "renegotiation"


def test_single_parent_family_only_for_adolescents():
    separation = [Event("separation", date(2026, 2, 1), "Parents separated")]
    assert SINGLE_PARENT in slugs(
        suggest_areas(FRIENDS, separation, ONSET, population="adolescents")
    )
    assert SINGLE_PARENT not in slugs(suggest_areas(FRIENDS, separation, ONSET))
    assert SINGLE_PARENT in [a.slug for a in areas_for("adolescents")]
    assert SINGLE_PARENT not in [a.slug for a in areas_for("adults")]


def test_without_an_onset_date_no_event_counts_as_near_onset():
    out = suggest_areas(FRIENDS, [Event("loss", date(2026, 2, 1))], None)
    assert out == []
