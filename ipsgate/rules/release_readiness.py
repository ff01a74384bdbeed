"""The ready-for-release checklist, as prison employment hubs use it: the practical things a person needs on the
day they leave prison before a job can start and last. Pure: no Django.

Each item has a status (not started, in progress, done, not needed) and the date of that status. What "in
progress" and "done" mean differs by item (an ID document is applied for, then obtained; a Jobcentre appointment is
booked), so each item names its own words for them. An item that is neither done nor marked not needed is
outstanding; outstanding items feed the person's tasks before release (`rules.reminders`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass


class ItemStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_NEEDED = "not_needed"


SETTLED = frozenset({ItemStatus.DONE, ItemStatus.NOT_NEEDED})


@dataclass(frozen=True)
class Item:
    code: str  # also the prefix of the item's status and date columns: "<code>_status", "<code>_on"
    label: str
    in_progress: str  # the word for "in progress" for this item
    done: str  # the word for "done" for this item
    hint: str

    def status_label(self, status: str) -> str:
        words = {
            ItemStatus.NOT_STARTED: "Not started",
            ItemStatus.IN_PROGRESS: self.in_progress,
            ItemStatus.DONE: self.done,
            ItemStatus.NOT_NEEDED: "Not needed",
        }
        return words.get(status, "Not started")  # type: ignore[call-overload]  # a StrEnum key equals its string


ITEMS: tuple[Item, ...] = (
    Item("id", "Photo ID", "Applied for", "Obtained", "A document an employer and a bank will accept."),
    Item("bank_account", "Bank account", "Applied for", "Opened", "Wages and benefits are paid into an account."),
    Item(
        "uc_claim",
        "Universal Credit claim prepared",
        "Being prepared",
        "Ready to submit",
        "Prepared before release, so the first payment is not delayed.",
    ),
    Item(
        "uc_appointment",
        "Jobcentre appointment booked",
        "Being arranged",
        "Booked",
        "The first Universal Credit appointment after release.",
    ),
    Item("debts", "Debts known", "Being looked into", "Known", "Rent arrears, fines, loans and bills."),
    Item("debt_advice", "Referred for debt advice", "Being arranged", "Referred", "If the person has debts."),
    Item("cv", "CV", "Being written", "Ready", "A CV the person is happy to send to employers."),
    Item(
        "disclosure_letter",
        "Disclosure letter",
        "Being written",
        "Ready",
        "What the person will tell employers about their conviction.",
    ),
    Item(
        "interview_clothing",
        "Clothes for interviews",
        "Being arranged",
        "Arranged",
        "Something to wear to an interview.",
    ),
    Item(
        "travel",
        "Travel to the first appointment",
        "Being arranged",
        "Arranged",
        "How the person gets to their first appointment after release (a travel warrant, a bus pass, a lift).",
    ),
)
ITEM_BY_CODE: Mapping[str, Item] = {item.code: item for item in ITEMS}


def outstanding(statuses: Mapping[str, str]) -> tuple[Item, ...]:
    """The items not yet done nor marked not needed, in checklist order. An item with no status is outstanding."""
    return tuple(item for item in ITEMS if statuses.get(item.code, ItemStatus.NOT_STARTED) not in SETTLED)


def readiness_summary(statuses: Mapping[str, str]) -> str:
    """ "7 of 10 ready" in words for a page: how many items are done or not needed."""
    ready = len(ITEMS) - len(outstanding(statuses))
    return f"{ready} of {len(ITEMS)} ready"
