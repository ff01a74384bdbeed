"""Facts about a job: whether it is competitive employment (IPS), and when sustainment checks fall due.
Pure: no Django."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .minimum_wage import NoRateKnown, pays_minimum_wage

SUSTAINMENT_WEEKS = (4, 13, 26, 52)


@dataclass(frozen=True)
class CompetitiveResult:
    competitive: bool
    explanation: str


def competitive_employment(
    *,
    open_labour_market: bool,
    reserved_for_disabled_people: bool,
    hourly_pay: Decimal,
    age_at_start: int,
    start_date: date,
    apprenticeship: bool = False,
) -> CompetitiveResult:
    """IPS competitive employment: a job anyone could apply for, paying at least the minimum wage for the
    person's age on the start date, and not set aside for disabled people."""
    failures: list[str] = []
    if not open_labour_market:
        failures.append("it was not open to anyone to apply for")
    if reserved_for_disabled_people:
        failures.append("it is set aside for disabled people")
    try:
        pay = pays_minimum_wage(
            hourly_pay, age=age_at_start, on=start_date, apprentice_first_year_or_under_19=apprenticeship
        )
    except NoRateKnown:
        failures.append(f"no minimum wage rate is held for {start_date:%-d %B %Y}, so pay could not be checked")
        pay_text = ""
    else:
        pay_text = pay.explanation
        if not pay.meets_minimum:
            failures.append(f"£{hourly_pay} an hour is below the £{pay.minimum.rate} minimum for age {age_at_start}")
    if failures:
        return CompetitiveResult(False, "Not competitive employment: " + "; ".join(failures) + ".")
    return CompetitiveResult(
        True, f"Competitive employment: open to anyone, not set aside for disabled people, and {pay_text}"
    )


@dataclass(frozen=True)
class SustainmentDue:
    """A sustainment check that is due (when it falls is decided by `rules.reminders.next_sustainment_check`)."""

    week: int
    due_on: date
    overdue: bool


def job_being_worked(*, in_custody: bool, rotl_while_in_custody: bool, held_open: bool = False) -> bool:
    """Whether a job that has started and not ended is being worked now.

    Out of custody, it is. In prison, only paid work on release on temporary licence (ROTL) is, and not while the
    employer is keeping it open after a recall: a recalled person's job waits for their release. A job that is not
    being worked does not put the person in work (their phase) and asks for no sustainment checks.
    """
    if not in_custody:
        return True
    return rotl_while_in_custody and not held_open
