"""release_timing: exhaustive boundary table plus properties."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.rules.timeline import PRE_RELEASE_WINDOW_DAYS, ReleaseTiming, release_timing

TODAY = date(2026, 11, 25)
WITHIN = " This is within 28 days of release."
OVERDUE = "but no release is recorded: check and update the record."


def on(offset: int) -> date:
    return TODAY + timedelta(days=offset)


@pytest.mark.parametrize(
    ("offset", "released", "expected"),
    [
        # No date known, whatever the custody position.
        (None, False, ReleaseTiming(None, False, "No release date is recorded.", "Not known")),
        (None, True, ReleaseTiming(None, False, "No release date is recorded.", "Not known")),
        # Not yet released: counting down.
        (0, False, ReleaseTiming(0, True, "Due for release today." + WITHIN, "Today")),
        (1, False, ReleaseTiming(1, True, "Due for release in 1 day." + WITHIN, "In 1 day")),
        (2, False, ReleaseTiming(2, True, "Due for release in 2 days." + WITHIN, "In 2 days")),
        (27, False, ReleaseTiming(27, True, "Due for release in 27 days." + WITHIN, "In 27 days")),
        (28, False, ReleaseTiming(28, True, "Due for release in 28 days." + WITHIN, "In 28 days")),
        (29, False, ReleaseTiming(29, False, "Due for release in 29 days.", "In 29 days")),
        (365, False, ReleaseTiming(365, False, "Due for release in 365 days.", "In 365 days")),
        # Not released, but the expected date has passed.
        (
            -1,
            False,
            ReleaseTiming(-1, False, f"The expected release date passed 1 day ago {OVERDUE}", "Overdue by 1 day"),
        ),
        (
            -2,
            False,
            ReleaseTiming(-2, False, f"The expected release date passed 2 days ago {OVERDUE}", "Overdue by 2 days"),
        ),
        (
            -30,
            False,
            ReleaseTiming(-30, False, f"The expected release date passed 30 days ago {OVERDUE}", "Overdue by 30 days"),
        ),
        # Released.
        (0, True, ReleaseTiming(0, False, "Released today.", "Released today")),
        (-1, True, ReleaseTiming(-1, False, "Released 1 day ago.", "Released 1 day ago")),
        (-14, True, ReleaseTiming(-14, False, "Released 14 days ago.", "Released 14 days ago")),
        (-15, True, ReleaseTiming(-15, False, "Released 15 days ago.", "Released 15 days ago")),
        (-400, True, ReleaseTiming(-400, False, "Released 400 days ago.", "Released 400 days ago")),
        # Released, but the date recorded is in the future: a data problem to flag, never "within 28 days".
        (
            1,
            True,
            ReleaseTiming(1, False, "Released, but the recorded release date is in the future: check it.", "Released"),
        ),
        (
            28,
            True,
            ReleaseTiming(28, False, "Released, but the recorded release date is in the future: check it.", "Released"),
        ),
    ],
)
def test_release_timing_table(offset, released, expected):
    release_date = None if offset is None else on(offset)
    assert release_timing(release_date=release_date, released=released, today=TODAY) == expected


def test_window_is_28_days():
    assert PRE_RELEASE_WINDOW_DAYS == 28


def test_month_and_year_boundaries():
    assert release_timing(release_date=date(2027, 1, 1), released=False, today=date(2026, 12, 31)).summary == "In 1 day"
    leap = release_timing(release_date=date(2028, 3, 1), released=False, today=date(2028, 2, 1))
    assert (leap.days_until_release, leap.release_within_28_days) == (29, False)
    non_leap = release_timing(release_date=date(2027, 3, 1), released=False, today=date(2027, 2, 1))
    assert (non_leap.days_until_release, non_leap.release_within_28_days) == (28, True)


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
optional_dates = st.none() | dates


@given(release_date=optional_dates, released=st.booleans(), today=dates)
def test_within_28_days_means_not_released_and_0_to_28_days_ahead(release_date, released, today):
    timing = release_timing(release_date=release_date, released=released, today=today)
    if timing.release_within_28_days:
        assert not released
        assert timing.days_until_release is not None
        assert 0 <= timing.days_until_release <= 28
        assert "within 28 days" in timing.explanation


@given(release_date=dates, today=dates)
def test_not_released_within_window_is_always_flagged(release_date, today):
    timing = release_timing(release_date=release_date, released=False, today=today)
    days = (release_date - today).days
    assert timing.release_within_28_days == (0 <= days <= 28)


@given(release_date=optional_dates, released=st.booleans(), today=dates)
def test_days_and_words_are_always_given(release_date, released, today):
    timing = release_timing(release_date=release_date, released=released, today=today)
    assert timing.explanation.strip()
    assert timing.summary.strip()
    assert timing.explanation.endswith(".")
    if release_date is None:
        assert timing.days_until_release is None
    else:
        assert timing.days_until_release == (release_date - today).days
    assert not re.search(r"\b1 days\b", timing.explanation)  # "1 day", never "1 days"
    assert not re.search(r"\b(?!1\b)\d+ day\b", timing.explanation)  # "2 days", never "2 day"


@given(release_date=dates, today=dates)
def test_released_people_are_never_flagged(release_date, today):
    assert not release_timing(release_date=release_date, released=True, today=today).release_within_28_days
