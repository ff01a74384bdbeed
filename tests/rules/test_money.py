"""Money written one way (rules.money), rates named in words (rules.uc_rates) and a missing rate refused by name
(rules.benefits): issue 16 item 13."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.rules.benefits import Household, Job, MissingRate, better_off
from ipsgate.rules.json_contract import InputError, better_off_from_json
from ipsgate.rules.money import as_pounds, money_text
from ipsgate.rules.uc_rates import RATE_NAMES, RATES, rate_name, tax_year_words, with_rate_names


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1234.5"), "£1,234.50"),
        (Decimal("0"), "£0.00"),
        (0, "£0.00"),
        (446.42, "£446.42"),  # a float kept in JSON: its shortest form, not 446.4199…
        (1086.58, "£1,086.58"),
        ("12.21", "£12.21"),
        (Decimal("0.005"), "£0.01"),  # half up, as the calculator rounds
        (Decimal("0.004"), "£0.00"),
        (Decimal("-0.004"), "£0.00"),  # never "minus £0.00" or "£-0.00"
        (Decimal("-12"), "minus £12.00"),
        (-1234.5, "minus £1,234.50"),
        (Decimal("1234567.891"), "£1,234,567.89"),
        (Decimal("10000000"), "£10,000,000.00"),
    ],
)
def test_money_text(value, text):
    assert money_text(value) == text


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "lots", float("nan"), float("inf")])
def test_not_an_amount_is_refused(value):
    with pytest.raises(ValueError, match="not an amount of money"):
        money_text(value)


@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=2, allow_nan=False))
def test_money_text_reads_back_as_the_same_amount(amount):
    text = money_text(amount)
    negative = text.startswith("minus ")
    digits = text.removeprefix("minus ").removeprefix("£").replace(",", "")
    assert Decimal(digits) * (-1 if negative else 1) == amount
    assert text.count(".") == 1 and len(text.rsplit(".", 1)[1]) == 2
    whole = text.removeprefix("minus ").removeprefix("£").split(".")[0]
    assert all(len(group) == 3 for group in whole.split(",")[1:]) and 1 <= len(whole.split(",")[0]) <= 3


@given(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False, allow_infinity=False))
def test_floats_round_to_the_penny_like_decimals(value):
    assert as_pounds(value) == as_pounds(Decimal(repr(value)))


def test_every_shipped_rate_has_words_and_none_is_code():
    for rates in RATES.values():
        for name in rates:
            assert rate_name(name) == RATE_NAMES[name]
    assert all("_" not in words and words == words.strip() for words in RATE_NAMES.values())


def test_a_rate_without_words_reads_as_words():
    assert rate_name("winter_fuel_top_up") == "winter fuel top up"


@pytest.mark.parametrize(
    ("year", "words"),
    [
        ("2025-26", "2025 to 2026"),
        ("2099-00", "2099 to 2100"),
        ("2025-27", "2025-27"),
        ("odd", "odd"),
        ("2025-2026", "2025-2026"),
    ],
)
def test_tax_year_words(year, words):
    assert tax_year_words(year) == words


def test_the_explanation_names_unconfirmed_rates_in_words():
    answer = better_off(
        Household(tax_year="2026-27", age=30, children=1, housing_costs=Decimal("400")),
        Job(hours_per_week=Decimal("16"), hourly_pay=Decimal("12.71")),
    )
    assert "child_element" in answer.unconfirmed_rates  # the data keeps the rate's key
    sentence = answer.explanation.split("Some 2026 to 2027 rates used here", 1)[1]
    assert "child element" in sentence and "work allowance (with housing costs)" in sentence
    assert not any(name in answer.explanation for name in RATES["2026-27"])


def test_a_rates_table_without_a_rate_the_calculation_needs_is_refused_by_name():
    table = {name: rate for name, rate in RATES["2025-26"].items() if name != "child_element"}
    household = Household(tax_year="2025-26", age=30, children=2)
    job = Job(hours_per_week=Decimal("16"), hourly_pay=Decimal("12.21"))
    with pytest.raises(MissingRate) as raised:
        better_off(household, job, rates_table=table)
    assert raised.value.name == "child_element"
    assert raised.value.explanation == "There is no child element in the rates for this tax year."
    # Without children the child element is not needed: the same table answers.
    assert better_off(Household(tax_year="2025-26", age=30), job, rates_table=table).better_off_by > 0


def test_the_json_contract_refuses_a_missing_rate_on_the_tax_year():
    payload = {"tax_year": "2025-26", "age": 30, "job": {"hours_per_week": 16, "hourly_pay": 12.21}}
    with pytest.raises(InputError) as raised:
        better_off_from_json(payload, rates_for=lambda year: {})
    assert raised.value.field == "tax_year"
    assert "standard allowance (single, 25 or over)" in str(raised.value)


def test_an_explanation_saved_with_rate_keys_reads_in_words():
    saved = (
        "Some 2026-27 rates used here are not yet confirmed from DWP or HMRC: standard_single_25_or_over, "
        "lcwra_element_protected, lcwra_element, work_allowance_with_housing."
    )
    assert with_rate_names(saved) == (
        "Some 2026 to 2027 rates used here are not yet confirmed from DWP or HMRC: standard allowance (single, 25 or "
        "over), LCWRA element for people protected from the 2026 cut, LCWRA element (limited capability for work and "
        "work-related activity), work allowance (with housing costs)."
    )
    words = "Standard allowance (single, 25 or over): £400.14."
    assert with_rate_names(words) == words
