"""Spent dates (ROA 1974) and DBS visibility: hand-computed tables over every disposal, plus properties.

Every expected date below was worked out by hand from the law (a period of N months "beginning with"
day D makes the item spent on the corresponding date N months later, or on the 1st of the following
month when that month has no corresponding day). None of them comes from the code under test.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ipsgate.rules.disclosure import Conviction, DisclosureResult, Disposal, assess

D = Disposal
AS_OF = date(2026, 11, 25)
FAR_FUTURE = date(2099, 12, 31)
CONVICTED = date(2019, 6, 10)
SENTENCE_END = date(2020, 12, 9)
ADULT_DOB = date(1980, 1, 1)  # 39 on CONVICTED
YOUTH_DOB = date(2003, 1, 1)  # 16 on CONVICTED

# The law's own lists, written out here rather than imported from the module under test.
CUSTODIAL = {D.CUSTODY, D.SUSPENDED_CUSTODY}
EXCLUDED = {D.LIFE, D.IPP, D.EXTENDED}
CAUTIONS = {D.SIMPLE_CAUTION, D.CONDITIONAL_CAUTION, D.YOUTH_CAUTION, D.YOUTH_CONDITIONAL_CAUTION}
ORDERS = [D.COMMUNITY_ORDER, D.YOUTH_REHABILITATION_ORDER, D.REFERRAL_ORDER, D.CONDITIONAL_DISCHARGE, D.BIND_OVER]
NEVER = "never"  # expected spent_on for a never-spent item (spent_on None and never_spent True)


def run(items: list[Conviction], *, dob: date = ADULT_DOB, as_of: date = AS_OF) -> dict[str, DisclosureResult]:
    results = assess(items, date_of_birth=dob, as_of=as_of)
    assert [r.id for r in results] == [item.id for item in items]
    return {r.id: r for r in results}


def one(item: Conviction, *, dob: date, as_of: date) -> DisclosureResult:
    return run([item], dob=dob, as_of=as_of)[item.id]


def conviction(ident: str, when: date, disposal: Disposal, **kwargs) -> Conviction:
    return Conviction(id=ident, date=when, disposal=disposal, **kwargs)


def check_spent_date(item: Conviction, dob: date, expected) -> None:
    """The item's spent date is `expected`, and `spent` flips exactly on that day (not the day before)."""
    if expected == NEVER:
        for as_of in (item.date, AS_OF, FAR_FUTURE):
            result = one(item, dob=dob, as_of=as_of)
            assert (result.spent_on, result.never_spent, result.spent) == (None, True, False)
            assert result.on_basic_check is True
            assert result.on_standard_enhanced_check is True  # never spent: always shown
            check_explanation(result)
        return
    if expected is None:
        result = one(item, dob=dob, as_of=FAR_FUTURE)
        assert (result.spent_on, result.never_spent, result.spent, result.on_basic_check) == (None, False, False, True)
        check_explanation(result)
        return
    on_the_day = one(item, dob=dob, as_of=expected)
    assert (on_the_day.spent_on, on_the_day.never_spent) == (expected, False)
    assert (on_the_day.spent, on_the_day.on_basic_check) == (True, False)
    check_explanation(on_the_day)
    day_before = expected - timedelta(days=1)
    if day_before >= item.date:
        before = one(item, dob=dob, as_of=day_before)
        assert (before.spent_on, before.never_spent) == (expected, False)
        assert (before.spent, before.on_basic_check) == (False, True)
        check_explanation(before)


def outcomes(results: dict[str, DisclosureResult]) -> dict[str, tuple[object, ...]]:
    """Everything but the wording, which may list further-conviction notes in a different order."""
    return {
        ident: (r.spent_on, r.never_spent, r.spent, r.on_basic_check, r.on_standard_enhanced_check)
        for ident, r in results.items()
    }


def check_explanation(result: DisclosureResult) -> None:
    assert result.explanation.strip()
    assert "ROA" in result.explanation
    assert "DBS" in result.explanation


# --- Custodial sentences: every length band, both age bands, schedule 18 on and off. -------------------------

# (under_18, length_months, schedule_18, spent_on) with sentence_end = 9 December 2020.
CUSTODY_ROWS = [
    # Adult: <=12 months -> 1 year; 13-48 -> 4 years; >48 -> 7 years, or never for schedule 18.
    (False, 1, False, date(2021, 12, 9)),
    (False, 1, True, date(2021, 12, 9)),
    (False, 12, False, date(2021, 12, 9)),
    (False, 12, True, date(2021, 12, 9)),
    (False, 13, False, date(2024, 12, 9)),
    (False, 13, True, date(2024, 12, 9)),
    (False, 48, False, date(2024, 12, 9)),
    (False, 48, True, date(2024, 12, 9)),
    (False, 49, False, date(2027, 12, 9)),
    (False, 49, True, NEVER),
    (False, 120, False, date(2027, 12, 9)),
    (False, 120, True, NEVER),
    # Under 18 when convicted: 6 months; 2 years; 42 months, or never for schedule 18.
    (True, 1, False, date(2021, 6, 9)),
    (True, 1, True, date(2021, 6, 9)),
    (True, 12, False, date(2021, 6, 9)),
    (True, 12, True, date(2021, 6, 9)),
    (True, 13, False, date(2022, 12, 9)),
    (True, 13, True, date(2022, 12, 9)),
    (True, 48, False, date(2022, 12, 9)),
    (True, 48, True, date(2022, 12, 9)),
    (True, 49, False, date(2024, 6, 9)),
    (True, 49, True, NEVER),
    (True, 120, False, date(2024, 6, 9)),
    (True, 120, True, NEVER),
]


@pytest.mark.parametrize("disposal", [D.CUSTODY, D.SUSPENDED_CUSTODY])
@pytest.mark.parametrize(("under_18", "length", "schedule_18", "expected"), CUSTODY_ROWS)
def test_custodial_sentence_table(disposal, under_18, length, schedule_18, expected):
    item = conviction(
        "c1", CONVICTED, disposal, length_months=length, sentence_end=SENTENCE_END, schedule_18=schedule_18
    )
    check_spent_date(item, YOUTH_DOB if under_18 else ADULT_DOB, expected)


