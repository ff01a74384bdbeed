"""Server-side sortable tables (core.sorting) and the one validator for choices in query strings (issue 16 item 14)."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.core.query_params import BadQueryParameter, query_choice
from ipsgate.core.sorting import Column, order_rows, sort_values, sorting_from

COLUMNS = (Column("name", "Name"), Column("release", "Release"), Column("count", "Count", numeric=True))


def query(text: str = "") -> QueryDict:
    return QueryDict(text)


def test_query_choice_takes_a_known_value_and_treats_empty_as_not_given():
    assert query_choice(query("sort=name"), "sort", {"name", "-name"}) == "name"
    assert query_choice(query("sort="), "sort", {"name"}) is None
    assert query_choice(query(""), "sort", {"name"}) is None


@pytest.mark.parametrize("raw", ["NAME", "name ", "-", "--name", "na%00me", "1", "²", "x" * 5000, "name,release"])
def test_query_choice_refuses_anything_else_naming_the_parameter(raw):
    with pytest.raises(BadQueryParameter) as refused:
        query_choice(QueryDict(mutable=True) | {"sort": raw}, "sort", {"name", "-name"})
    assert refused.value.name == "sort"
    assert "must be one of -name, name" in refused.value.problem


def test_the_default_order_when_no_sort_is_given():
    sorting = sorting_from(query("q=smith&page=3"), COLUMNS, default="release")
    assert (sorting.key, sorting.descending, sorting.value, sorting.query) == ("release", False, "", "")
    assert sorting.header("release").aria_sort == "ascending"
    assert sorting.header("name").aria_sort == "none"


def test_a_sorted_column_turns_round_and_the_others_sort_ascending_first():
    sorting = sorting_from(query("sort=name"), COLUMNS, default="release")
    assert sorting.header("name").aria_sort == "ascending"
    assert parse_qs(sorting.header("name").href[1:])["sort"] == ["-name"]
    assert parse_qs(sorting.header("release").href[1:])["sort"] == ["release"]

    turned = sorting_from(query("sort=-name"), COLUMNS, default="release")
    assert (turned.key, turned.descending, turned.query) == ("name", True, "sort=-name")
    assert turned.header("name").aria_sort == "descending"
    assert parse_qs(turned.header("name").href[1:])["sort"] == ["name"]


def test_header_links_keep_the_search_and_filters_and_start_again_at_page_one():
    sorting = sorting_from(query("q=ann+lee&phase=in-work&page=2&sort=-release"), COLUMNS, default="release")
    params = parse_qs(sorting.header("name").href[1:])
    assert params == {"q": ["ann lee"], "phase": ["in-work"], "sort": ["name"]}


def test_numeric_columns_are_marked_for_right_alignment():
    sorting = sorting_from(query(), COLUMNS, default="name")
    assert sorting.header("count").numeric and not sorting.header("name").numeric


def test_an_unknown_sort_is_a_bad_query_parameter():
    with pytest.raises(BadQueryParameter):
        sorting_from(query("sort=password"), COLUMNS, default="name")


def test_a_default_that_is_not_a_column_is_a_programming_error():
    with pytest.raises(ValueError, match="not a column"):
        sorting_from(query(), COLUMNS, default="missing")


@given(st.lists(st.one_of(st.none(), st.integers(-5, 5)), max_size=30), st.booleans())
def test_rows_sort_with_blanks_last_either_way_and_keep_their_order_when_equal(values, descending):
    rows = list(enumerate(values))
    sorting = sorting_from(query(f"sort={'-' if descending else ''}count"), COLUMNS, default="name")
    ordered = order_rows(rows, sorting, {"count": lambda row: row[1]})
    present = [v for _, v in ordered if v is not None]
    assert present == sorted(present, reverse=descending)
    blanks = [i for i, (_, v) in enumerate(ordered) if v is None]
    assert blanks == list(range(len(present), len(ordered)))
    for value in set(present):  # stable: equal values keep the order they came in
        indices = [i for i, v in ordered if v == value]
        assert indices == sorted(indices)


def test_sort_values_are_each_column_both_ways():
    assert sort_values(COLUMNS) == {"name", "-name", "release", "-release", "count", "-count"}
