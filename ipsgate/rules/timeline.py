"""Dates that drive the through-the-gate work: pure functions, no Django.

IPS in prison: meet the person at least 28 days (4 weeks) before release, make contact within
72 hours after release, and make the first face-to-face employer contact within 30 days of starting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

PRE_RELEASE_WINDOW_DAYS = 28


@dataclass(frozen=True)
class ReleaseTiming:
    """Where a person is relative to their release, with words a specialist can read out."""

    days_until_release: int | None  # negative once released; None if no date is known
    release_within_28_days: bool
    explanation: str
    summary: str  # a few words for a table cell


def release_timing(*, release_date: date | None, released: bool, today: date) -> ReleaseTiming:
    """How far away release is (or how long ago it happened) and whether it is within 28 days.

    "Within 28 days" means release is today or up to 28 days ahead and has not happened yet.
    """
    if release_date is None:
        return ReleaseTiming(None, False, "No release date is recorded.", "Not known")
    days = (release_date - today).days
    if released:
        since = -days
        if since < 0:
            return ReleaseTiming(
                days, False, "Released, but the recorded release date is in the future: check it.", "Released"
            )
        text = "Released today." if since == 0 else f"Released {_days(since)} ago."
        return ReleaseTiming(days, False, text, text.rstrip("."))
    if days < 0:
        overdue = -days
        text = (
            f"The expected release date passed {_days(overdue)} ago "
            "but no release is recorded: check and update the record."
        )
        return ReleaseTiming(days, False, text, f"Overdue by {_days(overdue)}")
    within = days <= PRE_RELEASE_WINDOW_DAYS
    text = "Due for release today." if days == 0 else f"Due for release in {_days(days)}."
    if within:
        # Whether the meeting before release has happened is the reminder rules' question (the pre-release meeting
        # task), not this sentence's: a claim here would stay after the meeting is recorded.
        text += " This is within 28 days of release."
    return ReleaseTiming(days, within, text, "Today" if days == 0 else f"In {_days(days)}")


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"
