"""Explainable matching: each hard conflict rules a vacancy out with its reason; scores rank the rest."""

from dataclasses import replace
from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.rules.matching import (
    ConflictKind,
    DbsLevel,
    LicenceCondition,
    LicenceKind,
    Offence,
    OffenceCategory,
    Seeker,
    VacancyFacts,
    WorkPattern,
    assess,
    bound_for,
    conflicts_for,
    distance_points,
    exclusion_mask,
    rank,
    score_bound,
)
from ipsgate.rules.postcodes import district_centroid

TODAY = date(2026, 6, 1)
LS9 = district_centroid("LS9")
LS1 = district_centroid("LS1")
HU1 = district_centroid("HU1")

SEEKER = Seeker(
    sectors=("WAREHOUSING",),
    min_hours=Decimal(16),
    max_hours=Decimal(30),
    district="LS9",
    location=LS9,
    max_travel_km=10,
    age=30,
)
VACANCY = VacancyFacts(
    id=1,
    sector="WAREHOUSING",
    hours_per_week=Decimal(20),
    hourly_pay=Decimal("13.00"),
    district="LS1",
    location=LS1,
    closing_date=date(2026, 7, 1),
)

UNSPENT_VIOLENCE = Offence(OffenceCategory.VIOLENCE, on_basic_check=True, on_standard_enhanced_check=True)
SPENT_VIOLENCE_SHOWN_HIGHER = Offence(OffenceCategory.VIOLENCE, on_basic_check=False, on_standard_enhanced_check=True)
SPENT_VIOLENCE_FILTERED = Offence(OffenceCategory.VIOLENCE, on_basic_check=False, on_standard_enhanced_check=False)


@pytest.mark.parametrize(
    ("seeker_changes", "vacancy_changes", "kind", "phrase"),
    [
        (
            {"offences": (UNSPENT_VIOLENCE,)},
            {"offence_exclusions": frozenset({"VIOLENCE"})},
            ConflictKind.OFFENCE_EXCLUDED,
            "excludes violence offences",
        ),
        (
            {"offences": (SPENT_VIOLENCE_SHOWN_HIGHER,)},
            {"offence_exclusions": frozenset({"VIOLENCE"}), "dbs_level": DbsLevel.ENHANCED},
            ConflictKind.DBS_SHOWS_EXCLUDED,
            "an enhanced DBS check, which would show",
        ),
        (
            {"licence_conditions": (LicenceCondition(LicenceKind.NO_WORK_WITH_CHILDREN),)},
            {"works_with_children": True},
            ConflictKind.LICENCE_CHILDREN,
            "work with children",
        ),
        (
            {"licence_conditions": (LicenceCondition(LicenceKind.NO_WORK_WITH_VULNERABLE_ADULTS),)},
            {"works_with_vulnerable_adults": True},
            ConflictKind.LICENCE_VULNERABLE_ADULTS,
            "vulnerable adults",
        ),
        (
            {"licence_conditions": (LicenceCondition(LicenceKind.EXCLUSION_ZONE, districts=("LS1", "LS2")),)},
            {},
            ConflictKind.LICENCE_EXCLUSION_ZONE,
            "LS1, inside the person's licence exclusion zone",
        ),
        (
            {"licence_conditions": (LicenceCondition(LicenceKind.CURFEW, curfew_from=time(19), curfew_to=time(7)),)},
            {"work_pattern": WorkPattern.NIGHTS},
            ConflictKind.LICENCE_CURFEW,
            "overlap the person's curfew",
        ),
        (
            {"licence_conditions": (LicenceCondition(LicenceKind.NO_DRIVING),)},
            {"involves_driving": True},
            ConflictKind.LICENCE_DRIVING,
            "forbids driving",
        ),
        (
            {"licence_conditions": (LicenceCondition(LicenceKind.NO_DRIVING),)},
            {"sector": "DRIVING"},
            ConflictKind.LICENCE_DRIVING,
            "forbids driving",
        ),
        ({"needs_rotl": True}, {"suitable_for_rotl": False}, ConflictKind.NEEDS_ROTL, "Release on Temporary Licence"),
    ],
)
def test_each_conflict_excludes_with_its_reason(seeker_changes, vacancy_changes, kind, phrase):
    seeker = replace(SEEKER, **seeker_changes)
    vacancy = replace(VACANCY, **vacancy_changes)
    result = assess(seeker, vacancy, today=TODAY)
    assert not result.suitable
    assert [c.kind for c in result.conflicts] == [kind]
    assert phrase in result.conflicts[0].reason
    ranking = rank(seeker, [vacancy], today=TODAY)
    assert ranking.suitable == [] and [r.vacancy_id for r in ranking.not_suitable] == [1]
    # Without the conflicting fact on the vacancy side it is suitable again.
    assert assess(seeker, VACANCY if vacancy_changes else replace(VACANCY, district="LS9"), today=TODAY).suitable or (
        kind == ConflictKind.NEEDS_ROTL
    )


