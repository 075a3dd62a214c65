"""The pure ranking: hard requirements exclude, the weights table weighs, reasons explain."""

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from confide.intake import matching
from confide.intake.matching import WEIGHTS, ClinicianProfile, RequestProfile, Weights, rank

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=NY)  # a Monday morning


def clinician(name="Ann Ames", **kw) -> ClinicianProfile:
    base = dict(
        id=name,
        name=name,
        populations=frozenset({"adults"}),
        languages=frozenset({"en"}),
        locations={"greenwich": "Greenwich"},
        caseload=10,
        caseload_limit=20,
    )
    base.update(kw)
    return ClinicianProfile(**base)


def request(**kw) -> RequestProfile:
    return RequestProfile(**{"age_group": "adults", **kw})


def scores(req, *people):
    matches, _ = rank(req, people, now=NOW)
    return {m.name: m.score for m in matches}


def test_a_clinician_who_does_not_see_the_age_group_is_excluded_with_the_reason():
    matches, excluded = rank(
        request(age_group="adolescents"),
        [clinician("Ann"), clinician("Teo", populations=frozenset({"adolescents"}))],
        now=NOW,
    )
    assert [m.name for m in matches] == ["Teo"]
    assert excluded[0].name == "Ann"
    assert excluded[0].reasons == ("does not see adolescents",)


def test_language_is_a_hard_requirement_when_asked_for():
    spanish = clinician("Sol", languages=frozenset({"en", "es"}))
    matches, excluded = rank(request(languages=("es",)), [clinician("Ann"), spanish], now=NOW)
    assert [m.name for m in matches] == ["Sol"]
    assert "does not speak Spanish" in excluded[0].reasons
    assert "speaks Spanish" in matches[0].reasons


def test_format_and_office_are_hard_requirements():
    video_only = clinician("Vic", offers_in_person=False)
    manhattan = clinician("Max", locations={"manhattan": "New York"})
    here = clinician("Ann")
    matches, excluded = rank(
        request(format="in_person", location="greenwich"), [video_only, manhattan, here], now=NOW
    )
    assert [m.name for m in matches] == ["Ann"]
    reasons = {e.name: e.reasons for e in excluded}
    assert reasons["Vic"] == ("does not see clients in person",)
    assert reasons["Max"] == ("does not work at the chosen location",)
    in_person_only = clinician("Ida", offers_virtual=False)
    matches, excluded = rank(request(format="virtual"), [in_person_only], now=NOW)
    assert matches == [] and excluded[0].reasons == ("does not offer video sessions",)


def test_each_concern_area_the_clinician_focuses_on_adds_the_problem_area_weight():
    focused = clinician("Fay", problem_areas=frozenset({"grief"}))
    got = scores(request(concerns=("grief_loss",)), clinician("Ann"), focused)
    assert got["Fay"] - got["Ann"] == WEIGHTS.problem_area


def test_an_adjunct_modality_suggested_by_trauma_adds_the_modality_weight():
    tf = clinician("Tia", modalities=frozenset({"ipt", "tf_cbt"}))
    got = scores(request(concerns=("trauma",)), clinician("Ann"), tf)
    assert got["Tia"] - got["Ann"] == WEIGHTS.modality


def test_a_child_suggests_family_and_art_therapy():
    kids = frozenset({"children"})
    both = clinician("Cal", populations=kids, modalities=frozenset({"family", "art"}))
    neither = clinician("Ann", populations=kids)
    req = request(age_group="children", for_whom="child")
    assert matching.suggested_modalities(req) == ["family", "art"]
    got = scores(req, both, neither)
    assert got["Cal"] - got["Ann"] == 2 * WEIGHTS.modality
    matches, _ = rank(req, [both], now=NOW)
    assert "offers family therapy and art therapy" in matches[0].reasons


def test_words_of_emotional_dysregulation_suggest_dbt():
    assert "dbt" in matching.suggested_modalities(request(text="Angry OUTBURSTS at home."))
    assert "dbt" not in matching.suggested_modalities(request(text="He outburstsss"))


def test_postpartum_weighs_a_clinician_who_sees_perinatal_parents():
    peri = clinician("Pia", populations=frozenset({"adults", "perinatal"}))
    got = scores(request(concerns=("parenting_postpartum",)), clinician("Ann"), peri)
    assert got["Pia"] - got["Ann"] == WEIGHTS.population


def test_the_chosen_office_and_a_language_other_than_english_weigh():
    both_places = {"greenwich": "Greenwich", "manhattan": "New York"}
    there = clinician("Gus", locations=both_places)
    away = clinician("Max", locations={"manhattan": "New York"})
    got = scores(request(format="either", location="greenwich"), there, away)
    assert got["Gus"] - got["Max"] == WEIGHTS.location
    es = clinician("Sol", languages=frozenset({"en", "es"}))
    got = scores(request(languages=("en", "es")), clinician("Ann"), es)
    assert got["Sol"] - got["Ann"] == WEIGHTS.language


