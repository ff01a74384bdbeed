"""National Minimum Wage and National Living Wage: the hourly rate a person must be paid, by age and date.

Pure: no Django. Rates change on 1 April each year. Bands: 21 and over (National Living Wage from April
2024), 18 to 20, under 18, and the apprentice rate (apprentices under 19, or in the first year of their
apprenticeship). Each rate carries its gov.uk source and whether it has been confirmed against that page.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

SOURCE = "https://www.gov.uk/national-minimum-wage-rates"


class Band(enum.StrEnum):
    AGE_21_AND_OVER = "21_and_over"
    AGE_18_TO_20 = "18_to_20"
    UNDER_18 = "under_18"
    APPRENTICE = "apprentice"


BAND_LABELS = {
    Band.AGE_21_AND_OVER: "21 and over, the National Living Wage",
    Band.AGE_18_TO_20: "18 to 20",
    Band.UNDER_18: "under 18",
    Band.APPRENTICE: "apprentice",
}


@dataclass(frozen=True)
class RateYear:
    """The rates in force from `starts` until the next year's rates start."""

    starts: date
    rates: dict[Band, Decimal]
    source: str
    confirmed: bool
    note: str = ""


RATE_YEARS: tuple[RateYear, ...] = (
    RateYear(
        starts=date(2024, 4, 1),
        rates={
            Band.AGE_21_AND_OVER: Decimal("11.44"),
            Band.AGE_18_TO_20: Decimal("8.60"),
            Band.UNDER_18: Decimal("6.40"),
            Band.APPRENTICE: Decimal("6.40"),
        },
        source="https://www.gov.uk/government/publications/minimum-wage-rates-for-2024",
        confirmed=True,
    ),
    RateYear(
        starts=date(2025, 4, 1),
        rates={
            Band.AGE_21_AND_OVER: Decimal("12.21"),
            Band.AGE_18_TO_20: Decimal("10.00"),
            Band.UNDER_18: Decimal("7.55"),
            Band.APPRENTICE: Decimal("7.55"),
        },
        source="https://www.gov.uk/government/publications/minimum-wage-rates-for-2025",
        confirmed=True,
    ),
    RateYear(
        starts=date(2026, 4, 1),
        rates={
            Band.AGE_21_AND_OVER: Decimal("12.71"),
            Band.AGE_18_TO_20: Decimal("10.85"),
            Band.UNDER_18: Decimal("8.00"),
            Band.APPRENTICE: Decimal("8.00"),
        },
        source="https://www.gov.uk/government/publications/minimum-wage-rates-for-2026",
        # Announced in November 2025 (Low Pay Commission recommendations accepted); not checked here against
        # the in-force gov.uk page, so marked unconfirmed until someone does.
        confirmed=False,
        note="Figures from the November 2025 announcement; check against gov.uk.",
    ),
)

WEEKS_PER_YEAR = Decimal("52.143")  # 365.25 / 7, the usual divisor for turning an annual salary into weekly pay


class NoRateKnown(ValueError):
    """The date is before the first year in the table."""


@dataclass(frozen=True)
class MinimumWageResult:
    band: Band
    rate: Decimal
    rate_year_starts: date
    source: str
    confirmed: bool
    explanation: str


def band_for(age: int, *, apprentice_first_year_or_under_19: bool = False) -> Band:
    if apprentice_first_year_or_under_19:
        return Band.APPRENTICE
    if age >= 21:
        return Band.AGE_21_AND_OVER
    if age >= 18:
        return Band.AGE_18_TO_20
    return Band.UNDER_18


def rate_year_on(on: date) -> RateYear:
    current = None
    for year in RATE_YEARS:
        if year.starts <= on:
            current = year
    if current is None:
        raise NoRateKnown(f"No minimum wage rates are held for {on:%-d %B %Y}.")
    return current


def minimum_hourly_rate(age: int, on: date, *, apprentice_first_year_or_under_19: bool = False) -> MinimumWageResult:
    """The legal minimum hourly pay for someone of `age` on `on`.

    The latest rate year in the table carries on after its year ends, until a newer one is added.
    """
    year = rate_year_on(on)
    band = band_for(age, apprentice_first_year_or_under_19=apprentice_first_year_or_under_19)
    rate = year.rates[band]
    unconfirmed = "" if year.confirmed else " (rate not yet confirmed)"
    return MinimumWageResult(
        band=band,
        rate=rate,
        rate_year_starts=year.starts,
        source=year.source,
        confirmed=year.confirmed,
        explanation=(
            f"The minimum for age {age} ({BAND_LABELS[band]}) from {year.starts:%-d %B %Y} is £{rate}"
            f" an hour{unconfirmed}."
        ),
    )


@dataclass(frozen=True)
class PayCheck:
    meets_minimum: bool
    hourly_pay: Decimal
    minimum: MinimumWageResult
    explanation: str


def pays_minimum_wage(
    hourly_pay: Decimal, *, age: int, on: date, apprentice_first_year_or_under_19: bool = False
) -> PayCheck:
    minimum = minimum_hourly_rate(age, on, apprentice_first_year_or_under_19=apprentice_first_year_or_under_19)
    meets = hourly_pay >= minimum.rate
    verb = "meets" if meets else "is below"
    return PayCheck(
        meets_minimum=meets,
        hourly_pay=hourly_pay,
        minimum=minimum,
        explanation=f"£{hourly_pay} an hour {verb} the minimum wage. {minimum.explanation}",
    )


ADULT_AGE = 21  # the National Living Wage applies from this age


def listed_pay_check(hourly_pay: Decimal, *, on: date, apprenticeship: bool) -> PayCheck | None:
    """A vacancy's pay against the least it may legally pay the people it is listed for: the apprentice rate for
    an apprenticeship (anyone in its first year), else the National Living Wage (21 and over; a lower rate is legal
    only for someone younger). Matching checks each person against the rate for their own age. None when no rates
    are held for `on`."""
    try:
        minimum = minimum_hourly_rate(ADULT_AGE, on, apprentice_first_year_or_under_19=apprenticeship)
    except NoRateKnown:
        return None
    meets = hourly_pay >= minimum.rate
    unconfirmed = "" if minimum.confirmed else " (rate not yet confirmed)"
    rate = f"£{minimum.rate} an hour from {minimum.rate_year_starts:%-d %B %Y}{unconfirmed}"
    if apprenticeship:
        standard = f"the apprentice rate, {rate}, the least anyone may be paid in an apprenticeship"
        younger = ""
    else:
        standard = f"the National Living Wage for age {ADULT_AGE} and over, {rate}"
        younger = f" It is legal only for someone under {ADULT_AGE}, at the lower rate for their age."
    verb = "meets" if meets else "is below"
    return PayCheck(
        meets_minimum=meets,
        hourly_pay=hourly_pay,
        minimum=minimum,
        explanation=f"£{hourly_pay} an hour {verb} {standard}.{'' if meets else younger}",
    )


def annual_to_hourly(annual_salary: Decimal, hours_per_week: Decimal) -> Decimal:
    """Hourly pay from an annual salary: annual ÷ (52.143 weeks × hours per week), to the penny (rounded down,
    so a salary is never shown as paying more than it does)."""
    if hours_per_week <= 0:
        raise ValueError("Hours per week must be more than 0.")
    return (annual_salary / (WEEKS_PER_YEAR * hours_per_week)).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
