"""Explainable matching: each hard conflict rules a vacancy out with its reason; scores rank the rest."""

from dataclasses import replace
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.rules.matching import (
    OFFENCE_BITS,
    OFFENCE_LABELS,
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
    likely_start,
    pay_floor,
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
    assert young.suitable and young.score > 0
    assert [c.kind for c in older.conflicts] == [ConflictKind.BELOW_MINIMUM_WAGE]


def test_exclusion_mask_ignores_none_and_case_by_case():
    assert exclusion_mask(["NONE", "CASE_BY_CASE"]) == 0
    assert exclusion_mask(["ARSON", "SEXUAL"]) == exclusion_mask(["SEXUAL", "ARSON", "ARSON"]) != 0


# --- Before or after release (issue 16 item 3) --------------------------------------------------------------

RELEASE = TODAY + timedelta(days=12)


def _days(offset):
    return None if offset is None else RELEASE + timedelta(days=offset)


@pytest.mark.parametrize(
    ("closing", "start", "rotl", "suitable", "after_release"),
    [
        # closing date (days after release), stated start (days after release), open to ROTL
        (1, None, False, True, True),  # closes after release: work would start after release
        (18, None, False, True, True),
        (0, None, False, False, False),  # closes on the day of release: applied for and started before it
        (-5, None, False, False, False),  # closes before release: ROTL needed, and not open to it
        (-5, None, True, True, False),  # closes before release, open to ROTL: work on ROTL
        (18, None, True, True, True),  # open to ROTL, but it closes after release anyway
        (-5, 3, False, True, True),  # a stated start after release counts, whatever the closing date
        (18, -2, False, False, False),  # a stated start before release needs ROTL, whatever the closing date
        (18, 0, False, False, False),  # a start on the day of release is not after it
        (18, -2, True, True, False),
        (None, 5, False, True, True),  # rolling, with a stated start after release
        (None, None, False, True, True),  # rolling, release within 4 weeks: still open when he is out
        (None, None, True, True, True),
    ],
)
def test_in_custody_rotl_matters_only_for_work_before_release(closing, start, rotl, suitable, after_release):
    seeker = replace(SEEKER, needs_rotl=True, release_date=RELEASE)
    vacancy = replace(VACANCY, closing_date=_days(closing), start_date=_days(start), suitable_for_rotl=rotl)
    result = assess(seeker, vacancy, today=TODAY)
    assert result.suitable is suitable
    assert result.after_release is after_release
    if not suitable:
        assert [c.kind for c in result.conflicts] == [ConflictKind.NEEDS_ROTL]
        assert "before the expected release" in result.conflicts[0].reason or "on the day of" in (
            result.conflicts[0].reason
        )
    if after_release:
        assert result.timing and "after" in result.timing.explanation


@pytest.mark.parametrize(
    ("release", "closing", "start", "suitable", "phrase"),
    [
        (TODAY + timedelta(days=60), None, None, False, "rolling vacancy"),  # release not within 4 weeks
        (TODAY + timedelta(days=28), None, None, True, "rolling vacancy"),  # exactly 4 weeks: within
        (TODAY + timedelta(days=60), TODAY + timedelta(days=70), None, True, "after the expected release"),
        (None, TODAY + timedelta(days=70), None, False, "No expected release date"),
        (None, None, TODAY + timedelta(days=70), False, "No expected release date"),
        (TODAY - timedelta(days=3), TODAY + timedelta(days=5), None, True, "after the expected release"),  # overdue
    ],
)
def test_release_date_unknown_or_far_off(release, closing, start, suitable, phrase):
    seeker = replace(SEEKER, needs_rotl=True, release_date=release)
    vacancy = replace(VACANCY, closing_date=closing, start_date=start, suitable_for_rotl=False)
    result = assess(seeker, vacancy, today=TODAY)
    assert result.suitable is suitable
    text = " ".join(c.reason for c in result.conflicts) + (result.timing.explanation if result.timing else "")
    assert phrase in text


@pytest.mark.parametrize("closing", [None, -5, 0, 18])
def test_out_of_custody_timing_and_rotl_do_not_matter(closing):
    result = assess(replace(SEEKER, release_date=RELEASE), replace(VACANCY, closing_date=_days(closing)), today=TODAY)
    assert result.suitable and not result.after_release and result.timing is None


# --- Pay below the legal minimum (issue 16 item 4) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "pay", "apprenticeship", "suitable"),
    [
        (30, "12.63", False, False),  # below the National Living Wage (£12.71 from April 2026)
        (30, "12.70", False, False),
        (30, "12.71", False, True),  # exactly the minimum is legal
        (19, "11.00", False, True),  # £10.85 for 18 to 20
        (19, "10.84", False, False),
        (17, "8.00", False, True),
        (30, "8.00", True, True),  # apprentice rate
        (30, "7.99", True, False),
    ],
)
def test_pay_below_the_minimum_for_the_persons_age_rules_a_vacancy_out(age, pay, apprenticeship, suitable):
    result = assess(
        replace(SEEKER, age=age),
        replace(VACANCY, hourly_pay=Decimal(pay), apprenticeship=apprenticeship),
        today=TODAY,
    )
    assert result.suitable is suitable
    if not suitable:
        assert [c.kind for c in result.conflicts] == [ConflictKind.BELOW_MINIMUM_WAGE]
        assert result.conflicts[0].reason.startswith(f"£{pay} an hour is below the minimum wage.")
        assert "not competitive employment" in result.conflicts[0].reason


