"""rules.mentoring: whose vetting is in date, and who may be matched. Hand-worked tables, then properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.rules.mentoring import (
    VETTING_WARNING_DAYS,
    Candidate,
    MentorFacts,
    MentorStatus,
    OfferAnswer,
    OfferFacts,
    Seeker,
    VettingState,
    eligibility,
    offer_allows_match,
    offer_dates_problem,
    rank_mentors,
    vetting_state,
)

TODAY = date(2026, 11, 25)
PRISON, OTHER_PRISON = 1, 2


def mentor(**changes: object) -> MentorFacts:
    facts = {
        "status": MentorStatus.ACTIVE,
        "capacity": 3,
        "current_mentees": 1,
        "vetting_expires": TODAY + timedelta(days=200),
        "cleared_prisons": frozenset({PRISON}),
    } | changes
    return MentorFacts(**facts)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("expires", "state", "valid", "explanation"),
    [
        (None, VettingState.NOT_RECORDED, False, "No vetting recorded: cannot be matched until vetting is recorded"),
        (date(2026, 11, 24), VettingState.EXPIRED, False, "Vetting expired on 24 November 2026: cannot be matched"),
        (
            date(2026, 11, 25),
            VettingState.EXPIRES_SOON,
            True,
            "Vetting expires today (25 November 2026): renew it soon",
        ),
        (
            date(2026, 11, 26),
            VettingState.EXPIRES_SOON,
            True,
            "Vetting expires in 1 day (26 November 2026): renew it soon",
        ),
        (
            date(2026, 12, 25),
            VettingState.EXPIRES_SOON,
            True,
            "Vetting expires in 30 days (25 December 2026): renew it soon",
        ),
        (date(2026, 12, 26), VettingState.VALID, True, "Vetting valid until 26 December 2026"),
    ],
)
def test_vetting_state(expires: date | None, state: VettingState, valid: bool, explanation: str) -> None:
    vetting = vetting_state(expires, TODAY)
    assert (vetting.state, vetting.valid, vetting.explanation) == (state, valid, explanation)


@pytest.mark.parametrize(
    ("facts", "prison", "eligible", "reasons"),
    [
        (mentor(), PRISON, True, ("Active with room for 2 more", "Vetting valid until 13 June 2027")),
        (mentor(), None, True, ("Active with room for 2 more", "Vetting valid until 13 June 2027")),
        (mentor(), OTHER_PRISON, False, ("Vetting does not clear them to visit this prison",)),
        (mentor(current_mentees=3), PRISON, False, ("At capacity: 3 of 3 mentees",)),
        (mentor(status=MentorStatus.PAUSED), PRISON, False, ("Not active: paused or left the service",)),
        (
            mentor(vetting_expires=date(2026, 11, 1)),
            None,
            False,
            ("Vetting expired on 1 November 2026: cannot be matched",),
        ),
        (
            mentor(status=MentorStatus.LEFT, current_mentees=4, vetting_expires=None),
            PRISON,
            False,
            (
                "Not active: paused or left the service",
                "At capacity: 4 of 3 mentees",
                "No vetting recorded: cannot be matched until vetting is recorded",
            ),
        ),
    ],
)
def test_eligibility(facts: MentorFacts, prison: int | None, eligible: bool, reasons: tuple[str, ...]) -> None:
    result = eligibility(facts, TODAY, prison)
    assert (result.eligible, result.reasons) == (eligible, reasons)
    assert result.explanation == "; ".join(reasons)


facts_strategy = st.builds(
    MentorFacts,
    status=st.sampled_from(MentorStatus),
    capacity=st.integers(1, 20),
    current_mentees=st.integers(0, 25),
    vetting_expires=st.none() | st.dates(TODAY - timedelta(days=800), TODAY + timedelta(days=800)),
    cleared_prisons=st.frozensets(st.integers(1, 4), max_size=4),
)


@given(facts_strategy, st.none() | st.integers(1, 4))
def test_at_capacity_expired_or_not_cleared_is_never_eligible(facts: MentorFacts, prison: int | None) -> None:
    result = eligibility(facts, TODAY, prison)
    if facts.current_mentees >= facts.capacity:
        assert not result.eligible
    if facts.vetting_expires is None or facts.vetting_expires < TODAY:
        assert not result.eligible
    if prison is not None and prison not in facts.cleared_prisons:
        assert not result.eligible
    if facts.status is not MentorStatus.ACTIVE:
        assert not result.eligible
    assert result.reasons and all(result.reasons)


@given(facts_strategy, st.none() | st.integers(1, 4))
def test_eligible_exactly_when_nothing_stands_against(facts: MentorFacts, prison: int | None) -> None:
    in_date = facts.vetting_expires is not None and facts.vetting_expires >= TODAY
    expected = (
        facts.status is MentorStatus.ACTIVE
        and facts.current_mentees < facts.capacity
        and in_date
        and (prison is None or prison in facts.cleared_prisons)
    )
    assert eligibility(facts, TODAY, prison).eligible is expected


@given(st.dates(TODAY - timedelta(days=800), TODAY + timedelta(days=800)))
def test_vetting_warns_only_in_the_last_days(expires: date) -> None:
    state = vetting_state(expires, TODAY).state
    days = (expires - TODAY).days
    if days < 0:
        assert state is VettingState.EXPIRED
    elif days <= VETTING_WARNING_DAYS:
        assert state is VettingState.EXPIRES_SOON
    else:
        assert state is VettingState.VALID


# --- Ranking -------------------------------------------------------------------------------------------------------


def candidate(id: int, name: str, **changes: object) -> Candidate:
    values = {
        "facts": mentor(),
        "sites": frozenset({PRISON}),
        "districts": frozenset({"LS9"}),
        "gender": "man",
        "lived_experience": "yes",
        "interests": frozenset(),
    } | changes
    return Candidate(id=id, name=name, **values)  # type: ignore[arg-type]


IN_LEEDS = Seeker(prison=PRISON, site=PRISON, release_district="LS9", interests=frozenset({"RETAIL", "DRIVING"}))


def test_ranking_worked_by_hand() -> None:
    both = candidate(1, "Both", interests=frozenset({"RETAIL"}))  # 3 + 2 + 1 = 6
    prison_only = candidate(2, "Prison only", districts=frozenset())  # 3
    area_only = candidate(3, "Area only", sites=frozenset(), facts=mentor(cleared_prisons=frozenset({PRISON})))  # 2
    neither = candidate(4, "Neither", sites=frozenset({OTHER_PRISON}), districts=frozenset({"BD3"}))
    full = candidate(5, "Full", facts=mentor(current_mentees=3), interests=frozenset({"RETAIL", "DRIVING"}))
    expired = candidate(6, "Expired", facts=mentor(vetting_expires=TODAY - timedelta(days=1)))
    ranked = rank_mentors([neither, area_only, expired, full, prison_only, both], IN_LEEDS, TODAY)
    assert [(s.name, s.score) for s in ranked] == [("Both", 6), ("Prison only", 3), ("Area only", 2)]
    assert ranked[0].reasons == (
        "Covers the person's prison",
        "Covers the release area (LS9)",
        "1 shared interest",
        "Active with room for 2 more",
        "Vetting valid until 13 June 2027",
    )


def test_stated_preferences_rule_mentors_out_and_are_given_as_reasons() -> None:
    seeker = Seeker(
        prison=PRISON, site=PRISON, release_district="", gender_wanted="woman", lived_experience_wanted=True
    )
    woman = candidate(1, "Woman", gender="woman")
    no_lived = candidate(2, "No lived experience", gender="woman", lived_experience="not_said")
    man = candidate(3, "Man")
    ranked = rank_mentors([man, no_lived, woman], seeker, TODAY)
    assert [s.name for s in ranked] == ["Woman"]
    assert "The gender the person asked for" in ranked[0].reasons
    assert "Has lived experience of prison, as the person asked" in ranked[0].reasons


def test_after_release_the_community_site_counts_and_prison_vetting_is_not_needed() -> None:
    seeker = Seeker(prison=None, site=7, release_district="")
    community = candidate(1, "Community", sites=frozenset({7}), facts=mentor(cleared_prisons=frozenset()))
    assert [(s.name, s.reasons[0]) for s in rank_mentors([community], seeker, TODAY)] == [
        ("Community", "Covers the person's community site")
    ]


def test_ties_go_to_more_room_then_name_then_id() -> None:
    a = candidate(9, "Avery", facts=mentor(current_mentees=2))
    b = candidate(3, "Blake")
    c = candidate(2, "Avery")
    assert [s.mentor_id for s in rank_mentors([a, b, c], IN_LEEDS, TODAY)] == [2, 3, 9]


candidates_strategy = st.lists(
    st.builds(
        Candidate,
        id=st.integers(1, 50),
        name=st.sampled_from(["Ash", "Bo", "Cy"]),
        facts=facts_strategy,
        sites=st.frozensets(st.integers(1, 4), max_size=3),
        districts=st.frozensets(st.sampled_from(["LS9", "BD3", "HU3"]), max_size=2),
        gender=st.sampled_from(["man", "woman", "not_said"]),
        lived_experience=st.sampled_from(["yes", "no", "not_said"]),
        interests=st.frozensets(st.sampled_from(["RETAIL", "DRIVING", "OFFICE"]), max_size=3),
    ),
    max_size=8,
    unique_by=lambda c: c.id,
)
seekers_strategy = st.builds(
    Seeker,
    prison=st.none() | st.integers(1, 4),
    site=st.none() | st.integers(1, 4),
    release_district=st.sampled_from(["", "LS9", "BD3"]),
    gender_wanted=st.sampled_from(["", "man", "woman"]),
    lived_experience_wanted=st.booleans(),
    interests=st.frozensets(st.sampled_from(["RETAIL", "DRIVING", "OFFICE"]), max_size=3),
)


@given(candidates_strategy, seekers_strategy, st.randoms())
def test_ranking_never_suggests_who_cannot_be_matched_and_ignores_the_order_given(
    candidates: list[Candidate], seeker: Seeker, rng: object
) -> None:
    ranked = rank_mentors(candidates, seeker, TODAY)
    by_id = {c.id: c for c in candidates}
    for suggestion in ranked:
        facts = by_id[suggestion.mentor_id].facts
        assert facts.current_mentees < facts.capacity
        assert facts.vetting_expires is not None and facts.vetting_expires >= TODAY
        assert seeker.prison is None or seeker.prison in facts.cleared_prisons
        assert suggestion.reasons and suggestion.score > 0
        assert not seeker.gender_wanted or by_id[suggestion.mentor_id].gender == seeker.gender_wanted
        assert not seeker.lived_experience_wanted or by_id[suggestion.mentor_id].lived_experience == "yes"
    shuffled = list(candidates)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert rank_mentors(shuffled, seeker, TODAY) == ranked
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)


@pytest.mark.parametrize(
    ("offer", "allowed", "explanation"),
    [
        (None, True, "No offer of mentoring recorded: matching them records that they took it up"),
        (
            OfferFacts(date(2026, 11, 2), OfferAnswer.WAITING),
            True,
            "Offered mentoring on 2 November 2026, no answer recorded yet",
        ),
        (
            OfferFacts(date(2026, 11, 2), OfferAnswer.ACCEPTED, date(2026, 11, 3)),
            True,
            "Accepted the mentoring offered on 2 November 2026",
        ),
        (
            OfferFacts(date(2026, 11, 2), OfferAnswer.DECLINED, date(2026, 11, 9)),
            False,
            "The person declined the mentoring offered on 2 November 2026 on 9 November 2026: record a new offer "
            "before matching",
        ),
    ],
)
def test_offer_allows_match(offer: OfferFacts | None, allowed: bool, explanation: str) -> None:
    answer = offer_allows_match(offer)
    assert (answer.eligible, answer.explanation) == (allowed, explanation)


@pytest.mark.parametrize(
    ("offered", "answered", "problem"),
    [
        (TODAY, None, None),
        (TODAY, TODAY, None),  # answered the day it was offered
        (TODAY - timedelta(days=3), TODAY - timedelta(days=1), None),
        (
            TODAY + timedelta(days=1),
            None,
            ("offered_on", "The date mentoring was offered must be today or in the past"),
        ),
        (TODAY, TODAY + timedelta(days=1), ("answered_on", "The date of the answer must be today or in the past")),
        (
            TODAY - timedelta(days=1),
            TODAY - timedelta(days=2),
            ("answered_on", "The date of the answer must be on or after the date of the offer (24 November 2026)"),
        ),
    ],
)
def test_offer_dates_problem(offered: date, answered: date | None, problem: tuple[str, str] | None) -> None:
    assert offer_dates_problem(offered, answered, TODAY) == problem


@given(st.dates(TODAY - timedelta(days=60), TODAY + timedelta(days=5)), st.none() | st.integers(-10, 10))
def test_offer_dates_accepted_exactly_when_in_order_and_not_in_the_future(offered: date, gap: int | None) -> None:
    answered = None if gap is None else offered + timedelta(days=gap)
    fine = offered <= TODAY and (answered is None or offered <= answered <= TODAY)
    assert (offer_dates_problem(offered, answered, TODAY) is None) == fine


def test_a_preference_the_person_did_not_state_never_rules_a_mentor_out() -> None:
    seeker = Seeker(prison=PRISON, site=PRISON, release_district="LS9")
    ranked = rank_mentors(
        [candidate(1, "Woman", gender="woman", lived_experience="no"), candidate(2, "Man")], seeker, TODAY
    )
    assert {s.name for s in ranked} == {"Woman", "Man"}
    assert all("as the person asked" not in r and "asked for" not in r for s in ranked for r in s.reasons)