@pytest.mark.parametrize(
    ("seeker_changes", "vacancy_changes"),
    [
        (
            {"offences": (SPENT_VIOLENCE_FILTERED,)},
            {"offence_exclusions": frozenset({"VIOLENCE"}), "dbs_level": DbsLevel.ENHANCED},
        ),  # filtered: not shown
        (
            {"offences": (SPENT_VIOLENCE_SHOWN_HIGHER,)},
            {"offence_exclusions": frozenset({"VIOLENCE"}), "dbs_level": DbsLevel.BASIC},
        ),  # spent: basic shows nothing
        ({"offences": (UNSPENT_VIOLENCE,)}, {"offence_exclusions": frozenset({"SEXUAL"})}),  # other category
        ({"offences": (UNSPENT_VIOLENCE,)}, {"offence_exclusions": frozenset({"CASE_BY_CASE"})}),
        (
            {"licence_conditions": (LicenceCondition(LicenceKind.CURFEW, curfew_from=time(19), curfew_to=time(7)),)},
            {"work_pattern": WorkPattern.DAYTIME},
        ),
        ({"licence_conditions": (LicenceCondition(LicenceKind.OTHER, detail="No contact with X"),)}, {}),
        ({"needs_rotl": True}, {"suitable_for_rotl": True}),
    ],
)
def test_near_misses_are_not_conflicts(seeker_changes, vacancy_changes):
    assert assess(replace(SEEKER, **seeker_changes), replace(VACANCY, **vacancy_changes), today=TODAY).suitable


def test_case_by_case_is_noted_not_excluded():
    result = assess(
        replace(SEEKER, offences=(UNSPENT_VIOLENCE,)),
        replace(VACANCY, offence_exclusions=frozenset({"CASE_BY_CASE"})),
        today=TODAY,
    )
    assert result.suitable
    assert any("case by case" in note for note in result.notes)


def test_several_conflicts_are_all_listed():
    seeker = replace(SEEKER, needs_rotl=True, licence_conditions=(LicenceCondition(LicenceKind.NO_DRIVING),))
    result = assess(seeker, replace(VACANCY, involves_driving=True), today=TODAY)
    assert {c.kind for c in result.conflicts} == {ConflictKind.LICENCE_DRIVING, ConflictKind.NEEDS_ROTL}


def test_a_vacancy_far_beyond_the_travel_limit_ranks_below_a_near_one():
    near = replace(VACANCY, id=2, district="LS1", location=LS1)
    far = replace(VACANCY, id=1, district="HU1", location=HU1)  # lower id: would win a tie
    ranking = rank(SEEKER, [far, near], today=TODAY)
    assert [r.vacancy_id for r in ranking.suitable] == [2, 1]
    far_result = ranking.suitable[1]
    assert far_result.score < ranking.suitable[0].score
    assert any("beyond the 10 km" in r.text for r in far_result.reasons)


def test_ties_are_broken_by_distance_then_closing_date_then_id():
    a = replace(VACANCY, id=3, closing_date=date(2026, 7, 1))
    b = replace(VACANCY, id=2, closing_date=date(2026, 6, 20))
    c = replace(VACANCY, id=1, closing_date=date(2026, 6, 20))
    d = replace(VACANCY, id=4, closing_date=None)
    ranking = rank(SEEKER, [a, b, c, d], today=TODAY)
    assert len({r.score for r in ranking.suitable}) == 1
    assert [r.vacancy_id for r in ranking.suitable] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("seeker_changes", "vacancy_changes", "text"),
    [
        ({"district": "ZZ9", "location": None}, {}, "Distance unknown: postcode ZZ9 not recognised."),
        ({}, {"district": "QQ1", "location": None}, "Distance unknown: postcode QQ1 not recognised."),
        ({"district": "", "location": None}, {}, "Distance unknown: postcode not given not recognised."),
    ],
)
def test_unknown_postcode_falls_back_visibly(seeker_changes, vacancy_changes, text):
    result = assess(replace(SEEKER, **seeker_changes), replace(VACANCY, **vacancy_changes), today=TODAY)
    assert result.suitable and result.distance_km is None
    assert text in [r.text for r in result.reasons]


