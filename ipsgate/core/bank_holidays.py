"""Bank holidays in England and Wales, from the maintained `holidays` package (substitute days included), for the
working-day deadlines in `rules` (which stay pure: the dates are passed in)."""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _years(first: int, last: int) -> frozenset[datetime.date]:
    # England ("ENG") and Wales share their bank holidays.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=range(first, last + 1)).keys())


def england_and_wales(around: datetime.date, *, years_either_side: int = 1) -> frozenset[datetime.date]:
    """The bank holidays of the year of `around` and of the years either side: enough for a deadline a few weeks
    either way of a day."""
    return _years(around.year - years_either_side, around.year + years_either_side)
