"""Quartiles against numpy, and suppression of small counts and of figures derived from them (properties)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.outcomes.metrics import Ratio, Spread
from ipsgate.outcomes.tables import NOT_SHOWN, count, share, spread_cells


@given(st.lists(st.integers(min_value=0, max_value=2000), min_size=1, max_size=60))
def test_spread_matches_numpy_linear_percentiles(values):
    spread = Spread.of(values)
    q1, median, q3 = np.percentile(values, [25, 50, 75], method="linear")
    assert spread.n == len(values)
    assert spread.median is not None and spread.q1 is not None and spread.q3 is not None
    assert np.isclose(spread.median, median) and np.isclose(spread.q1, q1) and np.isclose(spread.q3, q3)


@given(st.integers(min_value=0, max_value=500))
def test_counts_from_one_to_four_are_hidden_only_when_suppressing(n):
    assert count(n, suppress=False).text == str(n)
    hidden = count(n, suppress=True)
    assert (hidden.text, hidden.value) == (("<5", "<5") if 1 <= n <= 4 else (str(n), n))


@given(st.integers(min_value=0, max_value=300), st.integers(min_value=0, max_value=300))
def test_a_share_never_reveals_a_small_numerator_denominator_or_remainder(a, b):
    numerator, denominator = min(a, b), max(a, b)
    cell = share(Ratio(numerator, denominator), suppress=True)
    small = [x for x in (numerator, denominator, denominator - numerator) if 1 <= x <= 4]
    if denominator == 0:
        assert cell.text == "–"
    elif small:
        assert (cell.text, cell.value) == (NOT_SHOWN, NOT_SHOWN)
    else:
        assert abs(cell.value - 100 * numerator / denominator) <= 0.05 + 1e-9  # a percentage to 1 decimal place


def test_a_median_of_fewer_than_five_people_is_not_shown_to_analysts():
    assert [c.text for c in spread_cells(Spread.of([3, 9, 12]), suppress=True)] == [
        "<5",
        NOT_SHOWN,
        NOT_SHOWN,
        NOT_SHOWN,
    ]
    assert [c.text for c in spread_cells(Spread.of([3, 9, 12]), suppress=False)] == ["3", "9", "6", "10.5"]
    assert [c.text for c in spread_cells(Spread.of([1, 2, 3, 4, 5]), suppress=True)] == ["5", "3", "2", "4"]
