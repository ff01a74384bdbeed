"""Retention of participant records: when a record is due for anonymisation, and what replaces identifiers.

Pure functions, no Django. The retention period runs for N whole years after the day the person's last episode
of support ended or their last referral was decided, whichever is later. The
record is due on the day after the period ends: ended on 10 March 2020 with a 6-year period means kept through
10 March 2026 and due from 11 March 2026. Where the anniversary does not exist (29 February in a common year)
the period runs to the end of February, as `rules.calendar.add_years` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .calendar import add_years

# Anonymised records carry a prison number of this shape: the letter Z (not used by NOMIS for real people),
# four digits and two letters, so it passes the NOMIS format check and the uniqueness constraint.
PLACEHOLDER_PREFIX = "Z"
PLACEHOLDER_CAPACITY = 10_000 * 26 * 26


@dataclass(frozen=True)
class RetentionDecision:
    due: bool
    explanation: str


def retention_ends(ended: date, years: int) -> date:
    """The last day the record is kept in full."""
    return add_years(ended, years)


def retention_decision(
    *,
    episode_ends: list[date | None],
    referral_decisions: list[date | None],
    legal_hold: bool,
    today: date,
    years: int,
) -> RetentionDecision:
    """Is this person's record due for anonymisation today?

    `episode_ends` has one entry per episode (None while it is open); `referral_decisions` one per referral
    (None while it awaits a decision). The period runs from the latest of all those dates, so a person
    re-referred after their last episode is kept from the later decision.
    """
    if years < 1:
        raise ValueError("The retention period must be at least one year")
    if legal_hold:
        return RetentionDecision(False, "The record is on legal hold, so it is kept in full until the hold is lifted.")
    if any(end is None for end in episode_ends):
        return RetentionDecision(False, "An episode of support is still open.")
    if any(decided is None for decided in referral_decisions):
        return RetentionDecision(False, "A referral is still awaiting a decision.")
    ended = [d for d in [*episode_ends, *referral_decisions] if d is not None]
    if not ended:
        return RetentionDecision(False, "Nothing has ended yet, so the retention period has not started.")
    last = max(ended)
    kept_until = retention_ends(last, years)
    if today > kept_until:
        return RetentionDecision(
            True,
            f"Due: the last episode or referral ended on {last:%-d %B %Y}; the {years}-year retention period "
            f"ended on {kept_until:%-d %B %Y}.",
        )
    return RetentionDecision(
        False,
        f"Kept: the last episode or referral ended on {last:%-d %B %Y}; it is kept in full until "
        f"{kept_until:%-d %B %Y}.",
    )


def retention_cutoff(today: date, years: int) -> date:
    """The earliest end date that is NOT yet due: a record is due exactly when it ended before this date.

    Lets the database select due records with `end_date < cutoff`, agreeing day for day with
    `retention_ends(ended, years) < today` (add_years never decreases as the start date increases).
    """
    if years < 1:
        raise ValueError("The retention period must be at least one year")
    cutoff = add_years(today, -years)
    while retention_ends(cutoff - timedelta(days=1), years) >= today:
        cutoff -= timedelta(days=1)
    while retention_ends(cutoff, years) < today:
        cutoff += timedelta(days=1)
    return cutoff


def anonymised_date_of_birth(born: date) -> date:
    """1 January of the birth year: keeps age bands for reports, drops the exact birthday."""
    return date(born.year, 1, 1)


def placeholder_prison_number(record_id: int) -> str:
    """A prison number in the NOMIS format that identifies no one: Z, four digits, two letters, one per record id."""
    if not 0 < record_id <= PLACEHOLDER_CAPACITY:
        raise ValueError(f"No placeholder prison number for record {record_id}")
    block, digits = divmod(record_id - 1, 10_000)
    first, second = divmod(block, 26)
    return f"{PLACEHOLDER_PREFIX}{digits:04d}{chr(ord('A') + first)}{chr(ord('A') + second)}"


def is_placeholder_prison_number(value: str) -> bool:
    return len(value) == 7 and value.startswith(PLACEHOLDER_PREFIX)
