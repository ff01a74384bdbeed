"""Quartiles against numpy, and suppression of small counts, of figures derived from them and of figures that
would give them away by subtraction (properties)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.outcomes import metrics as m
from ipsgate.outcomes.metrics import JobStarts, Ratio, Spread
from ipsgate.outcomes.tables import NOT_SHOWN, RATIOS, WHOLE, count, share, spread_cells, suppression_for
from ipsgate.rules.suppression import Line, show_all, suppress


@given(st.lists(st.integers(min_value=0, max_value=2000), min_size=1, max_size=60))
def test_spread_matches_numpy_linear_percentiles(values):
    spread = Spread.of(values)
    q1, median, q3 = np.percentile(values, [25, 50, 75], method="linear")
    assert spread.n == len(values)
    assert spread.median is not None and spread.q1 is not None and spread.q3 is not None
    assert np.isclose(spread.median, median) and np.isclose(spread.q1, q1) and np.isclose(spread.q3, q3)


@given(st.integers(min_value=0, max_value=500))
def test_counts_from_one_to_four_are_hidden_only_when_suppressing(n):
    assert count(show_all({"n": n}), "n").text == str(n)
    hidden = count(suppress({"n": n}), "n")
    assert (hidden.text, hidden.value) == (("<5", "<5") if 1 <= n <= 4 else (str(n), n))


@given(st.integers(min_value=0, max_value=300), st.integers(min_value=0, max_value=300))
def test_a_share_never_reveals_a_small_numerator_denominator_or_remainder(a, b):
    numerator, denominator = min(a, b), max(a, b)
    s = suppress({"num": numerator, "rest": denominator - numerator, "den": denominator}, [
        Line("the share", ("num", "rest"), "den")
    ])  # fmt: skip
    cell = share(s, "num", "rest", "den")
    small = [x for x in (numerator, denominator, denominator - numerator) if 1 <= x <= 4]
    if denominator == 0:
        assert cell.text == "–"
    elif small:
        assert (cell.text, cell.value) == (NOT_SHOWN, NOT_SHOWN)
        # Nor do the two counts beside it: the remainder is never the only figure hidden.
        assert sum(s.hidden(k) for k in ("num", "rest", "den")) >= 2
    else:
        assert abs(cell.value - 100 * numerator / denominator) <= 0.05 + 1e-9  # a percentage to 1 decimal place


def test_a_median_of_fewer_than_five_people_is_not_shown_to_analysts():
    three, five = Spread.of([3, 9, 12]), Spread.of([1, 2, 3, 4, 5])
    hiding = suppress({"three": 3, "five": 5})
    assert [c.text for c in spread_cells(hiding, "three", three)] == ["<5", NOT_SHOWN, NOT_SHOWN, NOT_SHOWN]
    assert [c.text for c in spread_cells(show_all({"three": 3}), "three", three)] == ["3", "9", "6", "10.5"]
    assert [c.text for c in spread_cells(hiding, "five", five)] == ["5", "3", "2", "4"]


def figures(referrals: int, starts: int, competitive: int, out_of_work: int, into_work: int) -> m.Figures:
    return m.Figures(
        referrals=referrals,
        job_starts=JobStarts(min(starts, referrals), starts, min(competitive, starts)),
        employment_rate=Ratio(min(into_work, out_of_work), out_of_work),
    )


group_figures = st.lists(
    st.builds(figures, *[st.one_of(st.integers(0, 6), st.integers(0, 40)) for _ in range(5)]), min_size=1, max_size=6
)


def add_up(groups: list[m.Figures]) -> m.Figures:
    people, starts, competitive = (
        sum(getattr(f.job_starts, a) for f in groups) for a in ("people", "starts", "competitive")
    )
    into_work = sum(f.employment_rate.numerator for f in groups)
    out_of_work = sum(f.employment_rate.denominator for f in groups)
    return m.Figures(
        referrals=sum(f.referrals for f in groups),
        job_starts=JobStarts(people, starts, competitive),
        employment_rate=Ratio(into_work, out_of_work),
    )


@given(group_figures)
def test_no_group_figure_is_the_only_one_hidden_in_its_column_or_share(groups):
    """Grouped by site (say), each count's column adds up to the whole-scope figure in the headline; each
    share's numerator and remainder add up to its denominator. None of these has exactly one figure hidden."""
    rows: dict[object, m.Figures] = {WHOLE: add_up(groups), **dict(enumerate(groups))}
    labels: dict[object, str] = {i: f"Site {i}" for i in range(len(groups))}
    s = suppression_for(rows, labels, "Site", [], [], hide_small=True)
    names = {name for (_, name) in s.decisions}
    for name in names:
        assert sum(s.hidden((key, name)) for key in rows) != 1, name
    for key in rows:
        for numerator, difference, denominator in RATIOS.values():
            assert sum(s.hidden((key, n)) for n in (numerator, difference, denominator)) != 1
    # The headline (whole scope) is the same as when the dashboard is not grouped.
    alone = suppression_for({WHOLE: rows[WHOLE]}, {}, "Whole scope", [], [], hide_small=True)
    assert {k: d for k, d in s.decisions.items() if k[0] == WHOLE} == dict(alone.decisions)
