"""Will this person be better off in work? A Universal Credit estimate before and after a job.

Pure Python, no Django. Monthly pounds throughout, as UC works on monthly assessment periods; monthly
earnings = hours a week × hourly pay × 52 ÷ 12. Rates come from `uc_rates.RATES` (or an override table).

The calculation (Universal Credit Regulations 2013):
1. Maximum UC = standard allowance (by age and couple status) + child element per child (up to the
   two-child limit where it applies) + LCWRA element + housing costs element (the eligible rent entered).
   A limited capability for work (LCW) determination adds no element for claims since April 2017, but it
   does bring a work allowance.
2. Capital over £16,000: no UC. Between £6,000 and £16,000: tariff income of £4.35 a month for each
   £250 (or part of £250) above £6,000.
3. Earnings count after income tax and employee National Insurance. A work allowance applies only to
   someone responsible for a child or with LCW/LCWRA (the lower amount when UC includes housing costs).
   55% of net earnings above the work allowance (all net earnings if there is none) is taken off.
4. Other income is taken off pound for pound.
5. Deductions (debts, advances) are taken from the award, but never more than 15% of the standard
   allowance in total.

Simplifications, stated in every explanation: no pension contributions, childcare costs, carer element,
disabled child additions or benefit cap; one earner; tax code 1257L (England, Wales and Northern Ireland).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal
from enum import StrEnum

from .money import money_text
from .uc_rates import RATES, Rate, rate_name, tax_year_words

PENNY = Decimal("0.01")
ZERO = Decimal("0")


class Capability(StrEnum):
    NONE = "none"
    LCW = "lcw"
    LCWRA = "lcwra"


@dataclass(frozen=True)
class Household:
    tax_year: str
    age: int
    partner_age: int | None = None
    children: int = 0
    capability: Capability = Capability.NONE
    lcwra_protected: bool = False  # 2026/27 onwards: claim before 6 April 2026, severe conditions or terminal illness
    housing_costs: Decimal = ZERO  # eligible rent, monthly
    capital: Decimal = ZERO
    other_income: Decimal = ZERO  # monthly unearned income
    deductions: Decimal = ZERO  # monthly deductions asked for (debts, advance repayments)


@dataclass(frozen=True)
class Job:
    hours_per_week: Decimal
    hourly_pay: Decimal


@dataclass(frozen=True)
class Earnings:
    gross: Decimal
    income_tax: Decimal
    national_insurance: Decimal

    @property
    def net(self) -> Decimal:
        return self.gross - self.income_tax - self.national_insurance


@dataclass(frozen=True)
class BetterOffResult:
    uc_out_of_work: Decimal
    uc_in_work: Decimal
    monthly_gross_earnings: Decimal
    income_tax: Decimal
    national_insurance: Decimal
    monthly_net_earnings: Decimal
    work_allowance: Decimal
    taper_reduction: Decimal
    deductions_applied: Decimal
    income_out_of_work: Decimal
    income_in_work: Decimal
    better_off_by: Decimal
    explanation: str
    unconfirmed_rates: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        money = {
            name: float(getattr(self, name))
            for name in (
                "uc_out_of_work", "uc_in_work", "monthly_gross_earnings", "income_tax", "national_insurance",
                "monthly_net_earnings", "work_allowance", "taper_reduction", "deductions_applied",
                "income_out_of_work", "income_in_work", "better_off_by",
            )
        }  # fmt: skip
        return {**money, "explanation": self.explanation, "unconfirmed_rates": list(self.unconfirmed_rates)}


def pounds(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def _money(value: Decimal) -> str:
    return money_text(value)


class MissingRate(LookupError):
    """The rates table for the year lacks a rate the calculation needs (an administrator removed or never added it)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name
        self.explanation = f"There is no {rate_name(name)} in the rates for this tax year."


class _Rates:
    """Looks rates up and remembers which unconfirmed ones an answer relied on."""

    def __init__(self, table: dict[str, Rate]) -> None:
        self.table = table
        self.unconfirmed: list[str] = []

    def __getitem__(self, name: str) -> Decimal:
        rate = self.table.get(name)
        if rate is None:
            raise MissingRate(name)
        if not rate.confirmed and name not in self.unconfirmed:
            self.unconfirmed.append(name)
        return rate.value


