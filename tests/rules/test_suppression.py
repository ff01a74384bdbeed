"""Small-number suppression (`rules.suppression`): hand-worked tables, then properties checked against oracles
written independently of the rule (numpy's matrix rank for what the sums determine; reachable sums for what one
line pins down)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ipsgate.rules.suppression import (
    NOT_SHOWN,
    Line,
    Why,
    is_small,
    primary,
    show_all,
    shown,
    suppress,
    suppress_table,
)


def texts(decisions) -> list[str]:
    return [d.text for d in decisions]


# --- Primary suppression --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "suppressed"),
    [(0, "0"), (1, "<5"), (2, "<5"), (4, "<5"), (5, "5"), (6, "6"), (120, "120")],
)
def test_counts_from_one_to_four_are_small(count, suppressed):
    assert shown(count, suppress=True) == suppressed
    assert shown(count, suppress=False) == str(count)
    assert is_small(count) == (suppressed == "<5")


def test_a_figure_on_no_line_is_hidden_only_when_small():
    result = suppress({"a": 0, "b": 3, "c": 12})
    assert [result.text(k) for k in "abc"] == ["0", "<5", "12"]
    assert result["b"].explanation == 'Shown as "<5": a count from 1 to 4 could identify someone.'
    assert result.explanation == '1 count from 1 to 4 shown as "<5".'


def test_show_all_hides_nothing():
    result = show_all({"a": 3})
    assert (result.text("a"), result.hidden("a")) == ("3", False)


# --- Secondary suppression: the finding, and hand-worked tables ------------------------------------------------


def test_a_site_under_five_cannot_be_recovered_from_the_total_minus_the_other_sites():
    """Issue 15, item 10: sites 3, 12 and 20 with the total 35 published; 35 - 12 - 20 gave the "<5" away."""
    sites = {"A": 3, "B": 12, "C": 20, "all": 35}
    result = suppress(sites, [Line("referrals by site", ("A", "B", "C"), "all")])
    assert [result.text(k) for k in ("A", "B", "C", "all")] == ["<5", NOT_SHOWN, "20", "35"]
    assert result["B"].why is Why.SECONDARY
    assert result["B"].explanation == (
        "Not shown: with it, a count under 5 in referrals by site could be worked out by subtraction."
    )
    assert result.explanation == (
        '1 count from 1 to 4 shown as "<5"; 1 other figure not shown, so that no count under 5 can be worked out '
        "by subtraction from a total."
    )


def test_nothing_small_nothing_hidden():
    result = suppress_table([[5, 9], [0, 12]], row_totals=[14, 12], column_totals=[5, 21], grand_total=26)
    assert all(not d.hidden for row in result.cells for d in row)
    assert result.explanation == "No count from 1 to 4: every figure is shown."


def test_two_by_two_with_totals_hides_a_rectangle():
    result = suppress_table([[3, 10], [8, 20]], row_totals=[13, 28], column_totals=[11, 30], grand_total=41)
    assert [texts(row) for row in result.cells] == [["<5", NOT_SHOWN], [NOT_SHOWN, NOT_SHOWN]]
    assert texts(result.row_totals or ()) == ["13", "28"] and texts(result.column_totals or ()) == ["11", "30"]
    assert result.grand_total is not None and result.grand_total.text == "41"


def test_the_next_smallest_cell_is_chosen_and_a_tie_goes_to_the_cell_closing_two_lines():
    result = suppress_table([[2, 9, 30], [9, 40, 50]], row_totals=[41, 99], column_totals=[11, 49, 80])
    assert [texts(row) for row in result.cells] == [["<5", NOT_SHOWN, "30"], [NOT_SHOWN, NOT_SHOWN, "50"]]


def test_two_small_counts_whose_hidden_sum_is_two_are_both_one_so_a_third_figure_is_hidden():
    """1 and 1 hidden in a line whose other figures give a hidden sum of 2: each must be 1."""
    result = suppress({"a": 1, "b": 1, "c": 9, "d": 30, "all": 41}, [Line("the column", ("a", "b", "c", "d"), "all")])
    assert [result.text(k) for k in ("a", "b", "c", "d", "all")] == ["<5", "<5", NOT_SHOWN, "30", "41"]


def test_a_hidden_pair_of_1_and_5_gives_the_1_away_so_a_larger_figure_is_hidden_instead():
    """Hiding the 5 beside the 1 leaves a hidden sum of 6: "<5" (1 to 4) plus "not shown" (0 or 5 or more) can
    only be 1 + 5. The 20 protects it, and the 5 is then not needed."""
    result = suppress({"a": 1, "b": 5, "c": 20, "all": 26}, [Line("the column", ("a", "b", "c"), "all")])
    assert [result.text(k) for k in ("a", "b", "c", "all")] == ["<5", "5", NOT_SHOWN, "26"]


def test_a_total_is_hidden_only_when_no_other_figure_can_protect_the_count():
    # Row: 3 people employed, 7 not, 10 in all. Column of "not employed": the 7 at one site, 0 at the other.
    values = {"a_yes": 3, "a_no": 7, "a": 10, "b_yes": 0, "b_no": 0, "b": 0, "no": 7}
    lines = [
        Line("site A", ("a_yes", "a_no"), "a"),
        Line("site B", ("b_yes", "b_no"), "b"),
        Line("not employed by site", ("a_no", "b_no"), "no"),
    ]
    result = suppress(values, lines)
    assert {k: result.text(k) for k in values} == {
        "a_yes": "<5",
        "a_no": NOT_SHOWN,
        "a": "10",
        "b_yes": "0",
        "b_no": "0",
        "b": "0",
        "no": NOT_SHOWN,
    }


def test_a_total_published_elsewhere_is_never_hidden_here_and_a_figure_decided_elsewhere_stays_hidden():
    values = {"A": 3, "B": 12, "C": 0, "all": 15}
    line = Line("referrals by site", ("A", "B", "C"), "all")
    result = suppress(values, [line], decided={"all": primary(15)})
    assert [result.text(k) for k in values] == ["<5", NOT_SHOWN, "0", "15"]
    # Decided elsewhere as "not shown" (say, by the whole-scope table): kept, and nothing else needs hiding.
    decided = {"all": suppress({"all": 15, "x": 3, "y": 18}, [Line("t", ("all", "x"), "y")])["all"]}
    assert decided["all"].hidden
    result = suppress(values, [line], decided=decided)
    assert [result.text(k) for k in values] == ["<5", "12", "0", NOT_SHOWN]


def test_when_nothing_can_protect_a_range_the_plain_subtraction_is_still_closed():
    """In work: 1 at one site, 5 at another, 0 at the third, and the total 6 published elsewhere. A "<5" beside
    a total of 6 whose other figures are 0 or at least 5 can only be 1, whatever is hidden; the 5 is still hidden
    so that the "<5" is not simply the total minus the rest."""
    values = {"A": 1, "B": 5, "C": 0, "all": 6}
    result = suppress(values, [Line("in work by site", ("A", "B", "C"), "all")], decided={"all": primary(6)})
    assert [result.text(k) for k in values] == ["<5", NOT_SHOWN, "0", "6"]


def test_four_small_counts_in_a_row_whose_total_is_small_are_left_as_they_are():
    """Four "<5" in a row whose total is "<5" are each 1 whatever else is hidden: that is the label's own limit,
    and nothing is hidden for nothing."""
    result = suppress_table([[1, 1, 0, 1, 1]], row_totals=[4])
    assert texts(result.cells[0]) == ["<5", "<5", "0", "<5", "<5"]


def test_lines_solved_together_are_protected_too():
    """Every line has two or three hidden cells and none is pinned by its own line, yet the rows and columns
    together give the bridging cell (row 2, column 3) away: (rows 1 and 2) minus (columns 1 and 2) = 2."""
    cells = [[1, 2, 9, 9], [3, 1, 2, 9], [9, 9, 1, 3], [9, 9, 2, 1]]
    rows, columns = [sum(r) for r in cells], [sum(c) for c in zip(*cells, strict=True)]
    result = suppress_table(cells, row_totals=rows, column_totals=columns, grand_total=sum(rows))
    assert sum(d.why is Why.SECONDARY for row in result.cells for d in row) >= 1
    assert_protected(cells, rows, columns, sum(rows), result)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="0 or more"):
        suppress({"a": -1})
    with pytest.raises(ValueError, match="no value"):
        suppress({"a": 1}, [Line("x", ("a", "b"), "t")])
    with pytest.raises(ValueError, match="same number of cells"):
        suppress_table([[1, 2], [3]])
    assert suppress({"t": 0}, [Line("nothing", (), "t")]).text("t") == "0"  # a sum of nothing is allowed


# --- Properties ----------------------------------------------------------------------------------------------


def extended_lines(n_rows: int, n_cols: int, has_rows: bool, has_cols: bool, has_grand: bool):
    """Each published sum as (parts, total) over positions in the extended table (row totals in column n_cols,
    column totals in row n_rows, the grand total at (n_rows, n_cols))."""
    lines = []
    if has_rows:
        lines += [([(r, c) for c in range(n_cols)], (r, n_cols)) for r in range(n_rows)]
    if has_cols:
        lines += [([(r, c) for r in range(n_rows)], (n_rows, c)) for c in range(n_cols)]
    if has_grand and has_rows:
        lines.append(([(r, n_cols) for r in range(n_rows)], (n_rows, n_cols)))
    if has_grand and has_cols:
        lines.append(([(n_rows, c) for c in range(n_cols)], (n_rows, n_cols)))
    return lines


def decisions_by_position(result, n_rows, n_cols):
    out = {(r, c): d for r, row in enumerate(result.cells) for c, d in enumerate(row)}
    out.update({(r, n_cols): d for r, d in enumerate(result.row_totals or ())})
    out.update({(n_rows, c): d for c, d in enumerate(result.column_totals or ())})
    if result.grand_total is not None:
        out[(n_rows, n_cols)] = result.grand_total
    return out


def linear_leaks(lines, hidden) -> list:
    """Hidden positions the published sums determine: e_i lies in the row space of the equations restricted to
    the hidden positions exactly when adding it does not raise the rank."""
    keys = sorted(hidden, key=repr)
    if not keys:
        return []
    index = {k: i for i, k in enumerate(keys)}
    rows = []
    for parts, total in lines:
        row = np.zeros(len(keys))
        for p in parts:
            if p in index:
                row[index[p]] += 1
        if total in index:
            row[index[total]] -= 1
        if row.any():
            rows.append(row)
    if not rows:
        return []
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    return [k for k in keys if np.linalg.matrix_rank(np.vstack([matrix, np.eye(len(keys))[index[k]]])) == rank]


def possible(why: Why, cap: int) -> set[int]:
    """What a reader knows of a hidden figure: "<5" is 1 to 4; "not shown" is at least 5 (zeros are not hidden)."""
    return set(range(1, 5)) if why is Why.SMALL else set(range(5, cap + 1))


def line_leaks(lines, values, decisions) -> list:
    """Hidden positions that one line alone leaves with a single possible value (reachable sums, by brute force),
    in lines where some non-zero figure is still shown (and so could have been hidden to prevent it)."""
    leaks = []
    cap = sum(values.values()) + 5
    for parts, total in lines:
        terms = [(p, 1) for p in parts] + [(total, -1)]
        if all(decisions[k].hidden or values[k] == 0 for k, _ in terms):
            continue  # nothing left to hide: four "<5" in a row whose total is "<5" are each 1, whatever is done
        secret = [(k, s) for k, s in terms if decisions[k].hidden]
        target = -sum(s * values[k] for k, s in terms if not decisions[k].hidden)
        for i, (key, sign) in enumerate(secret):
            sums = {0}
            for j, (other, other_sign) in enumerate(secret):
                if j != i:
                    sums = {a + other_sign * b for a in sums for b in possible(decisions[other].why, cap)}
            fits = [v for v in possible(decisions[key].why, cap) if target - sign * v in sums]
            if len(fits) == 1:
                leaks.append(key)
    return leaks


def assert_protected(cells, rows, columns, grand, result):
    n_rows, n_cols = len(cells), len(cells[0])
    lines = extended_lines(n_rows, n_cols, rows is not None, columns is not None, grand is not None)
    decisions = decisions_by_position(result, n_rows, n_cols)
    values = {k: d.value for k, d in decisions.items()}
    hidden = {k for k, d in decisions.items() if d.hidden}
    # The brief's rule: no line (parts and published total) has exactly one hidden figure.
    for parts, total in lines:
        assert sum(p in hidden for p in [*parts, total]) != 1
    assert linear_leaks(lines, hidden) == []
    assert line_leaks(lines, values, decisions) == []


tables = st.integers(min_value=1, max_value=4).flatmap(
    lambda n_rows: st.integers(min_value=1, max_value=4).flatmap(
        lambda n_cols: st.lists(
            st.lists(st.one_of(st.integers(0, 6), st.integers(0, 30)), min_size=n_cols, max_size=n_cols),
            min_size=n_rows,
            max_size=n_rows,
        )
    )
)
margins = st.sampled_from([(True, True, True), (True, True, False), (False, True, False), (True, False, True)])


def run(cells, margin):
    has_rows, has_cols, has_grand = margin
    rows = [sum(r) for r in cells] if has_rows else None
    columns = [sum(c) for c in zip(*cells, strict=True)] if has_cols else None
    grand = sum(map(sum, cells)) if has_grand else None
    result = suppress_table(cells, row_totals=rows, column_totals=columns, grand_total=grand)
    return rows, columns, grand, result


@given(tables, margins)
@example([[3, 12, 20]], (False, True, False))
@example([[1, 2, 9, 9], [3, 1, 2, 9], [9, 9, 1, 3], [9, 9, 2, 1]], (True, True, True))
def test_no_hidden_figure_can_be_worked_out_from_the_published_sums(cells, margin):
    rows, columns, grand, result = run(cells, margin)
    assert_protected(cells, rows, columns, grand, result)


@given(tables, margins)
def test_small_counts_are_always_hidden_as_small_and_nothing_else_is(cells, margin):
    _, _, _, result = run(cells, margin)
    decisions = decisions_by_position(result, len(cells), len(cells[0]))
    for decision in decisions.values():
        assert (decision.why is Why.SMALL) == is_small(decision.value)
        assert decision.value != 0 or not decision.hidden  # a zero is never hidden
        assert (
            decision.text == {Why.SMALL: "<5", Why.SECONDARY: NOT_SHOWN, Why.SHOWN: str(decision.value)}[decision.why]
        )
        assert decision.explanation


@given(tables, margins)
def test_a_shown_figure_is_hidden_only_when_needed(cells, margin):
    """Nothing small, nothing hidden; and showing any one "not shown" figure again would give a hidden figure
    away (by the same independent oracles)."""
    rows, columns, grand, result = run(cells, margin)
    n_rows, n_cols = len(cells), len(cells[0])
    decisions = decisions_by_position(result, n_rows, n_cols)
    if not any(d.why is Why.SMALL for d in decisions.values()):
        assert not any(d.hidden for d in decisions.values())
    lines = extended_lines(n_rows, n_cols, rows is not None, columns is not None, grand is not None)
    values = {k: d.value for k, d in decisions.items()}
    for key, decision in decisions.items():
        if decision.why is Why.SECONDARY:
            trial = dict(decisions)
            trial[key] = type(decision)(decision.value, Why.SHOWN, "")
            hidden = {k for k, d in trial.items() if d.hidden}
            one_hidden = any(sum(p in hidden for p in [*parts, total]) == 1 for parts, total in lines)
            assert one_hidden or linear_leaks(lines, hidden) or line_leaks(lines, values, trial)


@given(tables)
def test_groups_around_whole_scope_figures_decided_first(cells):
    """The dashboard's way: the whole scope's figures are decided on their own (its shares: numerator plus
    remainder make the denominator), then the groups around them, with the whole-scope figures kept as decided.
    No sum then has exactly one hidden figure, and no hidden figure is determined by the sums together."""
    n_cols = len(cells[0])
    values: dict[tuple[object, int], int] = {(r, c): v for r, row in enumerate(cells) for c, v in enumerate(row)}
    values |= {("all", c): sum(row[c] for row in cells) for c in range(n_cols)}
    lines: list[Line[tuple[object, int]]] = [
        Line(f"column {c}", tuple((r, c) for r in range(len(cells))), ("all", c)) for c in range(n_cols)
    ]
    if n_cols >= 3:  # the first two columns add up to the third, in every row and in the whole scope
        lines += [Line(f"row {r}", ((r, 0), (r, 1)), (r, 2)) for r in [*range(len(cells)), "all"]]
        for r in [*range(len(cells)), "all"]:
            values[(r, 2)] = values[(r, 0)] + values[(r, 1)]
    whole_lines = [ln for ln in lines if ln.total[0] == "all" and ln.parts[0][0] == "all"]
    whole = suppress({k: v for k, v in values.items() if k[0] == "all"}, whole_lines)
    result = suppress(values, lines, decided={k: whole[k] for k in whole.decisions})
    assert all(result[k] == whole[k] for k in whole.decisions)
    hidden = {k for k, d in result.decisions.items() if d.hidden}
    for line in lines:
        members = (*line.parts, line.total)
        if not all(k in whole.decisions for k in members):
            assert sum(k in hidden for k in members) != 1, line.name
    assert linear_leaks([(list(ln.parts), ln.total) for ln in lines], hidden) == []
