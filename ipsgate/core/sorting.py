"""Tables sorted on the server by one of their main columns: `?sort=name` (ascending) or `?sort=-name` (descending).

The value goes through `query_params.query_choice`: a known column, or the 400 page naming `sort`, so an unknown
value never reaches the database and never causes a server error. Each sortable header is a link that sorts by its
column (ascending first, then the other way round) and its `<th>` says how the table is sorted now (`aria-sort`), as
in the MoJ sortable table pattern; the page's other query-string values (search, filters) are kept and paging starts
again at page 1. Blank values (no release date, no prison number) come last whichever way a column is sorted.

Pages declare their columns once (`Column`), read the order with `sorting_from`, and apply it with `order_queryset`
(a database list) or `order_rows` (a list already read, e.g. My caseload, whose phase is worked out in Python).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Case, F, QuerySet, Value, When
from django.db.models.expressions import Expression, OrderBy
from django.http import QueryDict

from .query_params import query_choice

SORT = "sort"
ASCENDING, DESCENDING, UNSORTED = "ascending", "descending", "none"

Row = TypeVar("Row")
OrderTerm = str | F | Expression  # a field name, or an expression such as Coalesce(...) or choice_order(...)


@dataclass(frozen=True)
class Column:
    key: str  # in the query string: ?sort=key or ?sort=-key
    label: str  # the header's text
    numeric: bool = False  # right-aligned, as GOV.UK tables align numbers


@dataclass(frozen=True)
class Header:
    """One sortable `<th>`: its text, the link that sorts by it, and how the table is sorted by it now."""

    label: str
    href: str
    aria_sort: str  # "ascending", "descending" or "none"
    numeric: bool


@dataclass(frozen=True)
class Sorting:
    key: str
    descending: bool
    headers: dict[str, Header]
    value: str  # what ?sort= holds ("-name"), "" for the page's default order

    def header(self, key: str) -> Header:
        return self.headers[key]

    @property
    def query(self) -> str:
        """The sort as query-string text for paging and search ("sort=-name"), "" for the default order."""
        return f"{SORT}={self.value}" if self.value else ""


def sort_values(columns: Sequence[Column]) -> set[str]:
    """Every value `?sort=` may take for these columns."""
    return {value for column in columns for value in (column.key, f"-{column.key}")}


def sorting_from(
    query: QueryDict, columns: Sequence[Column], *, default: str, default_descending: bool = False
) -> Sorting:
    """How the page is sorted: `?sort=` when given (a known column, else BadQueryParameter: 400), otherwise the
    page's default. The header links keep every other query-string value except the page number."""
    if default not in {column.key for column in columns}:
        raise ValueError(f"default sort {default!r} is not a column")
    chosen = query_choice(query, "sort", sort_values(columns))
    key, descending = (chosen.removeprefix("-"), chosen.startswith("-")) if chosen else (default, default_descending)
    kept = query.copy()
    for name in (SORT, "page"):
        kept.pop(name, None)
    headers = {}
    for column in columns:
        current = column.key == key
        # A click on the column sorted now turns it round; any other column sorts ascending first.
        next_value = column.key if not current or descending else f"-{column.key}"
        kept[SORT] = next_value
        headers[column.key] = Header(
            label=column.label,
            href=f"?{kept.urlencode()}",
            aria_sort=(DESCENDING if descending else ASCENDING) if current else UNSORTED,
            numeric=column.numeric,
        )
    return Sorting(key, descending, headers, chosen or "")


def choice_order(field: str, choices: Sequence[str]) -> Case:
    """Sort a choice field in the order its choices are listed (as people read them), not by its stored code."""
    whens = [When(**{field: value}, then=Value(n)) for n, value in enumerate(choices)]
    return Case(*whens, default=Value(len(choices)))


def order_queryset(
    queryset: QuerySet[Any], sorting: Sorting, orders: Mapping[str, Sequence[OrderTerm]]
) -> QuerySet[Any]:
    """The queryset in the chosen order: `orders[key]` lists the fields or expressions of the ascending order; the
    descending order turns each round. Blanks last either way; the primary key last, so pages never overlap."""
    terms: list[OrderBy] = []
    for term in orders[sorting.key]:
        expression = F(term) if isinstance(term, str) else term
        terms.append(expression.desc(nulls_last=True) if sorting.descending else expression.asc(nulls_last=True))
    return queryset.order_by(*terms, "pk")


def order_rows(rows: Iterable[Row], sorting: Sorting, keys: Mapping[str, Callable[[Row], Any]]) -> list[Row]:
    """Rows read already, in the chosen order: `keys[key](row)` gives the value compared (None for a blank, which
    comes last either way). Python's sort is stable, so rows with equal values keep the order they came in."""
    key = keys[sorting.key]
    rows = list(rows)
    present = [row for row in rows if key(row) is not None]
    blank = [row for row in rows if key(row) is None]
    return sorted(present, key=key, reverse=sorting.descending) + blank