@pytest.mark.parametrize("disposal", [D.CUSTODY, D.SUSPENDED_CUSTODY])
@pytest.mark.parametrize(("under_18", "length", "schedule_18", "expected"), CUSTODY_ROWS)
def test_custodial_sentence_without_end_date_has_no_spent_date(disposal, under_18, length, schedule_18, expected):
    item = conviction("c1", CONVICTED, disposal, length_months=length, schedule_18=schedule_18)
    # Unknown end: not spent and not never spent, except where the sentence is never spent anyway.
    check_spent_date(item, YOUTH_DOB if under_18 else ADULT_DOB, NEVER if expected == NEVER else None)


@pytest.mark.parametrize("disposal", sorted(EXCLUDED))
@pytest.mark.parametrize("under_18", [False, True])
@pytest.mark.parametrize("length", [None, 1, 12, 48, 120])
@pytest.mark.parametrize("schedule_18", [False, True])
@pytest.mark.parametrize("sentence_end", [None, SENTENCE_END])
def test_life_ipp_and_extended_sentences_are_never_spent(disposal, under_18, length, schedule_18, sentence_end):
    item = conviction(
        "c1", CONVICTED, disposal, length_months=length, sentence_end=sentence_end, schedule_18=schedule_18
    )
    check_spent_date(item, YOUTH_DOB if under_18 else ADULT_DOB, NEVER)


# --- Everything else: (disposal, under_18, conviction date, order_end, spent_on). --------------------------------

OTHER_ROWS = [
    # Fine: 1 year from conviction (adult), 6 months (under 18).
    (D.FINE, False, CONVICTED, None, date(2020, 6, 10)),
    (D.FINE, True, CONVICTED, None, date(2019, 12, 10)),
    (D.FINE, False, CONVICTED, date(2019, 7, 1), date(2020, 6, 10)),  # order_end means nothing for a fine
    # Compensation order: the day after it is paid in full; unknown until then.
    (D.COMPENSATION_ORDER, False, CONVICTED, date(2019, 12, 31), date(2020, 1, 1)),
    (D.COMPENSATION_ORDER, True, CONVICTED, date(2019, 12, 31), date(2020, 1, 1)),
    (D.COMPENSATION_ORDER, False, CONVICTED, CONVICTED, date(2019, 6, 11)),
    (D.COMPENSATION_ORDER, False, CONVICTED, None, None),
    (D.COMPENSATION_ORDER, True, CONVICTED, None, None),
    # Spent as soon as given.
    (D.ABSOLUTE_DISCHARGE, False, CONVICTED, None, CONVICTED),
    (D.ABSOLUTE_DISCHARGE, True, CONVICTED, None, CONVICTED),
    (D.SIMPLE_CAUTION, False, CONVICTED, None, CONVICTED),
    (D.SIMPLE_CAUTION, True, CONVICTED, None, CONVICTED),
    (D.YOUTH_CAUTION, False, CONVICTED, None, CONVICTED),
    (D.YOUTH_CAUTION, True, CONVICTED, None, CONVICTED),
]
# Orders: the day after the last day; unknown without an end date.
for _order in ORDERS:
    for _under_18 in (False, True):
        OTHER_ROWS += [
            (_order, _under_18, CONVICTED, date(2021, 3, 31), date(2021, 4, 1)),
            (_order, _under_18, CONVICTED, date(2020, 12, 31), date(2021, 1, 1)),
            (_order, _under_18, CONVICTED, date(2020, 2, 28), date(2020, 2, 29)),
            (_order, _under_18, CONVICTED, CONVICTED, date(2019, 6, 11)),
            (_order, _under_18, CONVICTED, None, None),
        ]
# Conditional cautions: 3 months after given, or the day after they stop having effect if that is earlier.
for _caution in (D.CONDITIONAL_CAUTION, D.YOUTH_CONDITIONAL_CAUTION):
    for _under_18 in (False, True):
        OTHER_ROWS += [
            (_caution, _under_18, CONVICTED, None, date(2019, 9, 10)),
            (_caution, _under_18, CONVICTED, CONVICTED, date(2019, 6, 11)),
            (_caution, _under_18, CONVICTED, date(2019, 7, 1), date(2019, 7, 2)),
            (_caution, _under_18, CONVICTED, date(2019, 9, 8), date(2019, 9, 9)),
            (_caution, _under_18, CONVICTED, date(2019, 9, 9), date(2019, 9, 10)),
            (_caution, _under_18, CONVICTED, date(2019, 9, 10), date(2019, 9, 10)),
            (_caution, _under_18, CONVICTED, date(2020, 1, 1), date(2019, 9, 10)),
            (_caution, _under_18, date(2019, 11, 30), None, date(2020, 3, 1)),  # no 30 February
            (_caution, _under_18, date(2019, 3, 31), None, date(2019, 7, 1)),  # no 31 June
            (_caution, _under_18, date(2019, 5, 31), None, date(2019, 8, 31)),
            (_caution, _under_18, date(2019, 10, 15), None, date(2020, 1, 15)),
        ]


@pytest.mark.parametrize(("disposal", "under_18", "when", "order_end", "expected"), OTHER_ROWS)
def test_non_custodial_table(disposal, under_18, when, order_end, expected):
    item = conviction("c1", when, disposal, order_end=order_end)
    check_spent_date(item, YOUTH_DOB if under_18 else ADULT_DOB, expected)


def test_tables_cover_every_disposal_in_both_age_bands():
    covered = {(d, u) for d, u, *_ in OTHER_ROWS}
    covered |= {(d, u) for d in CUSTODIAL for u, *_ in CUSTODY_ROWS}
    covered |= {(d, u) for d in EXCLUDED for u in (False, True)}
    assert covered == set(itertools.product(Disposal, (False, True)))


