"""A bulk import's queries do not grow with its rows: each chunk of rows is checked against lookups loaded once, and
every person's row is written through the batch form of the page's service (issue 21's speed). Compared at 5 and 50
rows, for checking and writing, for new people, released people and release lists."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ipsgate.evaluation.services import trial_start
from ipsgate.imports.services import import_confirm, import_file, import_preview
from ipsgate.people.models import Episode, Participant

from .conftest import CASELOAD_HEADINGS, caseload_row, csv_bytes


def _numbers(count: int, start: int = 0) -> list[str]:
    return [f"A{1000 + start + n:04d}AA" for n in range(count)]


def _caseload(count: int, start: int = 0, **over: str) -> bytes:
    return csv_bytes([CASELOAD_HEADINGS, *(caseload_row(n, f"P{n}", **over) for n in _numbers(count, start))])


def _queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def _same_cost(small: tuple[int, int], large: tuple[int, int]) -> bool:
    """The same checking queries; writing may split a bulk insert by the database's limit on parameters (SQLite's
    999) into a few more statements, never a query per row (45 more rows would be at least 45 more)."""
    return small[0] == large[0] and small[1] <= large[1] <= small[1] + 5


def _preview_then_confirm(user, kind: str, data: bytes) -> tuple[int, int]:
    previews = []
    checking = _queries(lambda: previews.append(import_preview(actor=user, kind=kind, file_name="f.csv", data=data)))
    run = previews[0].run
    assert previews[0].ok and run is not None, previews[0].errors[:3]
    writing = _queries(lambda: import_confirm(actor=user, run=run))
    return checking, writing


def test_new_people_cost_the_same_queries_for_5_rows_as_for_50(team):
    small = _preview_then_confirm(team.leader, "caseload", _caseload(5))
    large = _preview_then_confirm(team.leader, "caseload", _caseload(50, start=100))
    assert _same_cost(small, large), (small, large)
    assert Participant.objects.count() == 55 and Episode.objects.filter(end_date__isnull=True).count() == 55


def test_random_allocation_and_released_people_cost_the_same_for_5_rows_as_for_50(team):
    trial_start(name="Trial", seed="fixed")
    headings = (*CASELOAD_HEADINGS, "Actual release date", "Evaluation arm")

    def rows(count: int, start: int) -> bytes:
        released = [
            [*caseload_row(n, **{"Custody status": "Released on licence"}), "2026-02-01", "Random"]
            for n in _numbers(count, start)
        ]
        return csv_bytes([headings, *released])

    small = _preview_then_confirm(team.manager, "caseload", rows(5, 0))
    large = _preview_then_confirm(team.manager, "caseload", rows(50, 100))
    assert _same_cost(small, large), (small, large)
    assert Participant.objects.filter(actual_release_date=datetime.date(2026, 2, 1)).count() == 55


def test_a_release_list_costs_the_same_queries_for_5_rows_as_for_50(team):
    import_file(actor=team.leader, kind="caseload", file_name="c.csv", data=_caseload(55))
    moved = (timezone.localdate() + datetime.timedelta(days=200)).isoformat()

    def release_list(numbers: list[str]) -> bytes:
        return csv_bytes([["Prison number", "Expected release date"], *([number, moved] for number in numbers)])

    numbers = _numbers(55)
    small = _preview_then_confirm(team.leader, "release-list", release_list(numbers[:5]))
    large = _preview_then_confirm(team.leader, "release-list", release_list(numbers[5:]))
    assert _same_cost(small, large), (small, large)
    assert Participant.objects.filter(expected_release_date=moved).count() == 55
