"""rules.staff_access: who may change a member of staff's access, and when a second person must approve it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.core.capabilities import roles_with
from ipsgate.core.choices import Role
from ipsgate.rules.staff_access import (
    CASE_ROLES,
    OWN_ACCOUNT,
    ROLE_NAMES,
    Access,
    Outcome,
    approval_answer,
    change_decision,
)

AD, SM, S, TL, C, P, AN = (
    "administrator",
    "service_manager",
    "specialist",
    "team_leader",
    "clinician",
    "probation_practitioner",
    "analyst",
)


def on(role: str, site: int | None = None, team: int | None = None) -> Access:
    return Access(role, site, team, True)


def off(role: str, site: int | None = None, team: int | None = None) -> Access:
    return Access(role, site, team, False)


def test_the_case_roles_are_the_roles_that_see_case_records():
    mentee_readers = roles_with("read_own_mentees")  # a peer mentor reads their mentees' narrow view (issue 17)
    assert {str(role) for role in roles_with("see_case_records") | mentee_readers} == CASE_ROLES
    assert set(ROLE_NAMES) == set(Role.values)


@pytest.mark.parametrize(
    ("actor_role", "before", "after", "outcome", "approver", "words"),
    [
        # Giving a case role: an administrator's request waits for a service manager, and the other way round.
        (AD, on(AN), on(SM), Outcome.NEEDS_APPROVAL, SM, "as a service manager, so it waits until a service manager"),
        (AD, on(AN), on(S, 1), Outcome.NEEDS_APPROVAL, SM, "as an employment specialist"),
        (SM, on(AN), on(C, 1), Outcome.NEEDS_APPROVAL, AD, "waits until an administrator approves it"),
        # Moving a case-role account to another site or team changes whose records it reads.
        (AD, on(S, 1), on(S, 2), Outcome.NEEDS_APPROVAL, SM, "read case records"),
        (AD, on(TL, 1, 5), on(TL, 1, 6), Outcome.NEEDS_APPROVAL, SM, "read case records"),
        # Switching on an account that has a case role (new accounts are created switched off).
        (AD, off(P), on(P), Outcome.NEEDS_APPROVAL, SM, "probation practitioner"),
        # Making a case-role account a service account: whoever issues its token holds its access.
        (AD, on(S, 1), Access(S, 1, None, True, True), Outcome.NEEDS_APPROVAL, SM, "read case records"),
        (AD, on(AN), Access(AN, None, None, True, True), Outcome.APPLIES_NOW, "", "gives no case access"),
        # Taking case access away, or giving none: at once.
        (AD, on(S, 1), on(AN), Outcome.APPLIES_NOW, "", "takes case access away"),
        (AD, on(SM), off(SM), Outcome.APPLIES_NOW, "", "takes case access away"),
        (AD, on(AN), on(AD), Outcome.APPLIES_NOW, "", "gives no case access"),
        (AD, off(AN), on(AN), Outcome.APPLIES_NOW, "", "gives no case access"),
        (AD, off(S), off(TL), Outcome.APPLIES_NOW, "", "gives no case access"),
        # Nothing changed.
        (AD, on(S, 1, 2), on(S, 1, 2), Outcome.UNCHANGED, "", "as they were"),
        # Only administrators and service managers may ask for case access (a superuser with another role cannot).
        (AN, on(AN), on(S, 1), Outcome.REFUSED, "", "Only an administrator or a service manager can ask"),
        (TL, on(S, 1), on(S, 2), Outcome.REFUSED, "", "Only an administrator or a service manager can ask"),
    ],
)
def test_change_decisions(actor_role, before, after, outcome, approver, words):
    decision = change_decision(actor_id=1, actor_role=actor_role, subject_id=2, before=before, after=after)
    assert decision.outcome is outcome
    assert decision.approver_role == approver
    assert words in decision.explanation


@pytest.mark.parametrize(
    ("requester", "requester_role", "subject", "approver", "approver_role", "allowed", "words"),
    [
        (1, AD, 3, 2, SM, True, "Decided by a service manager"),
        (1, SM, 3, 2, AD, True, "Decided by an administrator"),
        (1, SM, 3, 1, SM, False, "You asked for this change"),
        (1, AD, 3, 1, SM, False, "You asked for this change"),  # even had their role changed since
        (1, AD, 3, 3, SM, False, "your own account"),
        (1, AD, 3, 2, AD, False, "asked for by an administrator must be decided by a service manager"),
        (1, SM, 3, 2, SM, False, "asked for by a service manager must be decided by an administrator"),
        (1, AD, 3, 2, TL, False, "must be decided by a service manager"),
        (1, AN, 3, 2, SM, False, "A request from an analyst cannot be approved"),
    ],
)
def test_approval_answers(requester, requester_role, subject, approver, approver_role, allowed, words):
    answer = approval_answer(
        requester_id=requester,
        requester_role=requester_role,
        subject_id=subject,
        approver_id=approver,
        approver_role=approver_role,
    )
    assert answer.allowed is allowed
    assert words in answer.explanation


roles = st.sampled_from(sorted(ROLE_NAMES))
ids = st.integers(min_value=1, max_value=4)
accesses = st.builds(
    Access,
    role=roles,
    site_id=st.none() | st.integers(1, 3),
    team_id=st.none() | st.integers(1, 3),
    active=st.booleans(),
)


@given(actor=ids, actor_role=roles, subject=ids, before=accesses, after=accesses)
def test_no_change_gives_case_access_without_a_second_person(actor, actor_role, subject, before, after):
    decision = change_decision(actor_id=actor, actor_role=actor_role, subject_id=subject, before=before, after=after)
    if actor == subject:
        assert (decision.outcome, decision.explanation) == (Outcome.REFUSED, OWN_ACCOUNT)
    elif decision.outcome is Outcome.APPLIES_NOW:
        assert not after.reads_case_data
    if after.reads_case_data and before != after:
        assert decision.outcome in (Outcome.NEEDS_APPROVAL, Outcome.REFUSED)
    if decision.outcome is Outcome.NEEDS_APPROVAL:
        assert {actor_role, decision.approver_role} == {AD, SM}  # the other kind
    assert decision.explanation


@given(requester=ids, requester_role=roles, subject=ids, approver=ids, approver_role=roles)
def test_an_approval_always_comes_from_a_third_person_of_the_other_kind(
    requester, requester_role, subject, approver, approver_role
):
    answer = approval_answer(
        requester_id=requester,
        requester_role=requester_role,
        subject_id=subject,
        approver_id=approver,
        approver_role=approver_role,
    )
    if answer.allowed:
        assert approver not in (requester, subject)
        assert {requester_role, approver_role} == {AD, SM}
    assert answer.explanation