# --- Leap days and month ends. ----------------------------------------------------------------------------------

LEAP = date(2020, 2, 29)


@pytest.mark.parametrize(
    ("disposal", "under_18", "length", "when", "sentence_end", "expected"),
    [
        # Sentence ending on 29 February 2020.
        (D.CUSTODY, False, 6, CONVICTED, LEAP, date(2021, 3, 1)),  # 1 year: no 29 Feb 2021
        (D.CUSTODY, False, 24, CONVICTED, LEAP, date(2024, 2, 29)),  # 4 years: 2024 is a leap year
        (D.CUSTODY, False, 60, CONVICTED, LEAP, date(2027, 3, 1)),  # 7 years
        (D.CUSTODY, True, 6, CONVICTED, LEAP, date(2020, 8, 29)),  # 6 months
        (D.CUSTODY, True, 24, CONVICTED, LEAP, date(2022, 3, 1)),  # 2 years
        (D.CUSTODY, True, 60, CONVICTED, LEAP, date(2023, 8, 29)),  # 42 months
        (D.SUSPENDED_CUSTODY, False, 12, CONVICTED, LEAP, date(2021, 3, 1)),
        (D.SUSPENDED_CUSTODY, True, 12, CONVICTED, LEAP, date(2020, 8, 29)),
        # Month ends.
        (D.CUSTODY, True, 6, CONVICTED, date(2023, 8, 31), date(2024, 3, 1)),  # no 31 Feb 2024
        (D.CUSTODY, True, 6, CONVICTED, date(2022, 8, 31), date(2023, 3, 1)),
        (D.CUSTODY, True, 6, CONVICTED, date(2021, 10, 31), date(2022, 5, 1)),  # no 31 April
        (D.CUSTODY, True, 60, CONVICTED, date(2021, 12, 31), date(2025, 7, 1)),  # no 31 June
        (D.CUSTODY, False, 6, CONVICTED, date(2021, 12, 31), date(2022, 12, 31)),
        (D.CUSTODY, False, 36, CONVICTED, date(2021, 12, 31), date(2025, 12, 31)),
        (D.CUSTODY, False, 36, CONVICTED, date(2019, 6, 30), date(2023, 6, 30)),
        # Fines from a leap day or a month end.
        (D.FINE, False, None, LEAP, None, date(2021, 3, 1)),
        (D.FINE, True, None, LEAP, None, date(2020, 8, 29)),
        (D.FINE, True, None, date(2019, 8, 31), None, date(2020, 3, 1)),  # no 31 Feb 2020
        (D.FINE, True, None, date(2020, 12, 31), None, date(2021, 7, 1)),  # no 31 June
        (D.FINE, False, None, date(2020, 12, 31), None, date(2021, 12, 31)),
        (D.FINE, False, None, date(2023, 2, 28), None, date(2024, 2, 28)),
    ],
)
def test_leap_days_and_month_ends(disposal, under_18, length, when, sentence_end, expected):
    item = conviction("c1", when, disposal, length_months=length, sentence_end=sentence_end)
    check_spent_date(item, YOUTH_DOB if under_18 else ADULT_DOB, expected)


# --- Age band: under 18 on the date of conviction. ------------------------------------------------------------

TURNS_18 = date(2002, 6, 10)  # date of birth; 18th birthday 10 June 2020
BORN_LEAP = date(2004, 2, 29)  # 18th birthday falls on 1 March 2022


@pytest.mark.parametrize(
    ("dob", "when", "disposal", "length", "sentence_end", "expected"),
    [
        (TURNS_18, date(2020, 6, 9), D.FINE, None, None, date(2020, 12, 9)),  # the day before: 6 months
        (TURNS_18, date(2020, 6, 10), D.FINE, None, None, date(2021, 6, 10)),  # on the birthday: 1 year
        (TURNS_18, date(2020, 6, 9), D.CUSTODY, 6, date(2020, 12, 31), date(2021, 7, 1)),
        (TURNS_18, date(2020, 6, 10), D.CUSTODY, 6, date(2020, 12, 31), date(2021, 12, 31)),
        (TURNS_18, date(2020, 6, 9), D.CUSTODY, 30, date(2022, 12, 8), date(2024, 12, 8)),
        (TURNS_18, date(2020, 6, 10), D.CUSTODY, 30, date(2022, 12, 8), date(2026, 12, 8)),
        (TURNS_18, date(2020, 6, 9), D.CUSTODY, 60, date(2025, 6, 8), date(2028, 12, 8)),
        (TURNS_18, date(2020, 6, 10), D.CUSTODY, 60, date(2025, 6, 8), date(2032, 6, 8)),
        # The age that counts is at conviction, not when the sentence ends.
        (TURNS_18, date(2020, 1, 15), D.CUSTODY, 18, date(2021, 7, 14), date(2023, 7, 14)),
        # Born 29 February: 17 on 28 February 2022, 18 on 1 March 2022.
        (BORN_LEAP, date(2022, 2, 28), D.FINE, None, None, date(2022, 8, 28)),
        (BORN_LEAP, date(2022, 3, 1), D.FINE, None, None, date(2023, 3, 1)),
        (BORN_LEAP, date(2022, 2, 28), D.SUSPENDED_CUSTODY, 12, date(2023, 2, 27), date(2023, 8, 27)),
        (BORN_LEAP, date(2022, 3, 1), D.SUSPENDED_CUSTODY, 12, date(2023, 2, 28), date(2024, 2, 28)),
    ],
)
def test_age_band_boundary(dob, when, disposal, length, sentence_end, expected):
    item = conviction("c1", when, disposal, length_months=length, sentence_end=sentence_end)
    check_spent_date(item, dob, expected)


# --- Further convictions. ---------------------------------------------------------------------------------------

