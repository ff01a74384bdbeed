"""Referrals out to partner organisations (issue 18 §2): the status lifecycle, when an unanswered referral needs
chasing, and which partners to suggest. Pure functions, no Django.

Lifecycle: sent → acknowledged → accepted / declined / no response → support started → completed, and a referral
may be closed at any point before it ends. "No response" can still turn into an answer (a late reply is recorded,
not lost). Declined, completed and closed are final.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

CHASE_AFTER_WORKING_DAYS = 10


class Status(StrEnum):
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    NO_RESPONSE = "no_response"
    SUPPORT_STARTED = "support_started"
    COMPLETED = "completed"
    CLOSED = "closed"


NEXT: dict[Status, frozenset[Status]] = {
    Status.SENT: frozenset({Status.ACKNOWLEDGED, Status.ACCEPTED, Status.DECLINED, Status.NO_RESPONSE, Status.CLOSED}),
    Status.ACKNOWLEDGED: frozenset({Status.ACCEPTED, Status.DECLINED, Status.NO_RESPONSE, Status.CLOSED}),
    Status.NO_RESPONSE: frozenset({Status.ACKNOWLEDGED, Status.ACCEPTED, Status.DECLINED, Status.CLOSED}),
    Status.ACCEPTED: frozenset({Status.SUPPORT_STARTED, Status.CLOSED}),
    Status.SUPPORT_STARTED: frozenset({Status.COMPLETED, Status.CLOSED}),
    Status.DECLINED: frozenset(),
    Status.COMPLETED: frozenset(),
    Status.CLOSED: frozenset(),
}
FINAL = frozenset(status for status, after in NEXT.items() if not after)
WAITING = frozenset({Status.SENT, Status.ACKNOWLEDGED})  # no answer yet
ANSWERED = frozenset({Status.ACCEPTED, Status.DECLINED, Status.SUPPORT_STARTED, Status.COMPLETED})

LABELS = {
    Status.SENT: "sent",
    Status.ACKNOWLEDGED: "acknowledged",
    Status.ACCEPTED: "accepted",
    Status.DECLINED: "declined",
    Status.NO_RESPONSE: "no response",
    Status.SUPPORT_STARTED: "support started",
    Status.COMPLETED: "completed",
    Status.CLOSED: "closed",
}


@dataclass(frozen=True)
class Change:
    allowed: bool
    explanation: str


def status_change(current: Status, new: Status) -> Change:
    """Whether a referral may move from `current` to `new`, and why (or why not) in plain English."""
    if new == current:
        return Change(False, f"The referral is already {LABELS[current]}.")
    if current in FINAL:
        return Change(False, f"The referral is {LABELS[current]}: that is final, so its status cannot change.")
    if new in NEXT[current]:
        return Change(True, f"A referral that is {LABELS[current]} can become {LABELS[new]}.")
    choices = ", ".join(LABELS[s] for s in Status if s in NEXT[current])
    return Change(False, f"A referral that is {LABELS[current]} cannot become {LABELS[new]}: it can become {choices}.")


def working_days_before(day: date, count: int, holidays: Iterable[date] = ()) -> date:
    """The date `count` working days (Monday to Friday, not a holiday) before `day`."""
    closed = set(holidays)
    current = day
    left = count
    while left > 0:
        current -= timedelta(days=1)
        if current.weekday() < 5 and current not in closed:
            left -= 1
    return current


def working_days_after(day: date, count: int, holidays: Iterable[date] = ()) -> date:
    """The date `count` working days (Monday to Friday, not a holiday) after `day`."""
    closed = set(holidays)
    current = day
    left = count
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in closed:
            left -= 1
    return current


def chase_on(referred_on: date, holidays: Iterable[date] = ()) -> date:
    """The day an unanswered referral is to be chased: the 10th working day after it was sent, weekends and bank
    holidays not counted (sent on Friday 18 December 2026, it is chased on Wednesday 6 January 2027, after Christmas
    Day, the Boxing Day substitute day on Monday 28 December and New Year's Day). The one definition of when a
    chase is due: the To do task (`rules.reminders`) and the caseload flag (`chase_cutoff`) both follow it."""
    return working_days_after(referred_on, CHASE_AFTER_WORKING_DAYS, holidays)


def chase_cutoff(today: date, holidays: Iterable[date] = ()) -> date:
    """The latest sending date of a referral that is due a chase today: `referred_on <= chase_cutoff(today)` exactly
    when `chase_on(referred_on) <= today` (for a query that filters on the sending date)."""
    closed = set(holidays)
    current = today
    counted = 0
    while True:
        if current.weekday() < 5 and current not in closed:
            counted += 1
            if counted == CHASE_AFTER_WORKING_DAYS:
                return current - timedelta(days=1)
        current -= timedelta(days=1)


def chase_due(status: Status, referred_on: date, today: date, holidays: Iterable[date] = ()) -> Change:
    """An unanswered referral is chased once 10 working days have passed since it was sent (`chase_on`)."""
    if status not in WAITING:
        return Change(False, f"The referral is {LABELS[status]}, so there is nothing to chase.")
    due = chase_on(referred_on, holidays)
    if due <= today:
        return Change(True, f"No answer {CHASE_AFTER_WORKING_DAYS} working days after it was sent: chase it.")
    return Change(False, f"Sent less than {CHASE_AFTER_WORKING_DAYS} working days ago: wait for an answer.")


@dataclass(frozen=True)
class Candidate:
    """What the suggestion needs to know about a partner."""

    partner_id: int
    name: str
    pathways: frozenset[str]
    prison_codes: frozenset[str]
    areas: Sequence[str]  # as typed: postcode districts ("LS9") and area names ("Leeds")
    active: bool


@dataclass(frozen=True)
class Suggestion:
    partner_id: int
    name: str
    score: int
    explanation: str


def suggest(
    candidates: Iterable[Candidate], *, pathway: str, prison_code: str = "", district: str = ""
) -> list[Suggestion]:
    """Active partners that help with the pathway, best first: one working in the person's prison scores 2, one
    serving their postcode district in the community scores 1 (both: 3); ties by name. Closed partners and other
    pathways are never suggested."""
    wanted_district = district.strip().upper()
    found = []
    for c in candidates:
        if not c.active or pathway not in c.pathways:
            continue
        reasons = []
        score = 0
        if prison_code and prison_code in c.prison_codes:
            score += 2
            reasons.append("works in the person's prison")
        if wanted_district and wanted_district in {a.strip().upper() for a in c.areas}:
            score += 1
            reasons.append(f"serves {wanted_district} in the community")
        why = "Helps with this pathway" + ("; " + " and ".join(reasons) if reasons else "") + "."
        found.append(Suggestion(c.partner_id, c.name, score, why))
    return sorted(found, key=lambda s: (-s.score, s.name.casefold(), s.partner_id))


GAP_ANSWER_SHARE = 0.5  # a pathway where fewer than half the referrals get any answer is a gap


@dataclass(frozen=True)
class Gap:
    is_gap: bool
    explanation: str


def pathway_gap(*, active_partners: int, referrals: int, answered: int) -> Gap:
    """A pathway at a prison is a gap when no active partner serves it, or when fewer than half of the referrals
    made to its partners got any answer (acknowledged, accepted, declined, support started or completed)."""
    if active_partners == 0:
        return Gap(True, "No active partner helps with this pathway at this prison.")
    if referrals and answered < referrals * GAP_ANSWER_SHARE:
        return Gap(True, "Fewer than half of the referrals got any answer.")
    if referrals:
        return Gap(False, "At least half of the referrals got an answer.")
    return Gap(False, "Partners are in place; no referrals in the period yet.")
