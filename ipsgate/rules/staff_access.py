"""Who may change a member of staff's access, and when a second person must approve it. Pure: no Django.

An account's access is its role, base site, team, whether it is switched on and whether it is a service account.
Three rules (issue 15 item 1):

- Nobody changes their own access.
- A change that leaves the account switched on in a role that reads case data (specialist, team leader, service
  manager, clinician, probation practitioner, peer mentor) needs a second person: it waits until someone of the
  other kind approves it. An administrator's request is approved by a service manager; a service manager's by an
  administrator. Nobody approves a request they made, nor one about their own account. That covers giving such a
  role, moving such an account to another site or team (which changes whose records it reads), switching such an
  account on (a new account is created switched off), and making it a service account or a person again (whoever
  issues a service account's API token holds its access).
- Any other change (to analyst or administrator, or switching an account off) takes case access away or gives
  none, so it applies at once. Every change, either way, is recorded.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

# The roles that read participants' records: those with `see_case_records` or `read_own_mentees` in
# `ipsgate.core.capabilities` (a test keeps the two equal). A peer mentor reads their current mentees' narrow view.
CASE_ROLES = frozenset(
    {"specialist", "team_leader", "service_manager", "clinician", "probation_practitioner", "mentor"}
)
ADMINISTRATOR = "administrator"
SERVICE_MANAGER = "service_manager"
# Whose approval a request needs, by the role of the person who asked.
APPROVER_ROLE = {ADMINISTRATOR: SERVICE_MANAGER, SERVICE_MANAGER: ADMINISTRATOR}
ROLE_NAMES = {
    "specialist": "employment specialist",
    "team_leader": "team leader",
    "service_manager": "service manager",
    "clinician": "clinician",
    "probation_practitioner": "probation practitioner",
    "analyst": "analyst",
    "administrator": "administrator",
    "mentor": "peer mentor",
}

OWN_ACCOUNT = (
    "You cannot change your own role, site, team, access or permissions. Ask another administrator to make the change"
)


@dataclass(frozen=True)
class Access:
    """What an account may reach: its role, site and team, whether it is switched on, and whether it is a service
    account (a system reading the API with a token, which whoever issues the token holds)."""

    role: str
    site_id: int | None
    team_id: int | None
    active: bool
    service_account: bool = False

    @property
    def reads_case_data(self) -> bool:
        return self.active and self.role in CASE_ROLES


class Outcome(enum.StrEnum):
    REFUSED = "refused"  # may not be made at all
    UNCHANGED = "unchanged"  # nothing to record
    APPLIES_NOW = "applies now"  # no case access given: applied and recorded at once
    NEEDS_APPROVAL = "needs approval"  # waits for a second person of the other kind


@dataclass(frozen=True)
class ChangeDecision:
    outcome: Outcome
    explanation: str
    approver_role: str = ""  # for NEEDS_APPROVAL: the role of whoever may approve it


@dataclass(frozen=True)
class Answer:
    allowed: bool
    explanation: str


def _role_name(role: str) -> str:
    return ROLE_NAMES.get(role, role)


def with_article(role: str) -> str:
    """The role with its article: "an administrator", "a service manager"."""
    name = _role_name(role)
    return f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"


def change_decision(
    *, actor_id: int, actor_role: str, subject_id: int, before: Access, after: Access
) -> ChangeDecision:
    """What happens when `actor` asks to change `subject`'s access from `before` to `after`."""
    if actor_id == subject_id:
        return ChangeDecision(Outcome.REFUSED, OWN_ACCOUNT)
    if before == after:
        return ChangeDecision(Outcome.UNCHANGED, "The role, site, team and access are as they were.")
    if not after.reads_case_data:
        taken = "takes case access away" if before.reads_case_data else "gives no case access"
        return ChangeDecision(Outcome.APPLIES_NOW, f"The change {taken}, so it applies at once and is recorded.")
    approver = APPROVER_ROLE.get(actor_role)
    if approver is None:
        return ChangeDecision(
            Outcome.REFUSED,
            f"The change would let the account read case records as {with_article(after.role)}. Only an administrator "
            "or a service manager can ask for that, and someone of the other kind must approve it",
        )
    return ChangeDecision(
        Outcome.NEEDS_APPROVAL,
        f"The change would let the account read case records as {with_article(after.role)}, so it waits until "
        f"{with_article(approver)} approves it.",
        approver,
    )


def approval_answer(
    *, requester_id: int, requester_role: str, subject_id: int, approver_id: int, approver_role: str
) -> Answer:
    """May `approver` decide (approve or refuse) a request made by `requester` about `subject`'s access?"""
    if approver_id == requester_id:
        return Answer(False, "You asked for this change, so someone else must decide it")
    if approver_id == subject_id:
        return Answer(False, "This change is to your own account, so someone else must decide it")
    needed = APPROVER_ROLE.get(requester_role)
    if needed is None:
        return Answer(False, f"A request from {with_article(requester_role)} cannot be approved")
    if approver_role != needed:
        return Answer(
            False,
            f"A change asked for by {with_article(requester_role)} must be decided by {with_article(needed)}",
        )
    return Answer(True, f"Decided by {with_article(needed)}, not the person who asked nor the account's holder.")