A_FINE = conviction("A", date(2020, 1, 10), D.FINE)  # own spent date 10 January 2021
A_CUSTODY = conviction(  # 18 months, own spent date 9 July 2024
    "A", date(2019, 1, 10), D.CUSTODY, length_months=18, sentence_end=date(2020, 7, 9)
)


def fine(ident: str, when: date, **kwargs) -> Conviction:
    return conviction(ident, when, D.FINE, **kwargs)


FURTHER_ROWS = {
    "later conviction extends the earlier": (
        [A_FINE, fine("B", date(2020, 6, 1))],
        {"A": date(2021, 6, 1), "B": date(2021, 6, 1)},
    ),
    "shorter later period is extended to the earlier one": (
        [A_CUSTODY, fine("B", date(2021, 3, 1))],
        {"A": date(2024, 7, 9), "B": date(2024, 7, 9)},
    ),
    "conviction on the last day of the period": (
        [A_FINE, fine("B", date(2021, 1, 9))],
        {"A": date(2022, 1, 9), "B": date(2022, 1, 9)},
    ),
    "conviction on the day A is spent does not extend": (
        [A_FINE, fine("B", date(2021, 1, 10))],
        {"A": date(2021, 1, 10), "B": date(2022, 1, 10)},
    ),
    "conviction long after A is spent does not extend": (
        [A_FINE, conviction("B", date(2021, 2, 1), D.CUSTODY, length_months=60, sentence_end=date(2026, 1, 31))],
        {"A": date(2021, 1, 10), "B": date(2033, 1, 31)},
    ),
    "same-day convictions end together": (
        [A_FINE, conviction("B", date(2020, 1, 10), D.COMMUNITY_ORDER, order_end=date(2021, 12, 31))],
        {"A": date(2022, 1, 1), "B": date(2022, 1, 1)},
    ),
    "summary-only later conviction does not extend": (
        [A_FINE, fine("B", date(2020, 6, 1), summary_only=True)],
        {"A": date(2021, 1, 10), "B": date(2021, 6, 1)},
    ),
    "summary-only later conviction is not extended either": (
        [A_CUSTODY, fine("B", date(2021, 3, 1), summary_only=True)],
        {"A": date(2024, 7, 9), "B": date(2022, 3, 1)},
    ),
    "summary-only earlier conviction is extended by a later one": (
        [fine("A", date(2020, 1, 10), summary_only=True), fine("B", date(2020, 6, 1))],
        {"A": date(2021, 6, 1), "B": date(2021, 6, 1)},
    ),
    "chain of three": (  # C is after A's own period, but within it once B has extended it
        [A_FINE, fine("B", date(2020, 10, 1)), fine("C", date(2021, 8, 1))],
        {"A": date(2022, 8, 1), "B": date(2022, 8, 1), "C": date(2022, 8, 1)},
    ),
    "chain of three listed backwards": (
        [fine("C", date(2021, 8, 1)), fine("B", date(2020, 10, 1)), A_FINE],
        {"A": date(2022, 8, 1), "B": date(2022, 8, 1), "C": date(2022, 8, 1)},
    ),
    "later life sentence makes the earlier never spent": (
        [A_FINE, conviction("B", date(2020, 6, 1), D.LIFE)],
        {"A": NEVER, "B": NEVER},
    ),
    "later IPP makes the earlier never spent": (
        [A_CUSTODY, conviction("B", date(2023, 1, 1), D.IPP)],
        {"A": NEVER, "B": NEVER},
    ),
    "later extended sentence makes the earlier never spent": (
        [A_FINE, conviction("B", date(2021, 1, 9), D.EXTENDED, length_months=96)],
        {"A": NEVER, "B": NEVER},
    ),
    "later schedule 18 sentence over 4 years makes the earlier never spent": (
        [A_FINE, conviction("B", date(2020, 6, 1), D.CUSTODY, length_months=49, schedule_18=True)],
        {"A": NEVER, "B": NEVER},
    ),
    "later schedule 18 sentence of exactly 4 years only extends": (
        [
            A_FINE,
            conviction(
                "B", date(2020, 6, 1), D.CUSTODY, length_months=48, schedule_18=True, sentence_end=date(2024, 5, 31)
            ),
        ],
        {"A": date(2028, 5, 31), "B": date(2028, 5, 31)},
    ),
    "later sentence over 4 years outside schedule 18 only extends": (
        [A_FINE, conviction("B", date(2020, 6, 1), D.CUSTODY, length_months=60, sentence_end=date(2025, 5, 31))],
        {"A": date(2032, 5, 31), "B": date(2032, 5, 31)},
    ),
    "later life sentence after A is spent does not affect A": (
        [A_FINE, conviction("B", date(2021, 1, 10), D.LIFE)],
        {"A": date(2021, 1, 10), "B": NEVER},
    ),
    "a summary-only conviction made never spent does not reach back to A": (
        # B is summary-only, so s.6(6) disregards it for A: A's period is not extended. C (life) comes during
        # B's period but after A's own period ended, so s.1(1)(b) stops B, not A, from becoming spent.
        [
            A_FINE,
            conviction("B", date(2020, 6, 1), D.COMMUNITY_ORDER, order_end=date(2023, 5, 31), summary_only=True),
            conviction("C", date(2022, 1, 1), D.LIFE),
        ],
        {"A": date(2021, 1, 10), "B": NEVER, "C": NEVER},
    ),
    "cautions during a period neither extend nor are extended": (
        [
            A_FINE,
            conviction("B", date(2020, 6, 1), D.CONDITIONAL_CAUTION),
            conviction("C", date(2020, 3, 1), D.SIMPLE_CAUTION),
            conviction("E", date(2020, 7, 1), D.YOUTH_CONDITIONAL_CAUTION, order_end=date(2020, 8, 14)),
        ],
        {"A": date(2021, 1, 10), "B": date(2020, 9, 1), "C": date(2020, 3, 1), "E": date(2020, 8, 15)},
    ),
    "conviction during a conditional caution's 3 months changes nothing": (
        [conviction("A", date(2020, 1, 10), D.CONDITIONAL_CAUTION), fine("B", date(2020, 2, 1))],
        {"A": date(2020, 4, 10), "B": date(2021, 2, 1)},
    ),
    "unknown later spent date makes both unknown": (
        [A_FINE, conviction("B", date(2020, 6, 1), D.CUSTODY, length_months=18)],
        {"A": None, "B": None},
    ),
    "an earlier period with no known end is still running": (
        [conviction("A", date(2019, 1, 10), D.CUSTODY, length_months=18), fine("B", date(2023, 3, 1))],
        {"A": None, "B": None},
    ),
    "an order with no end date is still running": (
        [conviction("A", date(2019, 1, 10), D.COMMUNITY_ORDER), fine("B", date(2023, 3, 1))],
        {"A": None, "B": None},
    ),
    "unknown end date runs on down the chain": (
        [A_FINE, conviction("B", date(2020, 6, 1), D.CUSTODY, length_months=18), fine("C", date(2024, 1, 1))],
        {"A": None, "B": None, "C": None},
    ),
    "summary-only conviction during an unknown period keeps its own date": (
        [
            conviction("A", date(2019, 1, 10), D.CUSTODY, length_months=18),
            fine("B", date(2023, 3, 1), summary_only=True),
        ],
        {"A": None, "B": date(2024, 3, 1)},
    ),
    "unpaid compensation order leaves both unknown": (
        [A_FINE, conviction("B", date(2020, 6, 1), D.COMPENSATION_ORDER)],
        {"A": None, "B": None},
    ),
    "absolute discharge has no period for a later conviction to fall in": (
        [conviction("A", date(2020, 1, 10), D.ABSOLUTE_DISCHARGE), fine("B", date(2020, 1, 11))],
        {"A": date(2020, 1, 10), "B": date(2021, 1, 11)},
    ),
    "absolute discharge during another period is extended with it": (
        [A_FINE, conviction("B", date(2020, 6, 1), D.ABSOLUTE_DISCHARGE)],
        {"A": date(2021, 1, 10), "B": date(2021, 1, 10)},
    ),
}


