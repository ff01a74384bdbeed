"""Ids and whole numbers read from query strings, parsed one way by every page and the API.

A value is ASCII digits only, no longer than its upper bound and within its range. `str.isdigit()` is not enough:
it accepts "²", which `int()` then refuses, and "٣", which `int()` reads as 3; and `int()` refuses more than 4,300
digits. A value that is not valid is the caller's mistake, so a page answers 400 with a page naming the parameter
(`BadQueryParameter`, rendered by `ipsgate.core.views.bad_request`) and the API a 400 naming it, never a server error.
An absent or empty value means the parameter was not given.

No Django model imports: every app may import this module.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from django.core.exceptions import BadRequest

# Every table's key is a 64-bit integer (DEFAULT_AUTO_FIELD is BigAutoField), so no row has a larger id; SQLite
# cannot even bind a larger integer as a query parameter.
MAX_ID = 2**63 - 1
MAX_PAGE = 1_000_000


def whole_number(raw: str, *, minimum: int, maximum: int) -> int:
    """`raw` as an int from minimum to maximum; ValueError unless it is ASCII digits in that range."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(maximum)):
        raise ValueError(f"not a whole number from {minimum} to {maximum}")
    value = int(raw)
    if not minimum <= value <= maximum:
        raise ValueError(f"not a whole number from {minimum} to {maximum}")
    return value


def parse_id(raw: str) -> int:
    """A record's id: ValueError unless it is ASCII digits from 1 to MAX_ID."""
    return whole_number(raw, minimum=1, maximum=MAX_ID)


class BadQueryParameter(BadRequest):
    """A query-string value that is not valid: the page answers 400 saying which parameter is wrong."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


def query_number(query: Mapping[str, str], name: str, *, minimum: int, maximum: int) -> int | None:
    """The whole number `name` in the query string, or None when it is absent or empty; BadQueryParameter (400)
    unless it is ASCII digits from minimum to maximum."""
    raw = query.get(name, "")
    if raw == "":
        return None
    try:
        return whole_number(raw, minimum=minimum, maximum=maximum)
    except ValueError:
        raise BadQueryParameter(name, f"must be a whole number from {minimum:,} to {maximum:,}") from None


def query_id(query: Mapping[str, str], name: str) -> int | None:
    """The record id `name` in the query string, or None when it is absent or empty; BadQueryParameter (400)
    unless it is a valid id. Whether the record exists, and is in scope, is the caller's question."""
    raw = query.get(name, "")
    if raw == "":
        return None
    try:
        return parse_id(raw)
    except ValueError:
        raise BadQueryParameter(name, "must be the number of a record (digits 0 to 9 only)") from None


def query_choice(query: Mapping[str, str], name: str, choices: Collection[str]) -> str | None:
    """The value `name` in the query string when it is one of `choices` (e.g. a column to sort by), or None when it
    is absent or empty; BadQueryParameter (400) for anything else, so an unknown value is never passed on."""
    raw = query.get(name, "")
    if raw == "":
        return None
    if raw not in choices:
        shown = ", ".join(sorted(choices))
        raise BadQueryParameter(name, f"must be one of {shown}" if len(shown) <= 200 else "is not a known value")
    return raw