def monthly_gross(job: Job) -> Decimal:
    return pounds(job.hours_per_week * job.hourly_pay * 52 / 12)


def earnings_after_tax(gross: Decimal, rates: _Rates) -> Earnings:
    """Income tax (20% then 40%) and employee Class 1 NI (8% then 2%) on one month's pay."""
    allowance = rates["personal_allowance_annual"] / 12
    basic_limit = rates["basic_rate_limit_annual"] / 12
    basic = max(ZERO, min(gross, basic_limit) - allowance) * rates["basic_rate"]
    higher = max(ZERO, gross - basic_limit) * rates["higher_rate"]
    threshold = rates["ni_primary_threshold_monthly"]
    upper = rates["ni_upper_earnings_limit_monthly"]
    main_ni = max(ZERO, min(gross, upper) - threshold) * rates["ni_main_rate"]
    upper_ni = max(ZERO, gross - upper) * rates["ni_upper_rate"]
    return Earnings(gross=gross, income_tax=pounds(basic + higher), national_insurance=pounds(main_ni + upper_ni))


def standard_allowance(household: Household, rates: _Rates) -> tuple[Decimal, str]:
    if household.partner_age is None:
        if household.age < 25:
            return rates["standard_single_under_25"], "single, under 25"
        return rates["standard_single_25_or_over"], "single, 25 or over"
    if household.age < 25 and household.partner_age < 25:
        return rates["standard_couple_both_under_25"], "couple, both under 25"
    return rates["standard_couple_one_25_or_over"], "couple, one or both 25 or over"


def tariff_income(capital: Decimal, rates: _Rates) -> Decimal:
    lower = rates["capital_lower"]
    if capital <= lower:
        return ZERO
    blocks = ((capital - lower) / 250).to_integral_value(rounding=ROUND_UP)
    return blocks * rates["tariff_per_250"]


def better_off(household: Household, job: Job, *, rates_table: dict[str, Rate] | None = None) -> BetterOffResult:
    """UC and total income out of work and in the job, and the difference, with an explanation."""
    rates = _Rates(rates_table if rates_table is not None else RATES.get(household.tax_year, {}))
    lines: list[str] = []
    # Money is handled in whole pennies throughout, so every figure shown adds up to the totals shown.
    household = replace(
        household,
        housing_costs=pounds(household.housing_costs),
        capital=pounds(household.capital),
        other_income=pounds(household.other_income),
        deductions=pounds(household.deductions),
    )

    standard, who = standard_allowance(household, rates)
    lines.append(f"Standard allowance ({who}): {_money(standard)}.")
    child = ZERO
    if household.children:
        limit = int(rates["two_child_limit"])
        counted_children = min(household.children, limit) if limit else household.children
        child = rates["child_element"] * counted_children
        capped = f", limited to {limit} by the two-child limit" if counted_children < household.children else ""
        children = f"{counted_children} child{'ren' if counted_children != 1 else ''}"
        lines.append(f"Child element for {children}{capped}: {_money(child)}.")
    health = ZERO
    if household.capability == Capability.LCWRA:
        protected = household.lcwra_protected and "lcwra_element_protected" in rates.table
        health = rates["lcwra_element_protected"] if protected else rates["lcwra_element"]
        lines.append(f"Limited capability for work and work-related activity (LCWRA) element: {_money(health)}.")
    elif household.capability == Capability.LCW:
        lines.append(
            "Limited capability for work adds no element for claims since April 2017, but brings a work allowance."
        )
    housing = household.housing_costs
    if housing:
        lines.append(f"Housing costs element (the eligible rent entered): {_money(housing)}.")
    maximum = standard + child + health + housing
    lines.append(f"Maximum Universal Credit: {_money(maximum)} a month.")

    if household.capital > rates["capital_upper"]:
        lines.append(
            f"Savings and capital of {_money(household.capital)} are above the £16,000 limit, so no Universal Credit "
            "is paid in or out of work."
        )
        return _finish(household, job, rates, lines, ZERO, ZERO, standard, uc_possible=False)

    tariff = tariff_income(household.capital, rates)
    if tariff:
        lines.append(
            f"Capital of {_money(household.capital)} counts as {_money(tariff)} a month of income (£4.35 for each £250 "
            "or part of £250 over £6,000)."
        )
    if household.other_income:
        lines.append(f"Other income of {_money(household.other_income)} a month is taken off pound for pound.")
    out_of_work = max(ZERO, maximum - tariff - household.other_income)
    return _finish(household, job, rates, lines, out_of_work, maximum - tariff - household.other_income, standard)