@pytest.mark.parametrize(("items", "expected"), list(FURTHER_ROWS.values()), ids=list(FURTHER_ROWS))
def test_further_convictions(items, expected):
    results = run(items)
    for ident, want in expected.items():
        result = results[ident]
        if want == NEVER:
            assert (result.spent_on, result.never_spent, result.spent) == (None, True, False), ident
            assert result.on_standard_enhanced_check is True
        else:
            assert (result.spent_on, result.never_spent) == (want, False), ident
            assert result.spent == (want is not None and want <= AS_OF), ident
        assert result.on_basic_check == (not result.spent)
        check_explanation(result)
    # The law does not depend on the order in which the record lists the items.
    for reordered in (list(reversed(items)), items[1:] + items[:1]):
        assert outcomes(run(reordered)) == outcomes(results)


def test_extension_explains_itself():
    results = run([A_FINE, fine("B", date(2020, 6, 1))])
    assert "s.6" in results["A"].explanation


def test_conviction_during_a_period_made_never_spent_does_not_depend_on_order():
    a = conviction("A", date(2020, 1, 1), D.CUSTODY, length_months=18, sentence_end=date(2021, 6, 30))
    b = conviction("B", date(2020, 3, 1), D.LIFE)  # during A's period: A is never spent
    d = fine("D", date(2020, 6, 1))  # during A's period (own spent date 1 June 2021, A's 30 June 2025)
    answers = {}
    for order in ([a, b, d], [a, d, b], [d, a, b], [b, a, d]):
        result = run(order)["D"]
        answers[tuple(item.id for item in order)] = (result.spent_on, result.never_spent)
    # D came during A's period and its own period ends first, so s.6(4) extends it: to the end of A's period
    # (30 June 2025), or, counting A's now-endless period as not known, to no date at all. Never its own date.
    assert len(set(answers.values())) == 1, answers
    for spent_on, _never in answers.values():
        assert spent_on in (date(2025, 6, 30), None)


def test_adding_a_life_sentence_never_brings_a_spent_date_forward():
    a = conviction("A", date(2020, 1, 1), D.CUSTODY, length_months=18, sentence_end=date(2021, 6, 30))
    b = conviction("B", date(2020, 3, 1), D.LIFE)
    d = fine("D", date(2020, 6, 1))
    without = run([a, d])["D"]
    assert without.spent_on == date(2025, 6, 30)  # extended to the end of A's period
    with_b = run([a, b, d])["D"]
    assert with_b.never_spent or with_b.spent_on is None or with_b.spent_on >= date(2025, 6, 30)


def test_life_sentence_added_last_keeps_an_extension_to_an_unknown_end():
    c0 = conviction("c0", date(2010, 2, 1), D.COMMUNITY_ORDER)  # no end date: still running
    c1 = conviction("c1", date(2010, 1, 1), D.COMMUNITY_ORDER)  # no end date: still running
    c2 = conviction("c2", date(2010, 1, 2), D.COMMUNITY_ORDER, order_end=date(2010, 1, 2))  # own: 3 January 2010
    life = conviction("life", date(2010, 2, 1), D.LIFE)  # during c0's and c1's periods
    without = run([c0, c1, c2])
    assert [without[k].spent_on for k in ("c0", "c1", "c2")] == [None, None, None]  # c2 fell within c1's period
    with_life = run([c0, c1, c2, life])
    assert with_life["c0"].never_spent and with_life["c1"].never_spent
    # c2 was convicted during c1's period, whose end is unknown (now: never): c2 cannot become spent on 3 January.
    assert with_life["c2"].spent_on is None


# --- DBS: basic and standard/enhanced checks. -------------------------------------------------------------------

