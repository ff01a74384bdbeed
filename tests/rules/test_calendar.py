"""Calendar arithmetic for legal periods: hand-computed tables, plus properties.

A period of N months "beginning with" day D ends the day before the corresponding date; where the target
month has no corresponding day the change happens on the 1st of the following month.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.rules.calendar import add_months, add_years, age_on


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        # Zero and ordinary cases.
        (date(2019, 6, 10), 0, date(2019, 6, 10)),
        (date(2019, 6, 10), 1, date(2019, 7, 10)),
        (date(2019, 6, 10), 6, date(2019, 12, 10)),
        (date(2019, 6, 10), 132, date(2030, 6, 10)),  # 11 years
        (date(2019, 7, 31), 66, date(2025, 1, 31)),  # 5.5 years, corresponding day exists
        # Year rollover.
        (date(2019, 12, 15), 1, date(2020, 1, 15)),
        (date(2019, 11, 15), 2, date(2020, 1, 15)),
        (date(2019, 12, 31), 1, date(2020, 1, 31)),
        (date(2018, 12, 31), 120, date(2028, 12, 31)),
        (date(2019, 7, 1), 6, date(2020, 1, 1)),
        (date(2019, 6, 30), 18, date(2020, 12, 30)),
        # 31st into a 30-day month: the 1st of the month after.
        (date(2019, 3, 31), 1, date(2019, 5, 1)),
        (date(2019, 5, 31), 1, date(2019, 7, 1)),
        (date(2019, 8, 31), 1, date(2019, 10, 1)),
        (date(2019, 10, 31), 1, date(2019, 12, 1)),
        (date(2021, 10, 31), 6, date(2022, 5, 1)),
        (date(2019, 11, 30), 1, date(2019, 12, 30)),  # the 30th exists in December
        (date(2019, 8, 31), 66, date(2025, 3, 1)),  # February 2025 has no 31st
        # Into February.
        (date(2020, 1, 31), 1, date(2020, 3, 1)),  # leap year: 29 days, no 31st
        (date(2021, 1, 31), 1, date(2021, 3, 1)),
        (date(2020, 1, 30), 1, date(2020, 3, 1)),
        (date(2020, 1, 29), 1, date(2020, 2, 29)),  # 29 Feb exists in 2020
        (date(2021, 1, 29), 1, date(2021, 3, 1)),  # but not in 2021
        (date(2021, 1, 28), 1, date(2021, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 3, 1)),
        (date(2022, 8, 31), 6, date(2023, 3, 1)),
        (date(2020, 12, 31), 2, date(2021, 3, 1)),
        (date(2020, 12, 31), 14, date(2022, 3, 1)),
        (date(2019, 11, 30), 3, date(2020, 3, 1)),  # 30 Feb never exists
        # From 29 February.
        (date(2020, 2, 29), 6, date(2020, 8, 29)),
        (date(2020, 2, 29), 12, date(2021, 3, 1)),
        (date(2020, 2, 29), 24, date(2022, 3, 1)),
        (date(2020, 2, 29), 42, date(2023, 8, 29)),
        (date(2020, 2, 29), 48, date(2024, 2, 29)),
        (date(2020, 2, 29), 84, date(2027, 3, 1)),
        # Centuries: 2000 was a leap year, 2100 will not be.
        (date(1996, 2, 29), 48, date(2000, 2, 29)),
        (date(2096, 2, 29), 48, date(2100, 3, 1)),
    ],
)
def test_add_months_table(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (date(2019, 6, 10), 0, date(2019, 6, 10)),
        (date(2019, 6, 10), 1, date(2020, 6, 10)),
        (date(2019, 6, 10), 11, date(2030, 6, 10)),
        (date(2020, 12, 31), 1, date(2021, 12, 31)),
        (date(2020, 1, 1), 7, date(2027, 1, 1)),
        (date(2020, 2, 29), 1, date(2021, 3, 1)),
        (date(2020, 2, 29), 2, date(2022, 3, 1)),
        (date(2020, 2, 29), 4, date(2024, 2, 29)),
        (date(2020, 2, 29), 6, date(2026, 3, 1)),
        (date(2020, 2, 29), 7, date(2027, 3, 1)),
        (date(2020, 2, 28), 1, date(2021, 2, 28)),
        (date(2000, 2, 29), 100, date(2100, 3, 1)),
        (date(1996, 2, 29), 4, date(2000, 2, 29)),
    ],
)
def test_add_years_table(start, years, expected):
    assert add_years(start, years) == expected


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        (date(2000, 6, 10), date(2000, 6, 10), 0),
        (date(2000, 6, 10), date(2018, 6, 9), 17),
        (date(2000, 6, 10), date(2018, 6, 10), 18),
        (date(2000, 6, 10), date(2018, 6, 11), 18),
        # Year rollover.
        (date(2000, 1, 1), date(2017, 12, 31), 17),
        (date(2000, 1, 1), date(2018, 1, 1), 18),
        (date(1999, 12, 31), date(2017, 12, 30), 17),
        (date(1999, 12, 31), date(2017, 12, 31), 18),
        # Born 29 February: a year older on 1 March in common years, on 29 February in leap years.
        (date(2004, 2, 29), date(2022, 2, 28), 17),
        (date(2004, 2, 29), date(2022, 3, 1), 18),
        (date(2004, 2, 29), date(2024, 2, 28), 19),
        (date(2004, 2, 29), date(2024, 2, 29), 20),
        (date(2004, 2, 29), date(2005, 2, 28), 0),
        (date(2004, 2, 29), date(2005, 3, 1), 1),
        # Born 1 March: a leap day does not count as the birthday.
        (date(2004, 3, 1), date(2024, 2, 29), 19),
        (date(2004, 3, 1), date(2024, 3, 1), 20),
        (date(1990, 3, 1), date(2026, 11, 25), 36),
    ],
)
def test_age_on_table(born, on, expected):
    assert age_on(born, on) == expected


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
months_counts = st.integers(min_value=0, max_value=1200)


@given(start=days, months=st.integers(min_value=1, max_value=1200))
def test_add_months_moves_forward(start, months):
    assert add_months(start, months) > start


@given(start=days)
def test_add_zero_months_is_the_same_day(start):
    assert add_months(start, 0) == start


@given(start=days, first=months_counts, second=months_counts)
def test_add_months_is_monotonic(start, first, second):
    low, high = sorted((first, second))
    if low == high:
        assert add_months(start, low) == add_months(start, high)
    else:
        assert add_months(start, low) < add_months(start, high)


@given(start=days, years=st.integers(min_value=0, max_value=100))
def test_twelve_months_make_a_year(start, years):
    assert add_months(start, 12 * years) == add_years(start, years)


@given(start=days, months=months_counts)
def test_result_is_the_corresponding_day_or_the_first_of_the_next_month(start, months):
    result = add_months(start, months)
    target_year, target_month = divmod(start.year * 12 + start.month - 1 + months, 12)
    target_month += 1
    if start.day <= calendar.monthrange(target_year, target_month)[1]:
        assert result == date(target_year, target_month, start.day)
    else:
        # No corresponding day: the period runs to the end of the target month.
        assert result.day == 1
        assert result - timedelta(days=1) == date(
            target_year, target_month, calendar.monthrange(target_year, target_month)[1]
        )


@given(born=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), years=st.integers(0, 100))
def test_age_changes_exactly_on_the_anniversary(born, years):
    anniversary = add_years(born, years)
    assert age_on(born, anniversary) == years
    if years > 0:
        assert age_on(born, anniversary - timedelta(days=1)) == years - 1