def test_unknown_distance_ranks_after_a_known_one_with_the_same_score():
    unknown = replace(VACANCY, id=1, location=None, district="QQ1")
    known = replace(VACANCY, id=2)
    order = [r.vacancy_id for r in rank(SEEKER, [unknown, known], today=TODAY).suitable]
    assert order == [2, 1]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"sector": "RETAIL"}, "Not one of the types of work the person wants."),
        ({"hours_per_week": Decimal(40)}, "40 hours a week is more than the 30 the person wants."),
        ({"hours_per_week": Decimal(8)}, "8 hours a week is fewer than the 16 the person wants."),
        ({"hourly_pay": Decimal("12.00")}, "£12.00 an hour is below the minimum wage."),
    ],
)
def test_each_preference_missed_costs_points_and_says_why(changes, reason):
    best = assess(SEEKER, VACANCY, today=TODAY)
    worse = assess(SEEKER, replace(VACANCY, **changes), today=TODAY)
    assert worse.score < best.score
    assert any(r.text.startswith(reason) and r.points == 0 for r in worse.reasons)


def test_pay_is_judged_for_the_persons_age():
    vacancy = replace(VACANCY, hourly_pay=Decimal("11.00"))
    young = assess(replace(SEEKER, age=19), vacancy, today=TODAY)
    older = assess(replace(SEEKER, age=30), vacancy, today=TODAY)
    assert young.score > older.score


def test_exclusion_mask_ignores_none_and_case_by_case():
    assert exclusion_mask(["NONE", "CASE_BY_CASE"]) == 0
    assert exclusion_mask(["ARSON", "SEXUAL"]) == exclusion_mask(["SEXUAL", "ARSON", "ARSON"]) != 0


# --- Properties ----------------------------------------------------------------------------------------------

districts = st.sampled_from(["LS1", "LS9", "LS28", "HU1", "BD1", "YO1", "QQ1"])


@st.composite
def vacancies(draw, vacancy_id):
    district = draw(districts)
    return VacancyFacts(
        id=vacancy_id,
        sector=draw(st.sampled_from(["WAREHOUSING", "RETAIL", "DRIVING", "HOSPITALITY"])),
        hours_per_week=Decimal(draw(st.integers(4, 48))),
        hourly_pay=Decimal(draw(st.integers(900, 1600))) / 100,
        district=district,
        location=district_centroid(district),
        closing_date=draw(st.one_of(st.none(), st.dates(date(2026, 6, 1), date(2026, 8, 1)))),
        offence_exclusions=frozenset(draw(st.sets(st.sampled_from(["VIOLENCE", "SEXUAL", "ARSON", "CASE_BY_CASE"])))),
        dbs_level=draw(st.sampled_from(list(DbsLevel))),
        suitable_for_rotl=draw(st.booleans()),
        works_with_children=draw(st.booleans()),
        involves_driving=draw(st.booleans()),
        work_pattern=draw(st.sampled_from(list(WorkPattern))),
    )


@st.composite
def vacancy_lists(draw):
    count = draw(st.integers(0, 12))
    return [draw(vacancies(index + 1)) for index in range(count)]


seekers = st.builds(
    Seeker,
    sectors=st.sampled_from([(), ("WAREHOUSING",), ("RETAIL", "DRIVING")]),
    min_hours=st.sampled_from([None, Decimal(16)]),
    max_hours=st.sampled_from([None, Decimal(30)]),
    district=st.just("LS9"),
    location=st.sampled_from([LS9, None]),
    max_travel_km=st.sampled_from([None, 5, 20]),
    age=st.integers(16, 70),
    offences=st.lists(st.sampled_from([UNSPENT_VIOLENCE, SPENT_VIOLENCE_SHOWN_HIGHER]), max_size=2).map(tuple),
    needs_rotl=st.booleans(),
)


@given(seekers, vacancy_lists(), st.randoms())
def test_ranking_is_a_total_deterministic_order(seeker, items, shuffler):
    first = rank(seeker, items, today=TODAY)
    shuffled = list(items)
    shuffler.shuffle(shuffled)
    second = rank(seeker, shuffled, today=TODAY)
    assert first == second
    keys = [r.sort_key() for r in first.suitable]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert len(first.suitable) + len(first.not_suitable) == len(items)