# (items, date of birth, as_of, {id: (spent, on_basic_check, on_standard_enhanced_check)})
ADULT_FINE_2015 = fine("c1", date(2015, 3, 10))  # spent 10 March 2016; 11 years on 10 March 2026
YOUTH_FINE_2019 = fine("c1", CONVICTED)  # under 18: spent 10 December 2019; 5.5 years on 10 December 2024
# Convicted during the fine's period (before 10 January 2016), so the fine is extended to 31 December 2027.
LONG_CUSTODY = conviction("B", date(2015, 12, 1), D.CUSTODY, length_months=60, sentence_end=date(2020, 12, 31))
# fmt: off
DBS_ROWS = {
    # Adult conviction: filtered once spent and 11 years have passed.
    "adult 11 years less a day": ([ADULT_FINE_2015], ADULT_DOB, date(2026, 3, 9), {"c1": (True, False, True)}),
    "adult 11 years": ([ADULT_FINE_2015], ADULT_DOB, date(2026, 3, 10), {"c1": (True, False, False)}),
    "adult spent but recent": ([fine("c1", date(2020, 1, 10))], ADULT_DOB, AS_OF, {"c1": (True, False, True)}),
    "adult specified offence": (
        [fine("c1", date(2015, 3, 10), specified_offence=True)], ADULT_DOB, date(2040, 1, 1),
        {"c1": (True, False, True)},
    ),
    "adult 11 years from a leap day, day before": (
        [fine("c1", LEAP)], ADULT_DOB, date(2031, 2, 28), {"c1": (True, False, True)},
    ),
    "adult 11 years from a leap day": ([fine("c1", LEAP)], ADULT_DOB, date(2031, 3, 1), {"c1": (True, False, False)}),
    # Under 18 at conviction: 5.5 years.
    "youth 5.5 years less a day": ([YOUTH_FINE_2019], YOUTH_DOB, date(2024, 12, 9), {"c1": (True, False, True)}),
    "youth 5.5 years": ([YOUTH_FINE_2019], YOUTH_DOB, date(2024, 12, 10), {"c1": (True, False, False)}),
    "youth 5.5 years from 31 August, day before": (
        [fine("c1", date(2019, 8, 31))], YOUTH_DOB, date(2025, 2, 28), {"c1": (True, False, True)},
    ),
    "youth 5.5 years from 31 August": (
        [fine("c1", date(2019, 8, 31))], YOUTH_DOB, date(2025, 3, 1), {"c1": (True, False, False)},
    ),
    "youth specified offence": (
        [fine("c1", CONVICTED, specified_offence=True)], YOUTH_DOB, date(2040, 1, 1), {"c1": (True, False, True)},
    ),
    "youth conditional discharge": (
        [conviction("c1", CONVICTED, D.CONDITIONAL_DISCHARGE, order_end=date(2020, 6, 9))], YOUTH_DOB,
        date(2024, 12, 10), {"c1": (True, False, False)},
    ),
    "convicted the day before turning 18: 5.5 years": (
        [fine("c1", date(2020, 6, 9))], TURNS_18, date(2025, 12, 9), {"c1": (True, False, False)},
    ),
    "convicted on the 18th birthday: 11 years": (
        [fine("c1", date(2020, 6, 10))], TURNS_18, date(2025, 12, 9), {"c1": (True, False, True)},
    ),
    "convicted on the 18th birthday: filtered at 11 years": (
        [fine("c1", date(2020, 6, 10))], TURNS_18, date(2031, 6, 10), {"c1": (True, False, False)},
    ),
    # Custodial sentences are never filtered, however old and however short.
    "adult custody": (
        [conviction("c1", date(2005, 1, 10), D.CUSTODY, length_months=6, sentence_end=date(2005, 7, 9))],
        ADULT_DOB, AS_OF, {"c1": (True, False, True)},
    ),
    "adult suspended sentence": (
        [conviction("c1", date(2005, 1, 10), D.SUSPENDED_CUSTODY, length_months=6, sentence_end=date(2006, 1, 9))],
        ADULT_DOB, AS_OF, {"c1": (True, False, True)},
    ),
    "youth custody": (
        [conviction("c1", date(2006, 1, 10), D.CUSTODY, length_months=4, sentence_end=date(2006, 5, 9))],
        date(1990, 1, 1), AS_OF, {"c1": (True, False, True)},
    ),
    "youth suspended sentence": (
        [conviction("c1", date(2006, 1, 10), D.SUSPENDED_CUSTODY, length_months=4, sentence_end=date(2006, 5, 9))],
        date(1990, 1, 1), AS_OF, {"c1": (True, False, True)},
    ),
    # Unspent convictions are shown however old.
    "unspent past 11 years, extended by a later sentence": (
        [fine("A", date(2015, 1, 10)), LONG_CUSTODY], ADULT_DOB, AS_OF,
        {"A": (False, True, True), "B": (False, True, True)},
    ),
    "extended conviction the day before it is spent": (
        [fine("A", date(2015, 1, 10)), LONG_CUSTODY], ADULT_DOB, date(2027, 12, 30),
        {"A": (False, True, True), "B": (False, True, True)},
    ),
    "extended conviction filtered the day it is spent": (
        [fine("A", date(2015, 1, 10)), LONG_CUSTODY], ADULT_DOB, date(2027, 12, 31),
        {"A": (True, False, False), "B": (True, False, True)},
    ),
    "community order still running after 12 years": (
        [conviction("c1", date(2014, 1, 10), D.COMMUNITY_ORDER, order_end=date(2026, 12, 31))], ADULT_DOB, AS_OF,
        {"c1": (False, True, True)},
    ),
    "never spent is always shown": (
        [fine("A", date(2000, 1, 10)), conviction("B", date(2000, 6, 1), D.LIFE)], ADULT_DOB, AS_OF,
        {"A": (False, True, True), "B": (False, True, True)},
    ),
    # Adult cautions: filtered 6 years after given unless for a specified offence.
    "simple caution 6 years less a day": (
        [conviction("c1", date(2020, 5, 15), D.SIMPLE_CAUTION)], ADULT_DOB, date(2026, 5, 14),
        {"c1": (True, False, True)},
    ),
    "simple caution 6 years": (
        [conviction("c1", date(2020, 5, 15), D.SIMPLE_CAUTION)], ADULT_DOB, date(2026, 5, 15),
        {"c1": (True, False, False)},
    ),
    "simple caution on the day given": (
        [conviction("c1", date(2020, 5, 15), D.SIMPLE_CAUTION)], ADULT_DOB, date(2020, 5, 15),
        {"c1": (True, False, True)},
    ),
    "simple caution from a leap day, day before": (
        [conviction("c1", LEAP, D.SIMPLE_CAUTION)], ADULT_DOB, date(2026, 2, 28), {"c1": (True, False, True)},
    ),
    "simple caution from a leap day": (
        [conviction("c1", LEAP, D.SIMPLE_CAUTION)], ADULT_DOB, date(2026, 3, 1), {"c1": (True, False, False)},
    ),
    "simple caution for a specified offence": (
        [conviction("c1", date(2020, 5, 15), D.SIMPLE_CAUTION, specified_offence=True)], ADULT_DOB,
        date(2040, 1, 1), {"c1": (True, False, True)},
    ),
    "conditional caution unspent": (
        [conviction("c1", date(2020, 5, 15), D.CONDITIONAL_CAUTION)], ADULT_DOB, date(2020, 8, 14),
        {"c1": (False, True, True)},
    ),
    "conditional caution spent": (
        [conviction("c1", date(2020, 5, 15), D.CONDITIONAL_CAUTION)], ADULT_DOB, date(2020, 8, 15),
        {"c1": (True, False, True)},
    ),
    "conditional caution 6 years less a day": (
        [conviction("c1", date(2020, 5, 15), D.CONDITIONAL_CAUTION)], ADULT_DOB, date(2026, 5, 14),
        {"c1": (True, False, True)},
    ),
    "conditional caution 6 years": (
        [conviction("c1", date(2020, 5, 15), D.CONDITIONAL_CAUTION)], ADULT_DOB, date(2026, 5, 15),
        {"c1": (True, False, False)},
    ),
    "conditional caution for a specified offence": (
        [conviction("c1", date(2020, 5, 15), D.CONDITIONAL_CAUTION, specified_offence=True)], ADULT_DOB,
        date(2040, 1, 1), {"c1": (True, False, True)},
    ),
    # Youth cautions are never shown; youth conditional cautions only while unspent.
    "youth caution on the day given": (
        [conviction("c1", date(2020, 5, 15), D.YOUTH_CAUTION)], YOUTH_DOB, date(2020, 5, 15),
        {"c1": (True, False, False)},
    ),
    "youth caution for a specified offence": (
        [conviction("c1", date(2020, 5, 15), D.YOUTH_CAUTION, specified_offence=True)], YOUTH_DOB,
        date(2020, 5, 15), {"c1": (True, False, False)},
    ),
    "youth conditional caution unspent": (
        [conviction("c1", date(2024, 1, 15), D.YOUTH_CONDITIONAL_CAUTION)], YOUTH_DOB, date(2024, 4, 14),
        {"c1": (False, True, True)},
    ),
    "youth conditional caution spent": (
        [conviction("c1", date(2024, 1, 15), D.YOUTH_CONDITIONAL_CAUTION)], YOUTH_DOB, date(2024, 4, 15),
        {"c1": (True, False, False)},
    ),
    "youth conditional caution for a specified offence, spent": (
        [conviction("c1", date(2024, 1, 15), D.YOUTH_CONDITIONAL_CAUTION, specified_offence=True)], YOUTH_DOB,
        date(2024, 4, 15), {"c1": (True, False, False)},
    ),
}
# fmt: on


