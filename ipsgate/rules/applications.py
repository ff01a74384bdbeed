"""The application pipeline as an explicit state machine. Pure: no Django.

interested → applied → interview → offered → accepted → started, or closed on the way as unsuccessful,
withdrawn, offer declined, or offer not started (which needs a reason). A closed application stays closed;
a person who tries again starts a new application.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Status(enum.StrEnum):
    INTERESTED = "interested"
    APPLIED = "applied"
    INTERVIEW = "interview"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    STARTED = "started"
    UNSUCCESSFUL = "unsuccessful"
    WITHDRAWN = "withdrawn"
    OFFER_DECLINED = "offer_declined"
    OFFER_NOT_STARTED = "offer_not_started"


class NotStartedReason(enum.StrEnum):
    RECALLED = "recalled"
    HOUSING = "housing"
    LICENCE_CONDITION = "licence_condition"
    CHANGED_MIND = "changed_mind"
    EMPLOYER_WITHDREW = "employer_withdrew"
    OTHER = "other"


STATUS_LABELS = {
    Status.INTERESTED: "Interested",
    Status.APPLIED: "Applied",
    Status.INTERVIEW: "Interview",
    Status.OFFERED: "Offered",
    Status.ACCEPTED: "Offer accepted",
    Status.STARTED: "Started",
    Status.UNSUCCESSFUL: "Unsuccessful",
    Status.WITHDRAWN: "Withdrawn",
    Status.OFFER_DECLINED: "Offer declined",
    Status.OFFER_NOT_STARTED: "Offer accepted but not started",
}

NOT_STARTED_REASON_LABELS = {
    NotStartedReason.RECALLED: "Recalled to prison",
    NotStartedReason.HOUSING: "Housing",
    NotStartedReason.LICENCE_CONDITION: "Licence condition",
    NotStartedReason.CHANGED_MIND: "Changed their mind",
    NotStartedReason.EMPLOYER_WITHDREW: "Employer withdrew the offer",
    NotStartedReason.OTHER: "Other",
}

CLOSED = frozenset(
    {Status.STARTED, Status.UNSUCCESSFUL, Status.WITHDRAWN, Status.OFFER_DECLINED, Status.OFFER_NOT_STARTED}
)
OFFER_MADE = frozenset(
    {Status.OFFERED, Status.ACCEPTED, Status.STARTED, Status.OFFER_DECLINED, Status.OFFER_NOT_STARTED}
)

# Each open status and where it may go next. Anything not listed is refused.
ALLOWED: dict[Status, frozenset[Status]] = {
    Status.INTERESTED: frozenset({Status.APPLIED, Status.WITHDRAWN}),
    Status.APPLIED: frozenset({Status.INTERVIEW, Status.OFFERED, Status.UNSUCCESSFUL, Status.WITHDRAWN}),
    Status.INTERVIEW: frozenset({Status.OFFERED, Status.UNSUCCESSFUL, Status.WITHDRAWN}),
    Status.OFFERED: frozenset({Status.ACCEPTED, Status.OFFER_DECLINED, Status.WITHDRAWN}),
    Status.ACCEPTED: frozenset({Status.STARTED, Status.OFFER_NOT_STARTED}),
}


@dataclass(frozen=True)
class TransitionCheck:
    allowed: bool
    explanation: str


def next_statuses(current: Status) -> list[Status]:
    """Where an application can go from `current`, in pipeline order."""
    allowed = ALLOWED.get(current, frozenset())
    return [status for status in Status if status in allowed]


def check_transition(current: Status, target: Status, *, reason: NotStartedReason | None = None) -> TransitionCheck:
    """Whether an application may move from `current` to `target`, and why not if it may not."""
    now, then = STATUS_LABELS[current], STATUS_LABELS[target]
    if current == target:
        return TransitionCheck(False, f"The application is already at “{now}”.")
    if current in CLOSED:
        return TransitionCheck(False, f"The application is closed (“{now}”); start a new application instead.")
    if target not in ALLOWED[current]:
        options = ", ".join(f"“{STATUS_LABELS[s]}”" for s in next_statuses(current))
        return TransitionCheck(False, f"An application at “{now}” cannot move to “{then}”. It can move to {options}.")
    if target == Status.OFFER_NOT_STARTED and reason is None:
        return TransitionCheck(False, "Give the reason the person did not start after accepting the offer.")
    if reason is not None and target != Status.OFFER_NOT_STARTED:
        return TransitionCheck(False, "A reason is only recorded when an accepted offer did not start.")
    return TransitionCheck(True, f"“{now}” to “{then}”.")
