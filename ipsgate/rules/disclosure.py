"""When convictions and cautions become spent, and what each level of DBS check shows.

Pure Python, no Django. The law for England and Wales as it stands (checked November 2026):

- Rehabilitation of Offenders Act 1974 (ROA), s.5 as substituted by LASPO 2012 s.139 and amended by the
  Police, Crime, Sentencing and Courts Act 2022 (PCSC) s.193, in force 28 October 2023 and applying to
  convictions before that date too. https://www.legislation.gov.uk/ukpga/1974/53/section/5
  https://www.gov.uk/guidance/rehabilitation-periods
- ROA s.1(1)(b) and s.6(4)-(6): further convictions. https://www.legislation.gov.uk/ukpga/1974/53/section/6
- ROA Schedule 2 para 1: cautions. https://www.legislation.gov.uk/ukpga/1974/53/schedule/2/paragraph/1
- Police Act 1997 s.113A(6) and the DBS filtering guide as it stands since 28 November 2020.
  https://www.gov.uk/government/publications/dbs-filtering-guidance/dbs-filtering-guide

Date convention (ROA s.5(2)): a rehabilitation period of N years or months "beginning with" day D ends
on the day before the corresponding date, so the item is spent ON that date (`calendar.add_months`).
For custody D is the last day of the sentence including licence; for a fine, the date of conviction. An
order whose period ends when the order ends is spent on the day after its last day.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .calendar import add_months, age_on

Day = date  # the Conviction field called `date` hides the type inside that class


class Disposal(enum.StrEnum):
    CUSTODY = "custody"
    SUSPENDED_CUSTODY = "suspended_custody"
    LIFE = "life"
    IPP = "ipp"
    EXTENDED = "extended"
    COMMUNITY_ORDER = "community_order"
    YOUTH_REHABILITATION_ORDER = "youth_rehabilitation_order"
    REFERRAL_ORDER = "referral_order"
    FINE = "fine"
    CONDITIONAL_DISCHARGE = "conditional_discharge"
    ABSOLUTE_DISCHARGE = "absolute_discharge"
    COMPENSATION_ORDER = "compensation_order"
    BIND_OVER = "bind_over"
    SIMPLE_CAUTION = "simple_caution"
    CONDITIONAL_CAUTION = "conditional_caution"
    YOUTH_CAUTION = "youth_caution"
    YOUTH_CONDITIONAL_CAUTION = "youth_conditional_caution"


CUSTODIAL = frozenset({Disposal.CUSTODY, Disposal.SUSPENDED_CUSTODY})
# Sentences excluded from rehabilitation whatever their length: ROA s.5(1)(a), (c)-(f).
ALWAYS_EXCLUDED = frozenset({Disposal.LIFE, Disposal.IPP, Disposal.EXTENDED})
CAUTIONS = frozenset(
    {
        Disposal.SIMPLE_CAUTION,
        Disposal.CONDITIONAL_CAUTION,
        Disposal.YOUTH_CAUTION,
        Disposal.YOUTH_CONDITIONAL_CAUTION,
    }
)
ADULT_CAUTIONS = frozenset({Disposal.SIMPLE_CAUTION, Disposal.CONDITIONAL_CAUTION})
CONDITIONAL_CAUTIONS = frozenset({Disposal.CONDITIONAL_CAUTION, Disposal.YOUTH_CONDITIONAL_CAUTION})
# Orders spent the day after their last day: ROA s.5(2) Table (community or youth rehabilitation order,
# as changed by PCSC 2022; "relevant orders": referral order, conditional discharge, bind over) and the
# compensation order (spent once paid in full).
ORDERS_ENDING_WITH_ORDER = frozenset(
    {
        Disposal.COMMUNITY_ORDER,
        Disposal.YOUTH_REHABILITATION_ORDER,
        Disposal.REFERRAL_ORDER,
        Disposal.CONDITIONAL_DISCHARGE,
        Disposal.BIND_OVER,
        Disposal.COMPENSATION_ORDER,
    }
)
NEEDS_LENGTH = CUSTODIAL
NEEDS_SENTENCE_END = CUSTODIAL

FOUR_YEARS_IN_MONTHS = 48
ADULT_CONVICTION_FILTER_MONTHS = 11 * 12
YOUTH_CONVICTION_FILTER_MONTHS = 66  # 5.5 years
ADULT_CAUTION_FILTER_MONTHS = 6 * 12
CONDITIONAL_CAUTION_MONTHS = 3


@dataclass(frozen=True)
class Conviction:
    """One conviction or caution, as recorded by the specialist."""

    id: str
    date: Day  # date of conviction, or the date the caution was given
    disposal: Disposal
    length_months: int | None = None  # custodial and suspended sentences
    sentence_end: Day | None = None  # last day including licence (suspended: end of the suspended term)
    order_end: Day | None = None  # last day an order has effect; compensation order: date paid in full
    schedule_18: bool = False  # offence in Schedule 18 to the Sentencing Code
    specified_offence: bool = False  # on the DBS list of offences that are never filtered
    summary_only: bool = False  # triable only in a magistrates' court


@dataclass(frozen=True)
class DisclosureResult:
    id: str
    spent_on: date | None  # None: never spent, or the date is not known yet
    never_spent: bool
    spent: bool
    on_basic_check: bool
    on_standard_enhanced_check: bool
    explanation: str

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "spent_on": self.spent_on.isoformat() if self.spent_on else None,
            "never_spent": self.never_spent,
            "spent": self.spent,
            "on_basic_check": self.on_basic_check,
            "on_standard_enhanced_check": self.on_standard_enhanced_check,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class _Period:
    """A conviction's own rehabilitation period before further convictions are considered."""

    spent_on: date | None
    never_spent: bool
    reason: str


