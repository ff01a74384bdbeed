"""rules.retention: when a record is due, the SQL cutoff, and the replacement identifiers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.people.validators import PRISON_NUMBER_PATTERN
from ipsgate.rules.retention import (
    anonymised_date_of_birth,
    is_placeholder_prison_number,
    placeholder_prison_number,
    retention_cutoff,
    retention_decision,
    retention_ends,
)

D = date


@pytest.mark.parametrize(
    ("episodes", "referrals", "hold", "today", "due", "words"),
    [
        # Ended 10 March 2020, 6 years: kept through 10 March 2026, due from 11 March 2026.
        ([D(2020, 3, 10)], [D(2019, 6, 1)], False, D(2026, 3, 10), False, "kept in full until 10 March 2026"),
        ([D(2020, 3, 10)], [D(2019, 6, 1)], False, D(2026, 3, 11), True, "period ended on 10 March 2026"),
        # 29 February: no anniversary in 2026, so the period runs to the end of February and into 1 March.
        ([D(2020, 2, 29)], [D(2019, 6, 1)], False, D(2026, 3, 1), False, "until 1 March 2026"),
        ([D(2020, 2, 29)], [D(2019, 6, 1)], False, D(2026, 3, 2), True, "Due"),
        # The latest episode counts.
        ([D(2015, 1, 1), D(2022, 5, 5)], [D(2014, 6, 1), D(2021, 1, 1)], False, D(2027, 1, 1), False, "5 May 2022"),
        # Open episode, pending referral, legal hold: never due.
        ([D(2010, 1, 1), None], [D(2009, 1, 1)], False, D(2030, 1, 1), False, "still open"),
        ([D(2010, 1, 1)], [D(2009, 1, 1), None], False, D(2030, 1, 1), False, "awaiting a decision"),
        ([D(2010, 1, 1)], [D(2009, 1, 1)], True, D(2030, 1, 1), False, "legal hold"),
        # A later referral decision (declined) restarts the period.
        ([D(2010, 1, 1)], [D(2009, 1, 1), D(2029, 6, 1)], False, D(2030, 1, 1), False, "1 June 2029"),
        # No episode: the last referral decision.
        ([], [D(2012, 4, 4)], False, D(2030, 1, 1), True, "4 April 2012"),
        ([], [], False, D(2030, 1, 1), False, "Nothing has ended"),
    ],
)
def test_retention_decision_table(episodes, referrals, hold, today, due, words):
    result = retention_decision(
        episode_ends=episodes, referral_decisions=referrals, legal_hold=hold, today=today, years=6
    )
    assert result.due is due
    assert words in result.explanation


def test_period_must_be_positive():
    with pytest.raises(ValueError):
        retention_decision(episode_ends=[], referral_decisions=[], legal_hold=False, today=D(2030, 1, 1), years=0)
    with pytest.raises(ValueError):
        retention_cutoff(D(2030, 1, 1), 0)


@pytest.mark.parametrize(
    ("today", "years", "cutoff"),
    [
        (D(2030, 1, 1), 6, D(2024, 1, 1)),
        (D(2026, 3, 1), 6, D(2020, 2, 29)),  # ended 28 Feb 2020 is due on 1 March 2026; 29 Feb 2020 is not
        # 29 Feb 2020 and 1 March 2020 are both kept through 1 March 2026, so both are due on 2 March 2026.
        (D(2026, 3, 2), 6, D(2020, 3, 2)),
        (D(2028, 2, 29), 1, D(2027, 3, 1)),  # 28 Feb 2027 was kept through 28 Feb 2028, so is due
    ],
)
def test_cutoff_table(today, years, cutoff):
    assert retention_cutoff(today, years) == cutoff


@given(
    ended=st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31)),
    today=st.dates(min_value=D(1995, 1, 1), max_value=D(2080, 12, 31)),
    years=st.integers(min_value=1, max_value=15),
)
def test_cutoff_agrees_with_the_decision_day_for_day(ended, today, years):
    by_cutoff = ended < retention_cutoff(today, years)
    by_rule = retention_decision(
        episode_ends=[ended], referral_decisions=[], legal_hold=False, today=today, years=years
    ).due
    assert by_cutoff is by_rule
    assert by_rule is (retention_ends(ended, years) < today)


@pytest.mark.parametrize(
    ("record_id", "number"),
    [(1, "Z0000AA"), (10_000, "Z9999AA"), (10_001, "Z0000AB"), (26 * 10_000 + 1, "Z0000BA")],
)
def test_placeholder_table(record_id, number):
    assert placeholder_prison_number(record_id) == number


@given(st.integers(min_value=1, max_value=26 * 26 * 10_000), st.integers(min_value=1, max_value=26 * 26 * 10_000))
def test_placeholders_are_valid_and_distinct(a, b):
    assert PRISON_NUMBER_PATTERN.fullmatch(placeholder_prison_number(a))
    assert is_placeholder_prison_number(placeholder_prison_number(a))
    assert (placeholder_prison_number(a) == placeholder_prison_number(b)) is (a == b)


def test_placeholder_out_of_range():
    with pytest.raises(ValueError):
        placeholder_prison_number(0)
    with pytest.raises(ValueError):
        placeholder_prison_number(26 * 26 * 10_000 + 1)


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2020, 12, 31)))
def test_date_of_birth_keeps_only_the_year(born):
    assert anonymised_date_of_birth(born) == D(born.year, 1, 1)