@pytest.mark.parametrize(("items", "dob", "as_of", "expected"), list(DBS_ROWS.values()), ids=list(DBS_ROWS))
def test_dbs_checks(items, dob, as_of, expected):
    results = run(items, dob=dob, as_of=as_of)
    for ident, (spent, basic, higher) in expected.items():
        result = results[ident]
        assert (result.spent, result.on_basic_check, result.on_standard_enhanced_check) == (spent, basic, higher)
        check_explanation(result)


def test_filtered_conviction_says_so():
    result = run([ADULT_FINE_2015], as_of=date(2026, 3, 10))["c1"]
    assert "filter" in result.explanation


# --- Properties. ------------------------------------------------------------------------------------------------

EARLIEST = date(1990, 1, 1)
LATEST = date(2030, 12, 31)


@st.composite
def convictions(draw, ident: str, dob: date, *, allow_excluded: bool = True) -> Conviction:
    """A realistic record entry: conviction 1990-2030 (aged 10 or more), ends after the conviction date."""
    when = draw(st.dates(min_value=max(EARLIEST, date(dob.year + 10, dob.month, 1)), max_value=LATEST))
    choices = list(Disposal) if allow_excluded else [d for d in Disposal if d not in EXCLUDED]
    disposal = draw(st.sampled_from(choices))
    custodial = disposal in CUSTODIAL or disposal in EXCLUDED
    length = draw(st.integers(min_value=1, max_value=120)) if custodial else None
    schedule_18 = draw(st.booleans())
    if not allow_excluded and length is not None and length > 48:
        schedule_18 = False  # over 4 years for a schedule 18 offence is excluded too
    after = st.integers(min_value=0, max_value=3650).map(lambda days: when + timedelta(days=days))
    return Conviction(
        id=ident,
        date=when,
        disposal=disposal,
        length_months=length,
        sentence_end=draw(st.none() | after) if custodial else None,
        order_end=draw(st.none() | after),
        schedule_18=schedule_18,
        specified_offence=draw(st.booleans()),
        summary_only=draw(st.booleans()),
    )


births = st.dates(min_value=date(1960, 1, 1), max_value=date(2012, 12, 31))
as_ofs = st.dates(min_value=EARLIEST, max_value=date(2060, 12, 31))


