"""The application pipeline: every pair of statuses, allowed or refused, with an explanation."""

import itertools

import pytest

from ipsgate.jobs.choices import ApplicationStatus
from ipsgate.jobs.choices import NotStartedReason as NotStartedReasonChoice
from ipsgate.rules.applications import CLOSED, NotStartedReason, Status, check_transition, next_statuses

S = Status
EXPECTED_ALLOWED = {
    (S.INTERESTED, S.APPLIED),
    (S.INTERESTED, S.WITHDRAWN),
    (S.APPLIED, S.INTERVIEW),
    (S.APPLIED, S.OFFERED),
    (S.APPLIED, S.UNSUCCESSFUL),
    (S.APPLIED, S.WITHDRAWN),
    (S.INTERVIEW, S.OFFERED),
    (S.INTERVIEW, S.UNSUCCESSFUL),
    (S.INTERVIEW, S.WITHDRAWN),
    (S.OFFERED, S.ACCEPTED),
    (S.OFFERED, S.OFFER_DECLINED),
    (S.OFFERED, S.WITHDRAWN),
    (S.ACCEPTED, S.STARTED),
    (S.ACCEPTED, S.OFFER_NOT_STARTED),
}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(Status, Status)))
def test_every_pair_of_statuses(current, target):
    reason = NotStartedReason.HOUSING if target == S.OFFER_NOT_STARTED else None
    check = check_transition(current, target, reason=reason)
    assert check.allowed == ((current, target) in EXPECTED_ALLOWED)
    assert check.explanation  # refusals and moves both say something
    if not check.allowed:
        assert "“" in check.explanation or "reason" in check.explanation


def test_offer_not_started_needs_a_reason():
    refused = check_transition(S.ACCEPTED, S.OFFER_NOT_STARTED)
    assert not refused.allowed
    assert "reason" in refused.explanation
    for reason in NotStartedReason:
        assert check_transition(S.ACCEPTED, S.OFFER_NOT_STARTED, reason=reason).allowed


def test_a_reason_is_refused_on_any_other_move():
    assert not check_transition(S.ACCEPTED, S.STARTED, reason=NotStartedReason.HOUSING).allowed


def test_cannot_jump_from_interested_to_started():
    check = check_transition(S.INTERESTED, S.STARTED)
    assert not check.allowed
    assert "“Applied”" in check.explanation  # says where it can go instead


def test_closed_statuses_go_nowhere_and_open_ones_somewhere():
    for status in Status:
        assert (next_statuses(status) == []) == (status in CLOSED)


def test_database_choices_match_the_rule_module():
    assert [c.value for c in ApplicationStatus] == [s.value for s in Status]
    assert {c.value for c in NotStartedReasonChoice} == {r.value for r in NotStartedReason}
