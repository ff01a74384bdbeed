"""Small-number suppression: the one definition used wherever counts of people are shown to someone without case
access (the outcome dashboard with its charts, downloads and API, the service overview, the evaluation report,
fidelity reviews and the employment register). Pure functions, no Django.

**Primary suppression.** A count from 1 to 4 could identify someone, so it is shown as "<5". 0 is shown, and so
is any count of 5 or more.

**Secondary suppression.** A hidden count can often be worked back by subtraction: when a table gives a total and
every site but one, the last site is the total minus the others. The caller says which figures add up to which
(a `Line`: these parts add up to that total, e.g. the sites in one column and the whole-service figure, or the
people employed and not employed in an arm making the people in it), and `suppress` hides as few extra figures
as it can so that no hidden figure can be worked out:

1. Every count from 1 to 4 is hidden.
2. A line that gives a hidden figure away gets one more of its figures hidden: the smallest non-zero part still
   shown (on a tie, one that also closes another such line), or the line's total when no non-zero part is
   left. A zero is never hidden (hiding it protects nothing). A line gives a figure away when it has exactly
   one hidden figure (the total minus the rest), and also when its sum and what a reader knows of hidden
   figures (a "<5" is 1 to 4; a "not shown" is at least 5) leave only one possible value: two "<5" in a line
   whose hidden part adds up to 2 must both be 1, and a "<5" hidden beside a "not shown" with a hidden sum of
   6 must be 1.
3. When no single line gives a figure away, the lines are solved together exactly (several lines can pin a
   figure down between them); a figure they determine gets the smallest shown figure of a line around it
   hidden too, and step 2 runs again.
4. A figure hidden in steps 2 and 3 that nothing could then protect in turn (its other line holds only zeros
   and figures decided elsewhere, such as a total another page publishes) is a dead end: the search starts
   again without it.
5. Finally each figure hidden in steps 2 and 3 is shown again if nothing can be worked out without hiding it,
   so a figure that was shown before is hidden only when that is needed.

When every non-zero figure of a line is hidden already and its sum still leaves one possibility (four "<5" in
a row whose total is "<5" are each 1), nothing more can be hidden: that is the "<5" label's own limit.

Figures hidden in steps 2 and 3 show as "not shown". Totals are figures like any other, so a total is hidden
only when that is the only way to protect a count. Every decision carries a plain-English explanation.

What this does not do: it protects against exact recovery from the sums it is told about, not against every
narrowing of a range (with a "<5" and a "not shown" in a line adding up to 8, the "<5" is 1, 2 or 3 rather
than 1 to 4), nor against ranges reasoned across several lines at once, nor against differences between
tables it is not told about (two periods that overlap, say). `docs/security.md` says how the pages use it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Generic, TypeVar

THRESHOLD = 5  # counts from 1 to THRESHOLD - 1 are hidden
SMALL_TEXT = f"<{THRESHOLD}"
NOT_SHOWN = "not shown"

K = TypeVar("K", bound=Hashable)
Interval = tuple[int, int]  # both ends included
_UNBOUNDED = 10**18  # stands for "no upper limit" in interval sums


def is_small(count: int) -> bool:
    """A count from 1 to 4: hidden from people without case access."""
    return 0 < count < THRESHOLD


def any_small(counts: Iterable[int]) -> bool:
    return any(is_small(n) for n in counts)


def shown(count: int, *, suppress: bool) -> str:
    """A count as text, primary suppression only: "<5" for 1 to 4 when suppressing, else the number."""
    return SMALL_TEXT if suppress and is_small(count) else str(count)


class Why(StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # primary: a count from 1 to 4
    SECONDARY = "secondary"  # hidden so that a small count cannot be worked out by subtraction


SHOWN_EXPLANATION = "Shown: it is 0 or at least 5, and no hidden count can be worked out with it."
EXACT_EXPLANATION = "Shown exactly: small numbers are not hidden from this viewer."
SMALL_EXPLANATION = f'Shown as "{SMALL_TEXT}": a count from 1 to {THRESHOLD - 1} could identify someone.'


@dataclass(frozen=True)
class Decision:
    """What to show for one figure, and why."""

    value: int
    why: Why
    explanation: str

    @property
    def hidden(self) -> bool:
        return self.why is not Why.SHOWN

    @property
    def text(self) -> str:
        if self.why is Why.SMALL:
            return SMALL_TEXT
        if self.why is Why.SECONDARY:
            return NOT_SHOWN
        return str(self.value)

    @property
    def cell_value(self) -> int | str:
        """The number when shown, otherwise the text ("<5", "not shown"): what a spreadsheet cell holds."""
        return self.value if self.why is Why.SHOWN else self.text


@dataclass(frozen=True)
class Line(Generic[K]):
    """A published sum: the figures in `parts` add up to the figure `total`. `name` says where it is, for the
    explanations, e.g. "referrals by site" or "the IPS arm"."""

    name: str
    parts: tuple[K, ...]
    total: K


@dataclass(frozen=True)
class Suppression(Generic[K]):
    decisions: Mapping[K, Decision]
    explanation: str

    def __getitem__(self, key: K) -> Decision:
        return self.decisions[key]

    def hidden(self, key: K) -> bool:
        return self.decisions[key].hidden

    def text(self, key: K) -> str:
        return self.decisions[key].text

    @property
    def small(self) -> int:
        return sum(1 for d in self.decisions.values() if d.why is Why.SMALL)

    @property
    def secondary(self) -> int:
        return sum(1 for d in self.decisions.values() if d.why is Why.SECONDARY)


def show_all(values: Mapping[K, int]) -> Suppression[K]:
    """Every figure shown as it is: for viewers who may see case records."""
    return Suppression(
        {key: Decision(value, Why.SHOWN, EXACT_EXPLANATION) for key, value in values.items()},
        "Every figure is shown exactly.",
    )


def primary(count: int) -> Decision:
    """Primary suppression alone: "<5" for 1 to 4, the number otherwise."""
    if is_small(count):
        return Decision(count, Why.SMALL, SMALL_EXPLANATION)
    return Decision(count, Why.SHOWN, SHOWN_EXPLANATION)


def suppress(
    values: Mapping[K, int], lines: Iterable[Line[K]] = (), *, decided: Mapping[K, Decision] | None = None
) -> Suppression[K]:
    """Primary and secondary suppression of `values` (counts, 0 or more) given the sums in `lines`.

    `decided` holds figures whose decision was taken elsewhere and must be kept: a total that another page
    publishes (`primary(total)` when that page hides small numbers only), or the whole-scope figures a table by
    group must agree with. They are never hidden to protect something else, and stay hidden if they were."""
    checked = _checked_lines(values, lines)
    fixed = dict(decided or {})
    order = {key: index for index, key in enumerate(values)}
    avoid: set[K] = set()
    while True:
        hidden, because, added, beyond_help = _hide(values, checked, fixed, avoid, order)
        # A figure hidden here that nothing could then protect (its other line has only zeros and figures
        # decided elsewhere) was a poor choice: start again without it.
        # (A range pinned whatever is hidden, as "<5" beside "not shown" adding up to 6, is not a dead end.)
        dead_ends = {e.key for e in beyond_help if e.kind != "range" and e.key in added and e.key not in avoid}
        if not dead_ends:
            break
        avoid |= dead_ends
    for key in reversed(added):  # step 5: show again what turned out not to be needed
        del hidden[key]
        if _first_exposure(values, checked, hidden, beyond_help) is not None:
            hidden[key] = Why.SECONDARY
    decisions = {
        key: fixed.get(key)
        or Decision(value, hidden.get(key, Why.SHOWN), _explain(hidden.get(key, Why.SHOWN), because.get(key, "")))
        for key, value in values.items()
    }
    return Suppression(decisions, _overall(decisions.values()))


def _hide(
    values: Mapping[K, int],
    lines: list[Line[K]],
    fixed: Mapping[K, Decision],
    avoid: set[K],
    order: Mapping[K, int],
) -> tuple[dict[K, Why], dict[K, str], list[K], set[Exposure[K]]]:
    """Steps 1 to 3: what is hidden and why, which figures were added (in order), and the exposures that
    nothing more could prevent."""
    hidden: dict[K, Why] = {key: Why.SMALL for key, value in values.items() if is_small(value) and key not in fixed}
    hidden.update({key: decision.why for key, decision in fixed.items() if decision.hidden})
    because: dict[K, str] = {}
    added: list[K] = []
    beyond_help: set[Exposure[K]] = set()  # every non-zero figure around it is hidden (or decided) already
    while (exposure := _first_exposure(values, lines, hidden, beyond_help)) is not None:
        choice = _complement(values, lines, hidden, fixed, avoid, order, exposure)
        if choice is None:
            beyond_help.add(exposure)
            continue
        chosen_key, chosen_line = choice
        hidden[chosen_key] = Why.SECONDARY
        because[chosen_key] = lines[chosen_line].name
        added.append(chosen_key)
    return hidden, because, added, beyond_help


# --- Two-way tables ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SuppressedTable:
    cells: tuple[tuple[Decision, ...], ...]
    row_totals: tuple[Decision, ...] | None
    column_totals: tuple[Decision, ...] | None
    grand_total: Decision | None
    explanation: str


def suppress_table(
    cells: Sequence[Sequence[int]],
    *,
    row_totals: Sequence[int] | None = None,
    column_totals: Sequence[int] | None = None,
    grand_total: int | None = None,
    row_names: Sequence[str] | None = None,
    column_names: Sequence[str] | None = None,
) -> SuppressedTable:
    """A table of counts with (optionally) its row totals, column totals and grand total, every one of them
    published: the same rules as `suppress`, with each row and each column a line."""
    width = len(cells[0]) if cells else 0
    if any(len(row) != width for row in cells):
        raise ValueError("Every row of the table must have the same number of cells")
    if row_totals is not None and len(row_totals) != len(cells):
        raise ValueError("There must be one row total for each row")
    if column_totals is not None and len(column_totals) != width:
        raise ValueError("There must be one column total for each column")
    rows = list(row_names or (f"row {r + 1}" for r in range(len(cells))))
    columns = list(column_names or (f"column {c + 1}" for c in range(width)))
    values: dict[tuple[object, ...], int] = {}
    lines: list[Line[tuple[object, ...]]] = []
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            values[("cell", r, c)] = value
    if row_totals is not None:
        for r, total in enumerate(row_totals):
            values[("row", r)] = total
            lines.append(Line(rows[r], tuple(("cell", r, c) for c in range(width)), ("row", r)))
    if column_totals is not None:
        for c, total in enumerate(column_totals):
            values[("column", c)] = total
            lines.append(Line(columns[c], tuple(("cell", r, c) for r in range(len(cells))), ("column", c)))
    if grand_total is not None:
        values[("grand",)] = grand_total
        if row_totals is not None:
            lines.append(Line("the row totals", tuple(("row", r) for r in range(len(cells))), ("grand",)))
        if column_totals is not None:
            lines.append(Line("the column totals", tuple(("column", c) for c in range(width)), ("grand",)))
    result = suppress(values, lines)
    return SuppressedTable(
        cells=tuple(tuple(result[("cell", r, c)] for c in range(width)) for r in range(len(cells))),
        row_totals=None if row_totals is None else tuple(result[("row", r)] for r in range(len(cells))),
        column_totals=None if column_totals is None else tuple(result[("column", c)] for c in range(width)),
        grand_total=None if grand_total is None else result[("grand",)],
        explanation=result.explanation,
    )


# --- How a hidden figure could be worked out ---------------------------------------------------------------


def _checked_lines(values: Mapping[K, int], lines: Iterable[Line[K]]) -> list[Line[K]]:
    for key, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"A count must be a whole number, 0 or more: {key!r} is {value!r}")
    checked = [line for line in lines if line.parts]  # a sum of nothing says only that its total is 0
    for line in checked:
        members = (*line.parts, line.total)
        if len(set(members)) != len(members):
            raise ValueError(f"The line {line.name!r} names a figure twice")
        missing = [key for key in members if key not in values]
        if missing:
            raise ValueError(f"The line {line.name!r} names figures with no value: {missing!r}")
    return checked


def _signed(line: Line[K]) -> list[tuple[K, int]]:
    """The line as an equation: parts count +1, the total -1, and they add up to 0."""
    return [*((key, 1) for key in line.parts), (line.total, -1)]


@dataclass(frozen=True)
class Exposure(Generic[K]):
    """How a hidden figure could be worked out: `kind` is "single" (the only hidden figure in its line), "range"
    (its line's sum and the ranges of the other hidden figures leave one value) or "linear" (several lines
    together determine it); `line` is the index of a line around it."""

    kind: str
    line: int
    key: K


def _first_exposure(
    values: Mapping[K, int], lines: list[Line[K]], hidden: Mapping[K, Why], skip: set[Exposure[K]]
) -> Exposure[K] | None:
    """The first way a hidden figure could be worked out, or None when every hidden figure is safe (apart from
    the exposures in `skip`, which nothing more can prevent)."""
    for index, line in enumerate(lines):
        pinned = _pinned_by(line, values, hidden)
        kind = "single" if sum(1 for key, _ in _signed(line) if key in hidden) == 1 else "range"
        for key in pinned:
            if (exposure := Exposure(kind, index, key)) not in skip:
                return exposure
    for key in _determined(lines, hidden):
        for index, line in enumerate(lines):
            if (key in line.parts or key == line.total) and (exposure := Exposure("linear", index, key)) not in skip:
                return exposure
    return None


def _domain(why: Why) -> list[Interval]:
    """What a reader knows of a hidden figure: "<5" is 1 to 4; "not shown" is at least 5 (a zero is never
    hidden, and anything from 1 to 4 is "<5")."""
    if why is Why.SMALL:
        return [(1, THRESHOLD - 1)]
    return [(THRESHOLD, _UNBOUNDED)]


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for low, high in sorted(intervals):
        if out and low <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


def _plus(a: list[Interval], b: list[Interval]) -> list[Interval]:
    return _merge((a_low + b_low, a_high + b_high) for a_low, a_high in a for b_low, b_high in b)


def _negated(a: list[Interval]) -> list[Interval]:
    return _merge((-high, -low) for low, high in a)


def _possible_values(a: list[Interval], b: list[Interval]) -> int:
    """How many whole numbers lie in both (counted up to 2: enough to tell "one" from "several")."""
    count = 0
    for a_low, a_high in a:
        for b_low, b_high in b:
            low, high = max(a_low, b_low), min(a_high, b_high)
            if low <= high:
                count += high - low + 1
                if count >= 2:
                    return 2
    return count


def _pinned_by(line: Line[K], values: Mapping[K, int], hidden: Mapping[K, Why]) -> list[K]:
    """The hidden figures that this line alone leaves with one possible value."""
    terms = _signed(line)
    secret = [(key, sign) for key, sign in terms if key in hidden]
    if len(secret) <= 1:
        return [key for key, _ in secret]
    remainder = -sum(sign * values[key] for key, sign in terms if key not in hidden)  # the hidden terms' sum
    pinned = []
    for index, (key, sign) in enumerate(secret):
        others: list[Interval] = [(0, 0)]
        for other_index, (other, other_sign) in enumerate(secret):
            if other_index != index:
                known = _domain(hidden[other])
                others = _plus(others, known if other_sign > 0 else _negated(known))
        # sign * x = remainder - (the others' sum)
        candidates = _negated(_plus(others, [(-remainder, -remainder)]))
        if sign < 0:
            candidates = _negated(candidates)
        if _possible_values(candidates, _domain(hidden[key])) == 1:
            pinned.append(key)
    return pinned


def _determined(lines: list[Line[K]], hidden: Mapping[K, Why]) -> list[K]:
    """Hidden figures whose value the lines fix between them (exact linear algebra over the hidden figures)."""
    equations = []
    for line in lines:
        row: dict[K, int] = {}
        for key, sign in _signed(line):
            if key in hidden:
                row[key] = row.get(key, 0) + sign
        if row:
            equations.append(row)
    found: list[K] = []
    for component in _components(equations):
        found += _pinned_columns(component)
    return found


def _components(equations: list[dict[K, int]]) -> list[list[dict[K, int]]]:
    """Equations grouped by the hidden figures they share, so each group is solved on its own."""
    parent: dict[K, K] = {}

    def root(key: K) -> K:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for equation in equations:
        first, *rest = equation
        for key in rest:
            parent[root(key)] = root(first)
    groups: dict[K, list[dict[K, int]]] = {}
    for equation in equations:
        groups.setdefault(root(next(iter(equation))), []).append(equation)
    return list(groups.values())


def _pinned_columns(equations: list[dict[K, int]]) -> list[K]:
    """Reduced row echelon form: a figure is determined when its pivot row has no other figure in it."""
    keys = list(dict.fromkeys(key for equation in equations for key in equation))
    matrix = [[Fraction(equation.get(key, 0)) for key in keys] for equation in equations]
    pivots: list[tuple[int, int]] = []
    row = 0
    for column in range(len(keys)):
        pivot = next((r for r in range(row, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[row], matrix[pivot] = matrix[pivot], matrix[row]
        scale = matrix[row][column]
        matrix[row] = [x / scale for x in matrix[row]]
        for r in range(len(matrix)):
            factor = matrix[r][column]
            if r != row and factor != 0:
                matrix[r] = [x - factor * y for x, y in zip(matrix[r], matrix[row], strict=True)]
        pivots.append((row, column))
        row += 1
        if row == len(matrix):
            break
    return [keys[c] for r, c in pivots if sum(1 for x in matrix[r] if x != 0) == 1]


# --- What to hide next ---------------------------------------------------------------------------------------


def _complement(
    values: Mapping[K, int],
    lines: list[Line[K]],
    hidden: Mapping[K, Why],
    fixed: Mapping[K, Decision],
    avoid: set[K],
    order: Mapping[K, int],
    exposure: Exposure[K],
) -> tuple[K, int] | None:
    """The figure to hide next, and the line it protects: from the exposing line, else from another line
    around the exposed figure, else from any line joined to it through hidden figures."""
    for index in _nearby_lines(lines, hidden, exposure.line, exposure.key):
        choice = _in_line(values, lines, hidden, fixed, avoid, order, lines[index])
        if choice is not None:
            return choice, index
    return None


def _nearby_lines(lines: list[Line[K]], hidden: Mapping[K, Why], line_index: int, exposed: K) -> list[int]:
    around = [i for i, line in enumerate(lines) if i != line_index and (exposed in line.parts or exposed == line.total)]
    seen = {line_index, *around}
    queue = [line_index, *around]
    for index in queue:  # breadth first through lines that share a hidden figure
        keys = {key for key, _ in _signed(lines[index]) if key in hidden}
        for other, line in enumerate(lines):
            if other not in seen and any(key in keys for key, _ in _signed(line)):
                seen.add(other)
                queue.append(other)
    return queue


def _in_line(
    values: Mapping[K, int],
    lines: list[Line[K]],
    hidden: Mapping[K, Why],
    fixed: Mapping[K, Decision],
    avoid: set[K],
    order: Mapping[K, int],
    line: Line[K],
) -> K | None:
    """The smallest non-zero part still shown (on a tie, one that also closes another line with one hidden
    figure), else the total. Zeros are never hidden, so a reader knows "not shown" is at least 5 and nothing
    more; figures decided elsewhere are never hidden here, nor figures found to be dead ends."""

    def free(key: K) -> bool:
        return key not in hidden and key not in fixed and key not in avoid and values[key] > 0

    non_zero = [key for key in line.parts if free(key)]
    if non_zero:

        def closes(key: K) -> int:
            return sum(
                1
                for other in lines
                if other is not line
                and (key in other.parts or key == other.total)
                and sum(1 for k, _ in _signed(other) if k in hidden) == 1
            )

        return min(non_zero, key=lambda key: (values[key], -closes(key), order[key]))
    return line.total if free(line.total) else None


# --- Explanations -------------------------------------------------------------------------------------------


def _explain(why: Why, line_name: str) -> str:
    if why is Why.SMALL:
        return SMALL_EXPLANATION
    if why is Why.SECONDARY:
        return f"Not shown: with it, a count under {THRESHOLD} in {line_name} could be worked out by subtraction."
    return SHOWN_EXPLANATION


def _overall(decisions: Iterable[Decision]) -> str:
    small = secondary = 0
    for decision in decisions:
        small += decision.why is Why.SMALL
        secondary += decision.why is Why.SECONDARY
    if not small:
        return f"No count from 1 to {THRESHOLD - 1}: every figure is shown."
    text = f'{_counted(small, "count")} from 1 to {THRESHOLD - 1} shown as "{SMALL_TEXT}"'
    if secondary:
        text += (
            f"; {_counted(secondary, 'other figure')} not shown, so that no count under {THRESHOLD} can be worked "
            "out by subtraction from a total"
        )
    return text + "."


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
