"""Calendar arithmetic for legal periods. Pure functions, no Django.

A period of N months "beginning with" day D ends on the day before the corresponding date N months
later, so whatever it governs changes on that corresponding date. Where the target month has no
corresponding day (29 February in a common year, 31 September), the period runs to the end of that
month and the change happens on the 1st of the next month.
"""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """The corresponding date `months` later, or the 1st of the following month if there is none."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    if start.day <= last_day:
        return date(year, month, start.day)
    if month == 12:
        return date(year + 1, 1, 1)
    return date(year, month + 1, 1)


def add_years(start: date, years: int) -> date:
    return add_months(start, 12 * years)


def age_on(born: date, on: date) -> int:
    """Completed years of age on a day (a person born on 29 February turns a year older on 1 March)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
