"""Demo better-off-in-work checks: the first demo specialist's person in work has a check for their job and a
"what if" beside it, so Better off in work? opens with saved answers to start the next one from."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ipsgate.advice.forms import current_tax_year
from ipsgate.advice.models import BetterOffCheck
from ipsgate.advice.services import rates_table, tax_years
from ipsgate.core.models import User
from ipsgate.jobs.models import Job
from ipsgate.rules.benefits import Capability, Household, better_off
from ipsgate.rules.benefits import Job as PaidWork
from ipsgate.rules.calendar import age_on


def write_better_off_checks(*, as_of: date, specialist: User) -> int:
    """Two checks for the specialist's first person in work (by job): their job, and the same job at 30 hours."""
    jobs = Job.objects.filter(participant__allocated_specialist=specialist).select_related("participant")
    first = jobs.order_by("pk").first()
    if first is None:
        return 0
    person = first.participant
    hourly_pay = first.hourly_pay or Decimal("12.71")
    year = current_tax_year(as_of, tax_years())
    household = Household(
        tax_year=year,
        age=age_on(person.date_of_birth, as_of),
        children=1,
        capability=Capability.LCW,
        housing_costs=Decimal("475.00"),
    )
    checks = [(f"{first.job_title} at {first.employer_name}", first.hours_per_week), ("What if 30 hours", Decimal(30))]
    for label, hours_per_week in checks:  # the what-if is saved last, so it is the latest
        answer = better_off(
            household, PaidWork(hours_per_week=hours_per_week, hourly_pay=hourly_pay), rates_table=rates_table(year)
        )
        BetterOffCheck.objects.create(
            participant=person,
            created_by=specialist,
            label=label,
            tax_year=year,
            age=household.age,
            children=household.children,
            capability=household.capability.value,
            housing_costs=household.housing_costs,
            hours_per_week=hours_per_week,
            hourly_pay=hourly_pay,
            result=answer.as_json(),
        )
    return len(checks)