@given(seekers, vacancy_lists(), st.sampled_from(["no_children", "no_driving", "rotl", "offence"]))
def test_adding_a_conflict_never_improves_rank(seeker, items, conflict):
    if not items:
        return
    before = rank(seeker, items, today=TODAY)
    target = items[0]
    if conflict == "no_children":
        seeker2 = replace(seeker, licence_conditions=(LicenceCondition(LicenceKind.NO_WORK_WITH_CHILDREN),))
        items2 = [replace(target, works_with_children=True), *items[1:]]
    elif conflict == "no_driving":
        seeker2 = replace(seeker, licence_conditions=(LicenceCondition(LicenceKind.NO_DRIVING),))
        items2 = [replace(target, involves_driving=True), *items[1:]]
    elif conflict == "rotl":
        seeker2 = replace(seeker, needs_rotl=True)
        items2 = [replace(target, suitable_for_rotl=False), *items[1:]]
    else:
        seeker2 = replace(seeker, offences=(*seeker.offences, UNSPENT_VIOLENCE))
        items2 = [replace(target, offence_exclusions=target.offence_exclusions | {"VIOLENCE"}), *items[1:]]
    after = rank(seeker2, items2, today=TODAY)
    assert target.id not in [r.vacancy_id for r in after.suitable]
    assert target.id in [r.vacancy_id for r in after.not_suitable]
    # It never moves up among the suitable ones, because it is not among them any more.
    was = [r.vacancy_id for r in before.suitable]
    assert len(after.suitable) <= len(was)


@given(seekers, vacancy_lists())
def test_conflicts_always_carry_a_reason(seeker, items):
    for vacancy in items:
        for conflict in conflicts_for(seeker, vacancy):
            assert conflict.reason.endswith(".")


# --- The bound the database ranks by ---------------------------------------------------------------------------


@given(seekers, vacancies(1))
def test_no_vacancy_scores_more_than_its_bound(seeker, vacancy):
    score = assess(seeker, vacancy, today=TODAY).score
    assert score <= bound_for(score_bound(seeker), vacancy.sector, vacancy.hours_per_week, vacancy.location)


@given(seekers, st.sampled_from(["WAREHOUSING", "RETAIL", "DRIVING"]), st.integers(4, 48))
def test_the_bound_is_reached_by_a_well_paid_job_where_the_person_lives(seeker, sector, hours):
    """Tight, not just safe: sector, hours and distance points are exactly those `assess` gives at distance 0."""
    vacancy = replace(
        VACANCY, sector=sector, hours_per_week=Decimal(hours), hourly_pay=Decimal("20.00"), district="LS9", location=LS9
    )
    result = assess(seeker, replace(vacancy, suitable_for_rotl=True), today=TODAY)
    assert result.suitable
    bound = bound_for(score_bound(seeker), sector, Decimal(hours), LS9)
    if seeker.location is None:
        bound -= score_bound(seeker).distance_unknown - result.reasons[2].points  # unknown distance: same both sides
    assert result.score == bound


@pytest.mark.parametrize(
    ("location", "points"),
    [(LS9, 25), (LS1, 23), (district_centroid("BD1"), 6), (HU1, 0), (None, 8)],
)
def test_the_bound_steps_down_with_distance(location, points):
    """From LS9 with a 10 km limit: LS1 is 2.7 km away (band 2 to 3 km: at most the 23 points 2 km scores),
    Bradford 16.1 km (band 16.0 to 16.7 km: 6), Hull beyond 20 km (0); unknown places get a third."""
    bound = score_bound(SEEKER)
    total = bound_for(bound, "WAREHOUSING", Decimal(20), location)
    assert total == bound.sector_preferred + bound.hours_within + points + bound.pay


@given(st.integers(0, 60_000), st.sampled_from([1, 5, 10, 15, 25, 40]))
def test_each_distance_band_bounds_every_distance_in_it(metres, travel_km):
    bands = score_bound(Seeker(max_travel_km=travel_km, location=LS9)).distance_bands
    bound = next((points for edge, points in bands if metres <= edge), 0)
    assert distance_points(metres / 1000, travel_km) <= bound
    assert [points for _, points in bands] == sorted((points for _, points in bands), reverse=True)