@st.composite
def records(draw, *, max_size: int = 6, allow_excluded: bool = True) -> tuple[date, list[Conviction]]:
    dob = draw(births)
    count = draw(st.integers(min_value=0, max_value=max_size))
    return dob, [draw(convictions(f"c{i}", dob, allow_excluded=allow_excluded)) for i in range(count)]


@st.composite
def records_plus_one(draw, *, allow_excluded: bool = True) -> tuple[date, list[Conviction], Conviction]:
    dob, items = draw(records(max_size=5, allow_excluded=allow_excluded))
    return dob, items, draw(convictions("extra", dob, allow_excluded=allow_excluded))


@st.composite
def records_reordered(draw, *, allow_excluded: bool = True) -> tuple[date, list[Conviction], list[Conviction]]:
    dob, items = draw(records(allow_excluded=allow_excluded))
    return dob, items, draw(st.permutations(items))


def lateness(result: DisclosureResult) -> tuple[int, date]:
    """Orders results by how late they become spent: a date, then unknown, then never (both count as "latest")."""
    if result.never_spent:
        return (2, date.max)
    if result.spent_on is None:
        return (1, date.max)
    return (0, result.spent_on)


@given(record=records(), first=as_ofs, second=as_ofs)
def test_time_never_unspends(record, first, second):
    dob, items = record
    earlier, later = sorted((first, second))
    before = run(items, dob=dob, as_of=earlier)
    after = run(items, dob=dob, as_of=later)
    for ident, result in before.items():
        assert after[ident].spent_on == result.spent_on
        assert after[ident].never_spent == result.never_spent
        if result.spent:
            assert after[ident].spent


def check_no_earlier_after_adding(record: tuple[date, list[Conviction], Conviction], as_of: date) -> None:
    dob, items, extra = record
    before = run(items, dob=dob, as_of=as_of)
    after = run([*items, extra], dob=dob, as_of=as_of)
    for ident, result in before.items():
        assert lateness(after[ident]) >= lateness(result), ident
        if result.never_spent:
            assert after[ident].never_spent, ident


# Found by hypothesis: the record of test_life_sentence_added_last_keeps_an_extension_to_an_unknown_end.
UNKNOWN_END_THEN_LIFE = (
    ADULT_DOB,
    [
        conviction("c0", date(2010, 2, 1), D.COMMUNITY_ORDER),
        conviction("c1", date(2010, 1, 1), D.COMMUNITY_ORDER),
        conviction("c2", date(2010, 1, 2), D.COMMUNITY_ORDER, order_end=date(2010, 1, 2)),
    ],
    conviction("extra", date(2010, 2, 1), D.LIFE),
)


@example(record=UNKNOWN_END_THEN_LIFE, as_of=AS_OF)
@given(record=records_plus_one(), as_of=as_ofs)
def test_a_further_conviction_never_brings_a_spent_date_forward(record, as_of):
    check_no_earlier_after_adding(record, as_of)


@given(record=records_plus_one(allow_excluded=False), as_of=as_ofs)
def test_a_further_conviction_never_brings_a_spent_date_forward_without_excluded_sentences(record, as_of):
    check_no_earlier_after_adding(record, as_of)


@given(record=records(), as_of=as_ofs)
def test_invariants_of_every_result(record, as_of):
    dob, items = record
    for item, result in zip(items, run(items, dob=dob, as_of=as_of).values(), strict=True):
        assert result.on_basic_check == (not result.spent)
        assert result.spent == (result.spent_on is not None and as_of >= result.spent_on)
        check_explanation(result)
        if result.never_spent:
            assert result.spent_on is None
            assert result.on_standard_enhanced_check
        if result.spent_on is not None:
            assert result.spent_on >= item.date
        if item.disposal in EXCLUDED:
            assert result.never_spent
        if item.disposal == D.YOUTH_CAUTION:
            assert not result.on_standard_enhanced_check
        if item.disposal in CAUTIONS:
            assert not result.never_spent
            assert result.spent_on is not None
        elif not result.on_standard_enhanced_check:
            # A conviction is filtered only when spent, at least 5.5 years old, not specified and not custodial.
            assert result.spent
            assert not item.specified_offence
            assert item.disposal not in CUSTODIAL and item.disposal not in EXCLUDED
            assert (as_of - item.date).days >= 5 * 365 + 180


@given(record=records(), as_of=as_ofs)
def test_cautions_neither_extend_nor_are_extended(record, as_of):
    dob, items = record
    together = run(items, dob=dob, as_of=as_of)
    without_cautions = run([i for i in items if i.disposal not in CAUTIONS], dob=dob, as_of=as_of)
    for item in items:
        if item.disposal in CAUTIONS:
            assert together[item.id] == one(item, dob=dob, as_of=as_of)
        else:
            assert together[item.id] == without_cautions[item.id]


def check_order_does_not_matter(record: tuple[date, list[Conviction], list[Conviction]], as_of: date) -> None:
    dob, items, shuffled = record
    assert outcomes(run(shuffled, dob=dob, as_of=as_of)) == outcomes(run(items, dob=dob, as_of=as_of))


LIFE_WITHIN_A_PERIOD = [
    conviction("A", date(2020, 1, 1), D.CUSTODY, length_months=18, sentence_end=date(2021, 6, 30)),
    conviction("B", date(2020, 3, 1), D.LIFE),
    fine("D", date(2020, 6, 1)),
]


@example(record=(ADULT_DOB, LIFE_WITHIN_A_PERIOD, [LIFE_WITHIN_A_PERIOD[i] for i in (0, 2, 1)]), as_of=AS_OF)
@given(record=records_reordered(), as_of=as_ofs)
def test_order_of_the_record_does_not_matter(record, as_of):
    check_order_does_not_matter(record, as_of)


@given(record=records_reordered(allow_excluded=False), as_of=as_ofs)
def test_order_of_the_record_does_not_matter_without_excluded_sentences(record, as_of):
    check_order_does_not_matter(record, as_of)