def test_room_on_the_caseload_weighs_and_not_accepting_pushes_down():
    empty = clinician("Eve", caseload=0)
    full = clinician("Ful", caseload=20)
    closed = clinician("Cy", accepting=False, caseload=0)
    got = scores(request(), empty, full, closed)
    assert got["Eve"] - got["Ful"] == WEIGHTS.capacity
    assert got["Cy"] == WEIGHTS.not_accepting
    matches, _ = rank(request(), [closed, full], now=NOW)
    assert [m.name for m in matches] == ["Ful", "Cy"]
    assert "caseload is full" in matches[0].reasons
    assert "not taking new clients at the moment" in matches[1].reasons


def test_a_sooner_opening_at_a_suitable_time_weighs_more_and_is_named():
    tue_4pm = datetime(2026, 3, 3, 16, 0, tzinfo=NY)
    in_three_weeks = tue_4pm + timedelta(weeks=3)
    soon = clinician("Sue", openings=(tue_4pm,))
    later = clinician("Lou", openings=(in_three_weeks,))
    got = scores(request(), soon, later)
    assert got["Sue"] > got["Lou"] > scores(request(), clinician("Ann"))["Ann"]
    matches, _ = rank(request(), [soon], now=NOW)
    assert "first opening Tue Mar 3, 4pm" in matches[0].reasons


def test_an_opening_outside_the_chosen_days_or_times_does_not_count():
    tue_4pm = datetime(2026, 3, 3, 16, 0, tzinfo=NY)
    wed_9am = datetime(2026, 3, 4, 9, 0, tzinfo=NY)
    who = clinician("Sue", openings=(tue_4pm, wed_9am))
    matches, _ = rank(request(days=(2,), day_parts=("morning",)), [who], now=NOW)
    assert matches[0].opening == wed_9am
    matches, _ = rank(request(days=(4,), day_parts=("evening",)), [who], now=NOW)
    assert matches[0].opening is None
    assert "no opening soon at the times that suit" in matches[0].reasons


def test_reasons_read_as_one_plain_sentence():
    c = clinician(
        "Teo",
        populations=frozenset({"adolescents"}),
        problem_areas=frozenset({"role_transition"}),
        offers_virtual=False,
        openings=(datetime(2026, 3, 3, 16, 0, tzinfo=NY),),
    )
    req = request(
        age_group="adolescents", concerns=("life_transition",), format="in_person",
        location="greenwich",
    )  # fmt: skip
    matches, _ = rank(req, [c], now=NOW)
    assert matches[0].summary == (
        "sees adolescents; focuses on role transitions; in person in Greenwich; "
        "10 of 20 places free; first opening Tue Mar 3, 4pm"
    )


def test_the_weights_are_one_table_that_changes_the_ranking():
    grief = clinician("Fay", problem_areas=frozenset({"grief"}), caseload=15)
    roomy = clinician("Eve", caseload=0)
    req = request(concerns=("grief_loss",))
    assert [m.name for m in rank(req, [grief, roomy], now=NOW)[0]] == ["Fay", "Eve"]
    heavy_capacity = Weights(capacity=10.0)
    assert [m.name for m in rank(req, [grief, roomy], now=NOW, weights=heavy_capacity)[0]] == [
        "Eve",
        "Fay",
    ]


def test_ties_are_broken_by_name_so_the_order_is_stable():
    matches, _ = rank(request(), [clinician("Zed"), clinician("Abe")], now=NOW)
    assert [m.name for m in matches] == ["Abe", "Zed"]


slugs = st.sampled_from


@given(
    age=slugs(["children", "adolescents", "adults"]),
    fmt=slugs(["virtual", "in_person", "either"]),
    langs=st.lists(slugs(["en", "es", "fr"]), max_size=2, unique=True),
    pops=st.sets(slugs(["children", "adolescents", "adults", "perinatal"])),
    speaks=st.sets(slugs(["en", "es", "fr"])),
    virtual=st.booleans(),
    in_person=st.booleans(),
    concerns=st.lists(slugs([c for c, _ in matching.CONCERNS]), max_size=3, unique=True),
)
def test_every_clinician_is_either_matched_or_excluded_and_matches_meet_the_hard_rules(
    age, fmt, langs, pops, speaks, virtual, in_person, concerns
):
    req = request(age_group=age, format=fmt, languages=tuple(langs), concerns=tuple(concerns))
    c = clinician(
        "X", populations=frozenset(pops), languages=frozenset(speaks),
        offers_virtual=virtual, offers_in_person=in_person,
    )  # fmt: skip
    matches, excluded = rank(req, [c, replace(c, id="Y", name="Y")], now=NOW)
    assert len(matches) + len(excluded) == 2
    for m in matches:
        assert age in pops
        assert not langs or set(langs) & speaks
        assert fmt != "virtual" or virtual
        assert fmt != "in_person" or in_person
        assert m.reasons[0] == f"sees {age}"