def _finish(
    household: Household,
    job: Job,
    rates: _Rates,
    lines: list[str],
    uc_out: Decimal,
    before_earnings: Decimal,
    standard: Decimal,
    *,
    uc_possible: bool = True,
) -> BetterOffResult:
    gross = monthly_gross(job)
    earnings = earnings_after_tax(gross, rates)
    net = earnings.net
    lines.append(
        f"The job pays {_money(gross)} a month before tax ({job.hours_per_week:g} hours a week at "
        f"{_money(job.hourly_pay)} an hour, × 52 ÷ 12). Income tax {_money(earnings.income_tax)} and National "
        f"Insurance {_money(earnings.national_insurance)} leave {_money(net)}."
    )
    has_work_allowance = household.children > 0 or household.capability != Capability.NONE
    if has_work_allowance:
        name = "work_allowance_with_housing" if household.housing_costs > 0 else "work_allowance_without_housing"
        allowance = rates[name]
        reason = "responsible for a child" if household.children else "limited capability for work"
        lines.append(
            f"Work allowance {_money(allowance)} ({reason}; the "
            f"{'lower amount because UC includes housing costs' if household.housing_costs > 0 else 'higher amount'})."
        )
    else:
        allowance = ZERO
        lines.append(
            "No work allowance: that needs a child or limited capability for work, so the taper starts from the first "
            "pound earned."
        )
    taper_rate = rates["taper"]
    taper = pounds(max(ZERO, net - allowance) * taper_rate)
    lines.append(f"Taper: 55% of net earnings above the work allowance takes off {_money(taper)}.")
    uc_in = max(ZERO, pounds(before_earnings - taper)) if uc_possible else ZERO
    cap = pounds(standard * rates["deductions_cap_share"])
    deductions_out = min(household.deductions, cap, uc_out)
    deductions_in = min(household.deductions, cap, uc_in)
    if household.deductions:
        lines.append(
            f"Deductions asked for: {_money(household.deductions)}; at most 15% of the standard allowance "
            f"({_money(cap)}) and never more than the award, so {_money(deductions_out)} out of work and "
            f"{_money(deductions_in)} in work."
        )
    income_out = uc_out - deductions_out + household.other_income
    income_in = uc_in - deductions_in + net + household.other_income
    difference = income_in - income_out
    lines.append(
        f"Universal Credit: {_money(uc_out)} out of work, {_money(uc_in)} in work. Total income: {_money(income_out)} "
        f"out of work, {_money(income_in)} in work."
    )
    verdict = "better off" if difference > 0 else "worse off" if difference < 0 else "no better off"
    lines.append(f"So in this job the household would be {verdict} by {_money(abs(difference))} a month.")
    lines.append(
        "This estimate leaves out pension contributions, childcare costs, the carer element, disabled child additions "
        "and the benefit cap, and assumes tax code 1257L."
    )
    if rates.unconfirmed:
        lines.append(
            f"Some {tax_year_words(household.tax_year)} rates used here are not yet confirmed from DWP or HMRC: "
            f"{', '.join(rate_name(name) for name in rates.unconfirmed)}."
        )
    return BetterOffResult(
        uc_out_of_work=pounds(uc_out),
        uc_in_work=pounds(uc_in),
        monthly_gross_earnings=gross,
        income_tax=earnings.income_tax,
        national_insurance=earnings.national_insurance,
        monthly_net_earnings=pounds(net),
        work_allowance=pounds(allowance),
        taper_reduction=taper,
        deductions_applied=pounds(deductions_in),
        income_out_of_work=pounds(income_out),
        income_in_work=pounds(income_in),
        better_off_by=pounds(difference),
        explanation=" ".join(lines),
        unconfirmed_rates=tuple(rates.unconfirmed),
    )
