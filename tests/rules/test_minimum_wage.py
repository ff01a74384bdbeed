"""National Minimum Wage and National Living Wage by age and date."""

from datetime import date
from decimal import Decimal

import pytest

from ipsgate.rules.calendar import add_years
from ipsgate.rules.minimum_wage import (
    RATE_YEARS,
    Band,
    NoRateKnown,
    annual_to_hourly,
    listed_pay_check,
    minimum_hourly_rate,
    pays_minimum_wage,
)


def test_a_date_before_the_first_rate_year_is_refused_not_guessed():
    with pytest.raises(NoRateKnown):
        minimum_hourly_rate(30, date(2024, 3, 31))
    assert minimum_hourly_rate(30, date(2024, 4, 1)).rate == Decimal("11.44")


@pytest.mark.parametrize(
    ("born", "birthday_age", "before_band", "on_band"),
    [
        (date(2007, 6, 10), 18, Band.UNDER_18, Band.AGE_18_TO_20),
        (date(2004, 6, 10), 21, Band.AGE_18_TO_20, Band.AGE_21_AND_OVER),
    ],
)
def test_age_boundary_day_before_and_on_the_birthday(born, birthday_age, before_band, on_band):
    birthday = add_years(born, birthday_age)  # 10 June 2025: inside the 2025/26 rate year
    day_before = date.fromordinal(birthday.toordinal() - 1)
    ages = [d.year - born.year - ((d.month, d.day) < (born.month, born.day)) for d in (day_before, birthday)]
    assert ages == [birthday_age - 1, birthday_age]
    before = minimum_hourly_rate(ages[0], day_before)
    on = minimum_hourly_rate(ages[1], birthday)
    assert (before.band, on.band) == (before_band, on_band)
    assert before.rate < on.rate
    # £10.00 pays an 18-year-old enough on their birthday in 2025, but not a 21-year-old.
    assert pays_minimum_wage(Decimal("10.00"), age=ages[1], on=birthday).meets_minimum == (birthday_age == 18)


@pytest.mark.parametrize(
    ("age", "march", "april"),
    [(30, "11.44", "12.21"), (19, "8.60", "10.00"), (17, "6.40", "7.55")],
)
def test_rate_changes_on_1_april_not_31_march(age, march, april):
    assert minimum_hourly_rate(age, date(2025, 3, 31)).rate == Decimal(march)
    assert minimum_hourly_rate(age, date(2025, 4, 1)).rate == Decimal(april)


def test_pay_exactly_at_the_rate_meets_it_and_a_penny_less_does_not():
    assert pays_minimum_wage(Decimal("12.71"), age=25, on=date(2026, 4, 1)).meets_minimum
    check = pays_minimum_wage(Decimal("12.70"), age=25, on=date(2026, 4, 1))
    assert not check.meets_minimum
    assert "below" in check.explanation and "12.71" in check.explanation


def test_2026_rates_and_apprentice_rate():
    assert minimum_hourly_rate(40, date(2026, 5, 1)).rate == Decimal("12.71")
    assert minimum_hourly_rate(19, date(2026, 5, 1)).rate == Decimal("10.85")
    assert minimum_hourly_rate(16, date(2026, 5, 1)).rate == Decimal("8.00")
    apprentice = minimum_hourly_rate(40, date(2026, 5, 1), apprentice_first_year_or_under_19=True)
    assert (apprentice.band, apprentice.rate) == (Band.APPRENTICE, Decimal("8.00"))


def test_every_rate_year_has_all_bands_and_a_gov_uk_source():
    for year in RATE_YEARS:
        assert set(year.rates) == set(Band)
        assert year.source.startswith("https://www.gov.uk/")
        assert year.rates[Band.AGE_21_AND_OVER] > year.rates[Band.AGE_18_TO_20] > year.rates[Band.UNDER_18] - 1
    starts = [y.starts for y in RATE_YEARS]
    assert starts == sorted(starts) and all(d.month == 4 and d.day == 1 for d in starts)


def test_unconfirmed_rates_say_so():
    result = minimum_hourly_rate(30, date(2026, 6, 1))
    assert not result.confirmed
    assert "not yet confirmed" in result.explanation
    assert minimum_hourly_rate(30, date(2025, 6, 1)).confirmed


def test_annual_salary_to_hourly_uses_52_143_weeks():
    # 25,000 / (52.143 * 37.5) = 12.7855... → rounded down to the penny
    assert annual_to_hourly(Decimal("25000"), Decimal("37.5")) == Decimal("12.78")
    with pytest.raises(ValueError, match="more than 0"):
        annual_to_hourly(Decimal("25000"), Decimal("0"))


@pytest.mark.parametrize(
    ("pay", "apprenticeship", "meets", "phrase"),
    [
        ("12.63", False, False, "is below the National Living Wage for age 21 and over, £12.71 an hour"),
        ("12.71", False, True, "meets the National Living Wage"),
        ("7.99", True, False, "is below the apprentice rate, £8.00 an hour"),
        ("8.00", True, True, "meets the apprentice rate"),
    ],
)
def test_a_listed_vacancy_is_checked_against_the_least_it_may_legally_pay(pay, apprenticeship, meets, phrase):
    """The vacancy list and page have no person: they flag pay below the National Living Wage (below it is legal
    only for someone under 21), or for an apprenticeship below the apprentice rate."""
    check = listed_pay_check(Decimal(pay), on=date(2026, 6, 1), apprenticeship=apprenticeship)
    assert check is not None
    assert check.meets_minimum is meets
    assert phrase in check.explanation
    assert ("legal only for someone under 21" in check.explanation) is (not meets and not apprenticeship)


def test_a_listed_vacancy_is_not_checked_before_the_first_rate_year():
    assert listed_pay_check(Decimal("1.00"), on=date(2020, 1, 1), apprenticeship=False) is None
