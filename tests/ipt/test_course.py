"""The course for each population: phases, parent and partner sessions, agendas (pure)."""

import pytest

from confide.ipt.course import (
    BRIEF,
    INITIAL,
    IPT_A,
    MIDDLE,
    TERMINATION,
    CourseError,
    plan_course,
)
from confide.ipt.problem_areas import GRIEF, ROLE_DISPUTE


def phases(course):
    return [s.phase for s in course.sessions]


def test_adults_get_12_sessions_with_three_initial_and_three_closing():
    course = plan_course("adults", [GRIEF])
    assert course.total == 12
    assert course.numbers(INITIAL) == [1, 2, 3]
    assert course.numbers(TERMINATION) == [10, 11, 12]
    assert course.numbers(MIDDLE) == list(range(4, 10))
    assert all(not s.joined_by for s in course.sessions)


def test_a_16_session_course_and_limits():
    assert plan_course("adults", total=16).numbers(TERMINATION) == [14, 15, 16]
    for bad in (11, 17):
        with pytest.raises(CourseError) as exc:
            plan_course("adults", total=bad)
        assert exc.value.field == "total"


def test_middle_sessions_carry_the_chosen_areas_strategies():
    course = plan_course("adults", [ROLE_DISPUTE])
    middle = course.sessions[4]
    assert middle.phase == MIDDLE
    assert any("renegotiation" in s for s in middle.strategies)
    assert course.sessions[0].strategies == ()
    assert any("inventory" in t for t in course.sessions[0].tasks)
    assert any("termination" in t.lower() or "ending" in t for t in course.sessions[-1].tasks)


def test_adolescents_get_ipt_a_with_parent_sessions_at_start_middle_end():
    course = plan_course("adolescents", [ROLE_DISPUTE])
    assert course.kind == IPT_A and course.total == 12
    parents = [s.number for s in course.sessions if s.joined_by == "parent"]
    assert parents[0] == 1 and parents[-1] == 12 and len(parents) == 3
    assert course.phase_of(parents[1]) == MIDDLE
    assert "IPT-A" in course.tailoring
    with pytest.raises(CourseError):
        plan_course("adolescents", kind=IPT_A, total=14)
    with pytest.raises(CourseError):
        plan_course("adults", kind=IPT_A)


def test_children_involve_the_family():
    course = plan_course("children")
    assert [s.joined_by for s in course.sessions].count("caregiver") == 3
    assert "family" in course.tailoring


def test_perinatal_has_partner_sessions():
    course = plan_course("perinatal")
    partner = [s.number for s in course.sessions if s.joined_by == "partner"]
    assert len(partner) == 2
    assert "Perinatal IPT" in course.tailoring


def test_professionals_get_career_and_virtual_scheduling_tailoring():
    course = plan_course("professionals")
    assert "career transitions" in course.tailoring and "virtual" in course.tailoring


def test_a_brief_course_is_8_with_two_closing_sessions():
    course = plan_course("adults", [GRIEF], kind=BRIEF)
    assert course.total == 8
    assert phases(course) == [INITIAL] * 3 + [MIDDLE] * 3 + [TERMINATION] * 2


def test_unknown_input_names_the_field():
    for kwargs, field in (
        ({"population": "martians"}, "population"),
        ({"population": "adults", "areas": ["nope"]}, "areas"),
        ({"population": "adults", "kind": "forever"}, "kind"),
    ):
        with pytest.raises(CourseError) as exc:
            plan_course(**kwargs)
        assert exc.value.field == field
