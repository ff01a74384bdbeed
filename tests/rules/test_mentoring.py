"""rules.mentoring: whose vetting is in date, and who may be matched. Hand-worked tables, then properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.rules.mentoring import (
    VETTING_WARNING_DAYS,
    MentorFacts,
    MentorStatus,
    VettingState,
    eligibility,
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
        (date(2026, 11, 25), VettingState.EXPIRES_SOON, True, "Vetting expires today (25 November 2026): renew it soon"),
        (date(2026, 11, 26), VettingState.EXPIRES_SOON, True, "Vetting expires in 1 day (26 November 2026): renew it soon"),
        (date(2026, 12, 25), VettingState.EXPIRES_SOON, True, "Vetting expires in 30 days (25 December 2026): renew it soon"),
        (date(2026, 12, 26), VettingState.VALID, True, "Vetting valid until 26 December 2026"),
    ],
)  # fmt: skip
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