def test_no_rates_held_means_pay_is_not_checked():
    result = assess(SEEKER, replace(VACANCY, hourly_pay=Decimal("5.00")), today=date(2020, 1, 1))
    assert result.suitable
    assert "Minimum wage not checked: no rates held for this date." in result.notes


# --- Offence categories (issue 16 item 15) --------------------------------------------------------------------


def test_offence_bits_never_move():
    """Masks are stored on employers and vacancies: a category's bit is fixed for ever."""
    assert {category.value: bit for category, bit in OFFENCE_BITS.items()} == {
        "ARSON": 1, "DRIVING": 2, "VIOLENCE": 4, "SEXUAL": 8, "TERRORISM": 16, "OTHER": 32,
        "THEFT": 64, "FRAUD": 128, "DRUGS": 256,
    }  # fmt: skip
    assert set(OFFENCE_BITS) == set(OffenceCategory) == set(OFFENCE_LABELS)


@pytest.mark.parametrize(
    ("category", "label"),
    [
        (OffenceCategory.THEFT, "theft and burglary"),
        (OffenceCategory.FRAUD, "fraud and dishonesty"),
        (OffenceCategory.DRUGS, "drugs"),
    ],
)
def test_new_offence_categories_exclude_like_the_others(category, label):
    seeker = replace(SEEKER, offences=(Offence(category, on_basic_check=True, on_standard_enhanced_check=True),))
    result = assess(seeker, replace(VACANCY, offence_exclusions=frozenset({category.value})), today=TODAY)
    assert [c.kind for c in result.conflicts] == [ConflictKind.OFFENCE_EXCLUDED]
    assert f"excludes {label} offences" in result.conflicts[0].reason
    assert exclusion_mask([category.value]) == OFFENCE_BITS[category]


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
        start_date=draw(st.one_of(st.none(), st.dates(date(2026, 6, 1), date(2026, 9, 1)))),
        offence_exclusions=frozenset(
            draw(st.sets(st.sampled_from(["VIOLENCE", "SEXUAL", "ARSON", "THEFT", "FRAUD", "DRUGS", "CASE_BY_CASE"])))
        ),
        dbs_level=draw(st.sampled_from(list(DbsLevel))),
        suitable_for_rotl=draw(st.booleans()),
        works_with_children=draw(st.booleans()),
        involves_driving=draw(st.booleans()),
        work_pattern=draw(st.sampled_from(list(WorkPattern))),
        apprenticeship=draw(st.booleans()),
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
    release_date=st.one_of(st.none(), st.dates(date(2026, 5, 1), date(2026, 9, 1))),
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
        seeker2 = replace(seeker, needs_rotl=True, release_date=None)
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
        for conflict in conflicts_for(seeker, vacancy, today=TODAY):
            assert conflict.reason.endswith(".")


@given(seekers, vacancies(1))
def test_in_custody_a_suitable_vacancy_is_open_to_rotl_or_starts_after_release(seeker, vacancy):
    result = assess(seeker, vacancy, today=TODAY)
    if not seeker.needs_rotl:
        assert result.timing is None and not any(c.kind == ConflictKind.NEEDS_ROTL for c in result.conflicts)
    elif result.suitable:
        assert vacancy.suitable_for_rotl or result.after_release
    if result.after_release:
        assert seeker.release_date is not None
        start = likely_start(vacancy)
        assert start is None or start > seeker.release_date


@given(seekers, vacancies(1))
def test_a_suitable_vacancy_pays_at_least_the_minimum_for_the_persons_age(seeker, vacancy):
    result = assess(seeker, vacancy, today=TODAY)
    floor = pay_floor(seeker, today=TODAY)
    assert floor is not None
    legal = vacancy.hourly_pay >= (floor.apprenticeship if vacancy.apprenticeship else floor.other)
    assert legal is not any(c.kind == ConflictKind.BELOW_MINIMUM_WAGE for c in result.conflicts)
    if result.suitable:
        assert legal


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