def _months_text(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years != 1 else ''}"
    if months > 12:
        return f"{months / 12:g} years"
    return f"{months} month{'s' if months != 1 else ''}"


def _when(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def own_period(item: Conviction, *, under_18: bool) -> _Period:
    """The rehabilitation period of one item on its own (ROA s.5, Schedule 2)."""
    who = "under 18" if under_18 else "18 or over"
    d = item.disposal
    if d in ALWAYS_EXCLUDED:
        name = {Disposal.LIFE: "A life sentence", Disposal.IPP: "An IPP or DPP sentence",
                Disposal.EXTENDED: "An extended sentence"}[d]  # fmt: skip
        return _Period(None, True, f"{name} is excluded from rehabilitation and is never spent (ROA s.5(1)).")
    if d in CUSTODIAL:
        length = item.length_months or 0
        kind = "suspended sentence" if d == Disposal.SUSPENDED_CUSTODY else "custodial sentence"
        treated = " (a suspended sentence counts as custody of the same length)" if kind.startswith("susp") else ""
        if length > FOUR_YEARS_IN_MONTHS and item.schedule_18:
            return _Period(
                None,
                True,
                f"A {kind} of more than 4 years for an offence in Schedule 18 to the Sentencing Code (serious "
                f"violent, sexual or terrorism offences) is excluded from rehabilitation and is never spent "
                f"(ROA s.5(1)(b)){treated}.",
            )
        if length > FOUR_YEARS_IN_MONTHS:
            months, band = (42, "more than 4 years") if under_18 else (84, "more than 4 years")
        elif length > 12:
            months, band = (
                (24, "more than 1 year and up to 4 years") if under_18 else (48, "more than 1 year and up to 4 years")
            )
        else:
            months, band = (6, "1 year or less") if under_18 else (12, "1 year or less")
        if item.sentence_end is None:
            return _Period(
                None,
                False,
                f"A {kind} of {band}, for someone {who} when convicted, is spent {_months_text(months)} after the "
                f"sentence ends, including any time on licence (ROA s.5(2) Table){treated}. Enter the date the "
                "sentence ends to work out the date.",
            )
        spent_on = add_months(item.sentence_end, months)
        return _Period(
            spent_on,
            False,
            f"A {kind} of {band}, for someone {who} when convicted, is spent {_months_text(months)} after the "
            f"sentence ends, including any time on licence (ROA s.5(2) Table){treated}. The sentence's last day is "
            f"{_when(item.sentence_end)}, so it is spent on {_when(spent_on)}.",
        )
    if d == Disposal.FINE:
        months = 6 if under_18 else 12
        spent_on = add_months(item.date, months)
        return _Period(
            spent_on,
            False,
            f"A fine, for someone {who} when convicted, is spent {_months_text(months)} after the date of "
            f"conviction (ROA s.5(2) Table), so on {_when(spent_on)}.",
        )
    if d == Disposal.ABSOLUTE_DISCHARGE:
        return _Period(
            item.date,
            False,
            "An absolute discharge has no rehabilitation period: it is spent straight away (ROA s.5(4)).",
        )
    if d in (Disposal.SIMPLE_CAUTION, Disposal.YOUTH_CAUTION):
        name = "A youth caution" if d == Disposal.YOUTH_CAUTION else "A simple caution"
        return _Period(item.date, False, f"{name} is spent as soon as it is given (ROA Schedule 2 para 1(1)(b)).")
    if d in CONDITIONAL_CAUTIONS:
        three_months = add_months(item.date, CONDITIONAL_CAUTION_MONTHS)
        name = "A youth conditional caution" if d == Disposal.YOUTH_CONDITIONAL_CAUTION else "A conditional caution"
        if item.order_end is not None and item.order_end + timedelta(days=1) < three_months:
            ended = item.order_end + timedelta(days=1)
            return _Period(
                ended,
                False,
                f"{name} is spent 3 months after it is given, or earlier when it stops having effect (ROA "
                f"Schedule 2 para 1(1)(a)). It stopped having effect on {_when(item.order_end)}, so it is spent on "
                f"{_when(ended)}.",
            )
        return _Period(
            three_months,
            False,
            f"{name} is spent 3 months after it is given (ROA Schedule 2 para 1(1)(a)), so on {_when(three_months)}.",
        )
    # Orders whose rehabilitation period ends with the order.
    names = {
        Disposal.COMMUNITY_ORDER: "A community order",
        Disposal.YOUTH_REHABILITATION_ORDER: "A youth rehabilitation order",
        Disposal.REFERRAL_ORDER: "A referral order",
        Disposal.CONDITIONAL_DISCHARGE: "A conditional discharge",
        Disposal.BIND_OVER: "A bind over",
        Disposal.COMPENSATION_ORDER: "A compensation order",
    }
    name = names[d]
    if d == Disposal.COMPENSATION_ORDER:
        rule = "is spent once it has been paid in full (ROA s.5(2) Table)"
        if item.order_end is None:
            return _Period(None, False, f"{name} {rule}. It is not recorded as paid yet.")
        spent_on = item.order_end + timedelta(days=1)
        return _Period(
            spent_on,
            False,
            f"{name} {rule}. It was paid on {_when(item.order_end)}, so it is spent on {_when(spent_on)}.",
        )
    if d in (Disposal.COMMUNITY_ORDER, Disposal.YOUTH_REHABILITATION_ORDER):
        rule = "is spent when the order ends (ROA s.5(2) Table; since 28 October 2023 there is no extra period)"
    else:
        rule = "is spent when the order ends (ROA s.5(2) Table)"
    if item.order_end is None:
        return _Period(
            None,
            False,
            f"{name} {rule}. Enter the order's last day to work out the date. (If the court set no end date, the "
            "period is 24 months from conviction: ROA s.5(3).)",
        )
    spent_on = item.order_end + timedelta(days=1)
    return _Period(
        spent_on,
        False,
        f"{name} {rule}. Its last day is {_when(item.order_end)}, so it is spent on {_when(spent_on)}.",
    )


def _later(a: date | None, b: date | None) -> date | None:
    """The later of two spent dates, where None means "not known yet" and so counts as later."""
    if a is None or b is None:
        return None
    return max(a, b)


def _during(period: _Period, earlier: Conviction, later: Conviction) -> bool:
    """Was `later` a further conviction during `earlier`'s rehabilitation period (which begins on the day
    of conviction)? A period whose end is not known yet is still running."""
    if later.id == earlier.id or later.date < earlier.date or period.never_spent:
        return False
    return period.spent_on is None or later.date < period.spent_on


def assess(items: Sequence[Conviction], *, date_of_birth: date, as_of: date) -> list[DisclosureResult]:
    """Spent dates and DBS visibility for each item, applying the further-conviction rules.

    1. Each conviction's own rehabilitation period (s.5). A sentence excluded from rehabilitation has none.
    2. s.6(4): a further conviction during a conviction's period, if it did not receive an excluded
       sentence, extends whichever of the two periods ends earlier so that both end together; s.6(6)
       disregards a further conviction for a summary-only offence. Repeated until nothing changes, since an
       extended period can take in another conviction. Taking the later end is order-independent.
    3. s.1(1)(b): a conviction never becomes spent if an excluded sentence was imposed for a further
       conviction during its (extended) period.
    Cautions neither extend nor are extended (they are dealt with by Schedule 2, not s.6).
    """
    under_18 = {item.id: age_on(date_of_birth, item.date) < 18 for item in items}
    own = {item.id: own_period(item, under_18=under_18[item.id]) for item in items}
    periods = dict(own)
    notes: dict[str, list[str]] = {item.id: [] for item in items}
    convictions = [item for item in items if item.disposal not in CAUTIONS]
    rehabilitable = [item for item in convictions if not own[item.id].never_spent]
    excluded = [item for item in convictions if own[item.id].never_spent]

    changed = True
    while changed:
        changed = False
        for earlier in rehabilitable:
            for later in rehabilitable:
                if later.summary_only or not _during(periods[earlier.id], earlier, later):
                    continue
                end = _later(periods[earlier.id].spent_on, periods[later.id].spent_on)
                for target, other in ((earlier, later), (later, earlier)):
                    period = periods[target.id]
                    if period.spent_on is not None and period.spent_on != end:
                        periods[target.id] = replace(period, spent_on=end)
                        until = f"to {_when(end)}" if end else "until the other period's end is known"
                        notes[target.id].append(
                            f"Conviction {later.id} on {_when(later.date)} came during the rehabilitation period of "
                            f"conviction {earlier.id}, so this period is extended {until}, to end with that of "
                            f"{other.id} (ROA s.6(4))."
                        )
                        changed = True

    for item in rehabilitable:
        for blocker in excluded:
            if _during(periods[item.id], item, blocker):
                periods[item.id] = replace(periods[item.id], spent_on=None, never_spent=True)
                notes[item.id].append(
                    f"Conviction {blocker.id} on {_when(blocker.date)} came during this one's rehabilitation period "
                    "and received a sentence that is excluded from rehabilitation, so this conviction can never "
                    "become spent (ROA s.1(1)(b))."
                )
                break

    return [_result(item, periods[item.id], notes[item.id], under_18=under_18[item.id], as_of=as_of) for item in items]


def _result(item: Conviction, period: _Period, notes: list[str], *, under_18: bool, as_of: date) -> DisclosureResult:
    spent = period.spent_on is not None and as_of >= period.spent_on
    parts = [period.reason, *notes]
    if period.never_spent:
        parts.append("It must be disclosed whenever you are asked about convictions.")
    elif spent:
        parts.append(f"As of {_when(as_of)} it is spent: you do not have to disclose it for most jobs.")
    elif period.spent_on is not None:
        parts.append(f"As of {_when(as_of)} it is unspent: disclose it if asked, until {_when(period.spent_on)}.")
    else:
        parts.append(f"As of {_when(as_of)} it is unspent: disclose it if asked.")

    on_basic = not spent  # a basic check shows unspent convictions and unspent conditional cautions
    on_higher, higher_reason = _standard_enhanced(item, spent=spent, never_spent=period.never_spent,
                                                  under_18=under_18, as_of=as_of)  # fmt: skip
    parts.append(f"Basic DBS check: {'shown' if on_basic else 'not shown'}.")
    parts.append(f"Standard or enhanced DBS check: {'shown' if on_higher else 'not shown'}: {higher_reason}")
    return DisclosureResult(
        id=item.id,
        spent_on=period.spent_on,
        never_spent=period.never_spent,
        spent=spent,
        on_basic_check=on_basic,
        on_standard_enhanced_check=on_higher,
        explanation=" ".join(parts),
    )


def _standard_enhanced(
    item: Conviction, *, spent: bool, never_spent: bool, under_18: bool, as_of: date
) -> tuple[bool, str]:
    """DBS filtering (Police Act 1997 s.113A(6), rules since 28 November 2020)."""
    d = item.disposal
    if d == Disposal.YOUTH_CAUTION:
        return (
            False,
            "youth cautions, reprimands and warnings are no longer disclosed automatically (since 28 November 2020).",
        )
    if d == Disposal.YOUTH_CONDITIONAL_CAUTION:
        if spent:
            return False, "a youth conditional caution is not disclosed automatically once it is spent."
        return True, "a youth conditional caution is disclosed until it is spent."
    if d in ADULT_CAUTIONS:
        if item.specified_offence:
            return True, "a caution for a specified offence is never filtered."
        filtered_from = add_months(item.date, ADULT_CAUTION_FILTER_MONTHS)
        if as_of >= filtered_from:
            return False, f"an adult caution is filtered 6 years after it was given ({_when(filtered_from)})."
        return True, f"an adult caution is filtered 6 years after it was given, on {_when(filtered_from)}."
    # Convictions.
    if never_spent:
        return True, "a conviction that is never spent is always disclosed."
    if item.specified_offence:
        return True, "a conviction for a specified offence is never filtered."
    if d in CUSTODIAL or d in ALWAYS_EXCLUDED:
        return True, "a conviction that led to a custodial or suspended sentence is never filtered."
    months = YOUTH_CONVICTION_FILTER_MONTHS if under_18 else ADULT_CONVICTION_FILTER_MONTHS
    filtered_from = add_months(item.date, months)
    who = "under 18" if under_18 else "as an adult"
    rule = f"a conviction {who} is filtered once it is spent and {_months_text(months)} have passed since conviction"
    if as_of >= filtered_from and spent:
        return False, f"{rule} (both true since {_when(filtered_from)})."
    if as_of >= filtered_from:
        return True, f"{rule}; it is not spent yet."
    return True, f"{rule}: that is {_when(filtered_from)} at the earliest."
