"""Referrals out (issue 18 §2): every allowed and refused status change, the chase on working days, and the
suggestion ranking."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.rules.referrals_out import (
    FINAL,
    Candidate,
    Status,
    chase_cutoff,
    chase_due,
    chase_on,
    status_change,
    suggest,
    working_days_after,
    working_days_before,
)

S = Status
ALLOWED = {
    (S.SENT, S.ACKNOWLEDGED),
    (S.SENT, S.ACCEPTED),
    (S.SENT, S.DECLINED),
    (S.SENT, S.NO_RESPONSE),
    (S.SENT, S.CLOSED),
    (S.ACKNOWLEDGED, S.ACCEPTED),
    (S.ACKNOWLEDGED, S.DECLINED),
    (S.ACKNOWLEDGED, S.NO_RESPONSE),
    (S.ACKNOWLEDGED, S.CLOSED),
    (S.NO_RESPONSE, S.ACKNOWLEDGED),
    (S.NO_RESPONSE, S.ACCEPTED),
    (S.NO_RESPONSE, S.DECLINED),
    (S.NO_RESPONSE, S.CLOSED),
    (S.ACCEPTED, S.SUPPORT_STARTED),
    (S.ACCEPTED, S.CLOSED),
    (S.SUPPORT_STARTED, S.COMPLETED),
    (S.SUPPORT_STARTED, S.CLOSED),
}


@pytest.mark.parametrize(("current", "new"), list(itertools.product(Status, Status)))
def test_every_status_change_is_allowed_or_refused_as_the_lifecycle_says(current, new):
    change = status_change(current, new)
    assert change.allowed == ((current, new) in ALLOWED)
    assert change.explanation


@pytest.mark.parametrize(
    ("current", "new", "explanation"),
    [
        (S.SENT, S.SUPPORT_STARTED, "A referral that is sent cannot become support started: it can become "
         "acknowledged, accepted, declined, no response, closed."),
        (S.DECLINED, S.ACCEPTED, "The referral is declined: that is final, so its status cannot change."),
        (S.SENT, S.SENT, "The referral is already sent."),
    ],
)  # fmt: skip
def test_refusals_say_why(current, new, explanation):
    assert status_change(current, new).explanation == explanation


def test_final_statuses_are_declined_completed_and_closed():
    assert {S.DECLINED, S.COMPLETED, S.CLOSED} == FINAL


# Friday 1 May 2026; Monday 4 May 2026 is the early May bank holiday in England and Wales.
BANK_HOLIDAY = date(2026, 5, 4)


@pytest.mark.parametrize(
    ("today", "holidays", "expected"),
    [
        (date(2026, 5, 15), (), date(2026, 5, 1)),  # Friday: ten working days back is the Friday before
        (date(2026, 5, 15), (BANK_HOLIDAY,), date(2026, 4, 30)),  # across the bank holiday: one day further
        (date(2026, 5, 18), (), date(2026, 5, 4)),  # a Monday
    ],
)
def test_working_days_before(today, holidays, expected):
    assert working_days_before(today, 10, holidays) == expected


@pytest.mark.parametrize(
    ("status", "sent", "today", "holidays", "due"),
    [
        (S.SENT, date(2026, 5, 1), date(2026, 5, 15), (), True),
        (S.SENT, date(2026, 5, 1), date(2026, 5, 15), (BANK_HOLIDAY,), False),  # the bank holiday does not count
        (S.SENT, date(2026, 5, 1), date(2026, 5, 18), (BANK_HOLIDAY,), True),
        (S.ACKNOWLEDGED, date(2026, 4, 1), date(2026, 5, 15), (), True),
        (S.SENT, date(2026, 5, 14), date(2026, 5, 15), (), False),
        (S.ACCEPTED, date(2026, 4, 1), date(2026, 5, 15), (), False),
        (S.NO_RESPONSE, date(2026, 4, 1), date(2026, 5, 15), (), False),  # already recorded as no response
    ],
)
def test_chase_due(status, sent, today, holidays, due):
    result = chase_due(status, sent, today, holidays)
    assert result.allowed is due and result.explanation


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(min_value=1, max_value=60))
def test_working_days_before_lands_on_a_weekday_and_counts_exactly(day, count):
    start = working_days_before(day, count)
    assert start.weekday() < 5 and start < day
    counted = [start.fromordinal(n) for n in range(start.toordinal(), day.toordinal())]
    assert sum(1 for d in counted if d.weekday() < 5) == count  # the start day and the working days after it


def c(pid, name, *, pathways=("ACCOMMODATION",), prisons=(), areas=(), active=True):
    return Candidate(pid, name, frozenset(pathways), frozenset(prisons), list(areas), active)


@pytest.mark.parametrize(
    ("candidates", "prison", "district", "expected"),
    [
        # prison (2) beats area (1); both (3) beats either; ties by name
        (
            [
                c(1, "Zed", prisons=("LEI",)),
                c(2, "Alpha", areas=("LS9",)),
                c(3, "Both", prisons=("LEI",), areas=("ls9",)),
            ],
            "LEI",
            "LS9",
            [(3, 3), (1, 2), (2, 1)],
        ),
        ([c(1, "B"), c(2, "A")], "LEI", "LS9", [(2, 0), (1, 0)]),
        # closed partners and other pathways are never suggested
        (
            [c(1, "Closed", prisons=("LEI",), active=False), c(2, "Money", pathways=("BENEFITS_AND_DEBT",))],
            "LEI",
            "",
            [],
        ),
        ([c(1, "Area name", areas=("Leeds",))], "", "leeds", [(1, 1)]),
    ],
)
def test_suggestion_ranking(candidates, prison, district, expected):
    found = suggest(candidates, pathway="ACCOMMODATION", prison_code=prison, district=district)
    assert [(s.partner_id, s.score) for s in found] == expected
    assert all(s.explanation.startswith("Helps with this pathway") for s in found)


def test_suggestion_explains_itself():
    (only,) = suggest([c(1, "X", prisons=("LEI",), areas=("LS9",))], pathway="ACCOMMODATION", prison_code="LEI",
                      district="ls9")  # fmt: skip
    assert only.explanation == "Helps with this pathway; works in the person's prison and serves LS9 in the community."


# Bank holidays in England and Wales over Christmas 2026 (as the `holidays` package gives them, checked against
# gov.uk): Christmas Day Friday 25 December, Boxing Day Saturday 26 December with its substitute day on Monday
# 28 December, New Year's Day Friday 1 January 2027.
CHRISTMAS_2026 = (date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 28), date(2027, 1, 1))


@pytest.mark.parametrize(
    ("sent", "holidays", "chase"),
    [
        # Friday 18 Dec: 21, 22, 23, 24 (4), 29, 30, 31 (7), 4, 5, 6 Jan (10) -> Wednesday 6 January 2027
        (date(2026, 12, 18), CHRISTMAS_2026, date(2027, 1, 6)),
        # the same referral without bank holidays: 21-25 (5), 28 Dec-1 Jan (10) -> Friday 1 January
        (date(2026, 12, 18), (), date(2027, 1, 1)),
        (date(2026, 5, 1), (BANK_HOLIDAY,), date(2026, 5, 18)),  # early May bank holiday: one day later
        (date(2026, 5, 1), (), date(2026, 5, 15)),
        (date(2026, 5, 2), (), date(2026, 5, 15)),  # sent on a Saturday: counted from the Monday
    ],
)
def test_chase_on_counts_working_days_across_bank_holidays(sent, holidays, chase):
    assert chase_on(sent, holidays) == chase


def test_a_referral_sent_before_christmas_is_not_chased_until_the_new_year():
    sent = date(2026, 12, 18)
    assert not chase_due(S.SENT, sent, date(2027, 1, 5), CHRISTMAS_2026).allowed
    assert chase_due(S.SENT, sent, date(2027, 1, 6), CHRISTMAS_2026).allowed
    assert chase_cutoff(date(2027, 1, 5), CHRISTMAS_2026) < sent <= chase_cutoff(date(2027, 1, 6), CHRISTMAS_2026)


holiday_sets = st.lists(st.dates(min_value=date(2025, 12, 1), max_value=date(2027, 3, 1)), max_size=10)


@given(
    st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 1, 31)),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 1, 31)),
    holiday_sets,
)
def test_the_cutoff_for_a_query_agrees_with_the_chase_day(sent, today, holidays):
    """The flag's SQL filter (`referred_on <= chase_cutoff(today)`) and the To do task (`chase_on <= today`) are one
    rule."""
    assert (sent <= chase_cutoff(today, holidays)) == (chase_on(sent, holidays) <= today)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(min_value=1, max_value=60))
def test_working_days_after_lands_on_a_weekday_and_counts_exactly(day, count):
    end = working_days_after(day, count)
    assert end.weekday() < 5 and end > day
    counted = [end.fromordinal(n) for n in range(day.toordinal() + 1, end.toordinal() + 1)]
    assert sum(1 for d in counted if d.weekday() < 5) == count
