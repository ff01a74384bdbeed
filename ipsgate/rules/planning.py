"""Planning ahead: the one rule for the date of something planned (an appointment, an interview, an expected first
day at work). Pure: no Django.

Forms that plan ahead accept future dates, up to a year ahead (further than that is not an appointment yet); a plan
entered late is accepted up to three months after its day, so a missed appointment can still be recorded.
"""

from __future__ import annotations

from datetime import date, timedelta

MOST_DAYS_AHEAD = 366
MOST_DAYS_BEHIND = 90


def planned_date_problem(day: date, *, today: date, what: str = "The date") -> str | None:
    """Why this day cannot be planned for, in a GOV.UK error message naming `what`, or None."""
    if day > today + timedelta(days=MOST_DAYS_AHEAD):
        return f"{what} must be within the next year"
    if day < today - timedelta(days=MOST_DAYS_BEHIND):
        return f"{what} must be within the last 3 months, or in the future"
    return None
