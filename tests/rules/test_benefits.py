"""better_off (Universal Credit in and out of work): hand-worked tables for each rule, plus properties.

Every expected figure below was worked out by hand from the published rates and the rules (monthly pounds,
rounded half-up to pennies at the end of each quantity), never by calling the code under test.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ipsgate.rules.benefits import (
    BetterOffResult,
    Capability,
    Household,
    Job,
    _Rates,
    better_off,
    earnings_after_tax,
    monthly_gross,
    tariff_income,
)
from ipsgate.rules.uc_rates import RATES

D = Decimal
NONE, LCW, LCWRA = Capability.NONE, Capability.LCW, Capability.LCWRA
MONEY_FIELDS = (
    "uc_out_of_work", "uc_in_work", "monthly_gross_earnings", "income_tax", "national_insurance",
    "monthly_net_earnings", "work_allowance", "taper_reduction", "deductions_applied", "income_out_of_work",
    "income_in_work", "better_off_by",
)  # fmt: skip


def run(
    tax_year: str = "2025-26",
    *,
    age: int = 30,
    partner_age: int | None = None,
    children: int = 0,
    capability: Capability = NONE,
    lcwra_protected: bool = False,
    housing: str = "0",
    capital: str = "0",
    other_income: str = "0",
    deductions: str = "0",
    hours: str = "16",
    pay: str = "12.21",
) -> BetterOffResult:
    """16 hours at £12.21 (gross £846.56 a month) unless told otherwise."""
    household = Household(
        tax_year=tax_year,
        age=age,
        partner_age=partner_age,
        children=children,
        capability=capability,
        lcwra_protected=lcwra_protected,
        housing_costs=D(housing),
        capital=D(capital),
        other_income=D(other_income),
        deductions=D(deductions),
    )
    return better_off(household, Job(hours_per_week=D(hours), hourly_pay=D(pay)))


def assert_figures(result: BetterOffResult, expected: dict[str, str]) -> None:
    actual = {name: getattr(result, name) for name in expected}
    assert actual == {name: D(value) for name, value in expected.items()}


# Maximum UC: with no capital and no other income, UC out of work is the maximum.


@pytest.mark.parametrize(
    ("tax_year", "facts", "maximum"),
    [
        # Standard allowance, 2025-26: 25 exactly counts as 25 or over.
        ("2025-26", {"age": 18}, "316.98"),
        ("2025-26", {"age": 24}, "316.98"),
        ("2025-26", {"age": 25}, "400.14"),
        ("2025-26", {"age": 66}, "400.14"),
        ("2025-26", {"age": 18, "partner_age": 19}, "497.55"),
        ("2025-26", {"age": 24, "partner_age": 24}, "497.55"),
        ("2025-26", {"age": 24, "partner_age": 25}, "628.10"),
        ("2025-26", {"age": 25, "partner_age": 24}, "628.10"),
        ("2025-26", {"age": 40, "partner_age": 38}, "628.10"),
        # Standard allowance, 2026-27.
        ("2026-27", {"age": 24}, "338.58"),
        ("2026-27", {"age": 25}, "424.90"),
        ("2026-27", {"age": 24, "partner_age": 24}, "528.34"),
        ("2026-27", {"age": 24, "partner_age": 25}, "666.97"),
        ("2026-27", {"age": 25, "partner_age": 24}, "666.97"),
        # Child element: 2025-26 counts at most two children (400.14 + n × 292.81).
        ("2025-26", {"children": 1}, "692.95"),
        ("2025-26", {"children": 2}, "985.76"),
        ("2025-26", {"children": 3}, "985.76"),
        ("2025-26", {"children": 6}, "985.76"),
        ("2025-26", {"age": 24, "partner_age": 24, "children": 3}, "1083.17"),
        # Child element: 2026-27 has no limit (424.90 + n × 303.94).
        ("2026-27", {"children": 1}, "728.84"),
        ("2026-27", {"children": 2}, "1032.78"),
        ("2026-27", {"children": 3}, "1336.72"),
        ("2026-27", {"children": 6}, "2248.54"),
        # LCWRA element: 423.27 in 2025-26 (protection makes no difference); 217.26 new, 429.80 protected in 2026-27.
        ("2025-26", {"capability": LCWRA}, "823.41"),
        ("2025-26", {"capability": LCWRA, "lcwra_protected": True}, "823.41"),
        ("2026-27", {"capability": LCWRA}, "642.16"),
        ("2026-27", {"capability": LCWRA, "lcwra_protected": True}, "854.70"),
        # LCW adds no element; protection alone adds nothing.
        ("2025-26", {"capability": LCW}, "400.14"),
        ("2026-27", {"capability": LCW}, "424.90"),
        ("2026-27", {"capability": LCW, "lcwra_protected": True}, "424.90"),
        ("2026-27", {"lcwra_protected": True}, "424.90"),
        # Housing costs element is the rent entered.
        ("2025-26", {"housing": "550"}, "950.14"),
        ("2025-26", {"housing": "0.01"}, "400.15"),
        # Everything together: 628.10 + 2 × 292.81 + 423.27 + 700 and 666.97 + 3 × 303.94 + 429.80 + 700.
        ("2025-26", {"age": 30, "partner_age": 28, "children": 2, "capability": LCWRA, "housing": "700"}, "2336.99"),
        (
            "2026-27",
            {
                "age": 30,
                "partner_age": 28,
                "children": 3,
                "capability": LCWRA,
                "lcwra_protected": True,
                "housing": "700",
            },
            "2708.59",
        ),
    ],
)
def test_maximum_uc_elements(tax_year, facts, maximum):
    assert run(tax_year, **facts).uc_out_of_work == D(maximum)


@pytest.mark.parametrize(
    ("tax_year", "facts", "allowance"),
    [
        # No child and no LCW/LCWRA: no work allowance, with or without housing costs.
        ("2025-26", {}, "0"),
        ("2025-26", {"housing": "500"}, "0"),
        ("2025-26", {"age": 24, "partner_age": 24, "lcwra_protected": True}, "0"),
        ("2026-27", {"housing": "500"}, "0"),
        # Higher amount without housing costs, lower amount with any housing costs.
        ("2025-26", {"children": 1}, "684.00"),
        ("2025-26", {"children": 1, "housing": "500"}, "411.00"),
        ("2025-26", {"children": 1, "housing": "0.01"}, "411.00"),
        ("2025-26", {"capability": LCW}, "684.00"),
        ("2025-26", {"capability": LCW, "housing": "500"}, "411.00"),
        ("2025-26", {"capability": LCWRA, "housing": "500"}, "411.00"),
        ("2026-27", {"children": 1}, "710.00"),
        ("2026-27", {"children": 1, "housing": "500"}, "427.00"),
        ("2026-27", {"capability": LCW}, "710.00"),
        ("2026-27", {"capability": LCWRA, "housing": "500"}, "427.00"),
    ],
)
def test_work_allowance(tax_year, facts, allowance):
    assert run(tax_year, **facts).work_allowance == D(allowance)


@pytest.mark.parametrize(
    ("tax_year", "facts", "expected"),
    [
        pytest.param(
            "2025-26",
            {},
            {
                "monthly_gross_earnings": "846.56", "income_tax": "0", "national_insurance": "0",
                "monthly_net_earnings": "846.56", "work_allowance": "0", "taper_reduction": "465.61",
                "uc_out_of_work": "400.14", "uc_in_work": "0", "deductions_applied": "0",
                "income_out_of_work": "400.14", "income_in_work": "846.56", "better_off_by": "446.42",
            },
            id="contract-example-no-work-allowance-uc-tapered-to-nothing",
        ),
        pytest.param(
            "2025-26",
            {"housing": "500", "hours": "12"},
            {
                "monthly_gross_earnings": "634.92", "monthly_net_earnings": "634.92", "work_allowance": "0",
                "taper_reduction": "349.21", "uc_out_of_work": "900.14", "uc_in_work": "550.93",
                "income_out_of_work": "900.14", "income_in_work": "1185.85", "better_off_by": "285.71",
            },
            id="no-work-allowance-taper-from-first-pound",
        ),
        pytest.param(
            "2025-26",
            {"children": 1},
            {
                "work_allowance": "684.00", "taper_reduction": "89.41", "uc_out_of_work": "692.95",
                "uc_in_work": "603.54", "income_out_of_work": "692.95", "income_in_work": "1450.10",
                "better_off_by": "757.15",
            },
            id="higher-work-allowance",
        ),
        pytest.param(
            "2025-26",
            {"children": 1, "housing": "500"},
            {
                "work_allowance": "411.00", "taper_reduction": "239.56", "uc_out_of_work": "1192.95",
                "uc_in_work": "953.39", "income_out_of_work": "1192.95", "income_in_work": "1799.95",
                "better_off_by": "607.00",
            },
            id="lower-work-allowance-with-housing",
        ),
        pytest.param(
            "2025-26",
            {"children": 1, "hours": "12"},
            {
                "monthly_net_earnings": "634.92", "work_allowance": "684.00", "taper_reduction": "0",
                "uc_out_of_work": "692.95", "uc_in_work": "692.95", "income_in_work": "1327.87",
                "better_off_by": "634.92",
            },
            id="earnings-within-work-allowance-no-taper",
        ),
        pytest.param(
            "2025-26",
            {"capability": LCW},
            {
                "work_allowance": "684.00", "taper_reduction": "89.41", "uc_out_of_work": "400.14",
                "uc_in_work": "310.73", "income_out_of_work": "400.14", "income_in_work": "1157.29",
                "better_off_by": "757.15",
            },
            id="lcw-work-allowance-no-element",
        ),
        pytest.param(
            "2026-27",
            {"children": 1, "housing": "500"},
            {
                "work_allowance": "427.00", "taper_reduction": "230.76", "uc_out_of_work": "1228.84",
                "uc_in_work": "998.08", "income_out_of_work": "1228.84", "income_in_work": "1844.64",
                "better_off_by": "615.80",
            },
            id="2026-27-lower-work-allowance",
        ),
        pytest.param(
            "2025-26",
            {"children": 2, "housing": "650", "hours": "37.5", "pay": "12.40"},
            {
                "monthly_gross_earnings": "2015.00", "income_tax": "193.50", "national_insurance": "77.36",
                "monthly_net_earnings": "1744.14", "work_allowance": "411.00", "taper_reduction": "733.23",
                "uc_out_of_work": "1635.76", "uc_in_work": "902.53", "income_out_of_work": "1635.76",
                "income_in_work": "2646.67", "better_off_by": "1010.91",
            },
            id="basic-rate-tax-and-ni-on-the-net-taper",
        ),
        pytest.param(
            "2026-27",
            {"partner_age": 30, "children": 3, "housing": "900", "hours": "40", "pay": "30"},
            {
                "monthly_gross_earnings": "5200.00", "income_tax": "1032.67", "national_insurance": "271.50",
                "monthly_net_earnings": "3895.83", "work_allowance": "427.00", "taper_reduction": "1907.86",
                "uc_out_of_work": "2478.79", "uc_in_work": "570.93", "income_out_of_work": "2478.79",
                "income_in_work": "4466.76", "better_off_by": "1987.97",
            },
            id="higher-rate-tax-2026-27-three-children",
        ),
        pytest.param(
            "2025-26",
            {"children": 1, "hours": "40", "pay": "30"},
            {
                "monthly_net_earnings": "3895.83", "work_allowance": "684.00", "taper_reduction": "1766.51",
                "uc_out_of_work": "692.95", "uc_in_work": "0", "income_in_work": "3895.83",
                "better_off_by": "3202.88",
            },
            id="uc-in-work-floors-at-zero",
        ),
    ],
)  # fmt: skip
def test_taper_and_work_allowance_full_calculation(tax_year, facts, expected):
    assert_figures(run(tax_year, **facts), expected)


@pytest.mark.parametrize(
    ("hours", "pay", "gross"),
    [
        ("16", "12.21", "846.56"),
        ("12", "12.21", "634.92"),
        ("1", "12.21", "52.91"),
        ("37.5", "12.40", "2015.00"),
        ("40", "30", "5200.00"),
        ("10", "10.00", "433.33"),  # 433.333…
        ("10", "10.01", "433.77"),  # 433.766…
        ("0.5", "0.03", "0.07"),  # exactly 0.065: half-up
        ("22.5", "10.01", "975.98"),  # exactly 975.975: half-up
    ],
)
def test_monthly_gross_is_hours_times_pay_times_52_over_12(hours, pay, gross):
    assert monthly_gross(Job(hours_per_week=D(hours), hourly_pay=D(pay))) == D(gross)


@pytest.mark.parametrize(
    ("gross", "tax", "ni", "net"),
    [
        ("0", "0", "0", "0"),
        # Personal allowance 12,570 ÷ 12 = 1,047.50 a month.
        ("1047.49", "0", "0", "1047.49"),
        ("1047.50", "0", "0", "1047.50"),
        ("1047.52", "0", "0", "1047.52"),  # 20% of 0.02 = 0.004
        ("1047.53", "0.01", "0", "1047.52"),  # 20% of 0.03 = 0.006
        ("1047.99", "0.10", "0", "1047.89"),
        # NI primary threshold 1,048 a month.
        ("1048.00", "0.10", "0", "1047.90"),
        ("1048.06", "0.11", "0", "1047.95"),  # NI 8% of 0.06 = 0.0048
        ("1048.07", "0.11", "0.01", "1047.95"),  # NI 8% of 0.07 = 0.0056
        ("1100.00", "10.50", "4.16", "1085.34"),
        ("2015.00", "193.50", "77.36", "1744.14"),
        # NI upper earnings limit 4,189; basic rate limit 50,270 ÷ 12 = 4,189.1666…
        ("4189.00", "628.30", "251.28", "3309.42"),
        ("4189.16", "628.33", "251.28", "3309.55"),
        ("4189.17", "628.33", "251.28", "3309.56"),
        ("4200.00", "632.67", "251.50", "3315.83"),
        ("4289.17", "668.33", "253.28", "3367.56"),  # all at 20%/8% would be 648.33 tax and 259.29 NI
        ("5200.00", "1032.67", "271.50", "3895.83"),
        ("10000.00", "2952.67", "367.50", "6679.83"),
        # Tax and NI are each rounded, so both can go up a penny on a penny more pay (net falls by a penny).
        ("4200.24", "632.76", "251.50", "3315.98"),
        ("4200.25", "632.77", "251.51", "3315.97"),
    ],
)
@pytest.mark.parametrize("tax_year", ["2025-26", "2026-27"])
def test_income_tax_and_national_insurance(tax_year, gross, tax, ni, net):
    earnings = earnings_after_tax(D(gross), _Rates(RATES[tax_year]))
    assert (earnings.income_tax, earnings.national_insurance, earnings.net) == (D(tax), D(ni), D(net))


@pytest.mark.parametrize(
    ("capital", "tariff"),
    [
        ("0", "0"),
        ("5999.99", "0"),
        ("6000.00", "0"),
        ("6000.01", "4.35"),
        ("6250.00", "4.35"),
        ("6250.01", "8.70"),
        ("6500.00", "8.70"),
        ("6500.01", "13.05"),
        ("10000", "69.60"),
        ("16000.00", "174.00"),
    ],
)
def test_tariff_income(capital, tariff):
    assert tariff_income(D(capital), _Rates(RATES["2025-26"])) == D(tariff)


# One child, no housing costs, 12 hours at £12.21 (£634.92, inside the £684 work allowance, so no taper):
# UC is £692.95 less the tariff income both in and out of work.
@pytest.mark.parametrize(
    ("capital", "uc", "income_in_work"),
    [
        ("0", "692.95", "1327.87"),
        ("6000.00", "692.95", "1327.87"),
        ("6000.01", "688.60", "1323.52"),
        ("6250.00", "688.60", "1323.52"),
        ("6250.01", "684.25", "1319.17"),
        ("10000", "623.35", "1258.27"),
        ("16000.00", "518.95", "1153.87"),
        ("16000.01", "0", "634.92"),
        ("50000", "0", "634.92"),
    ],
)
def test_capital_limits(capital, uc, income_in_work):
    result = run(children=1, hours="12", capital=capital)
    assert_figures(
        result,
        {
            "uc_out_of_work": uc,
            "uc_in_work": uc,
            "income_out_of_work": uc,
            "income_in_work": income_in_work,
            "better_off_by": "634.92",
        },
    )


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(
            {"other_income": "100"},
            {"uc_out_of_work": "300.14", "uc_in_work": "0", "income_out_of_work": "400.14",
             "income_in_work": "946.56", "better_off_by": "546.42"},
            id="no-uc-left-in-work",
        ),
        pytest.param(
            {"other_income": "500"},
            {"uc_out_of_work": "0", "uc_in_work": "0", "income_out_of_work": "500.00",
             "income_in_work": "1346.56", "better_off_by": "846.56"},
            id="other-income-above-maximum",
        ),
        pytest.param(
            {"children": 1, "hours": "12", "other_income": "200"},
            {"uc_out_of_work": "492.95", "uc_in_work": "492.95", "income_out_of_work": "692.95",
             "income_in_work": "1327.87", "better_off_by": "634.92"},
            id="inside-work-allowance",
        ),
        pytest.param(
            {"children": 1, "other_income": "200"},
            {"uc_out_of_work": "492.95", "uc_in_work": "403.54", "income_out_of_work": "692.95",
             "income_in_work": "1450.10", "better_off_by": "757.15"},
            id="with-taper",
        ),
        pytest.param(
            {"children": 1, "hours": "12", "other_income": "100", "capital": "6250.01"},
            {"uc_out_of_work": "584.25", "uc_in_work": "584.25", "income_out_of_work": "684.25",
             "income_in_work": "1319.17", "better_off_by": "634.92"},
            id="with-tariff-income",
        ),
    ],
)  # fmt: skip
def test_other_income_is_taken_off_pound_for_pound(facts, expected):
    assert_figures(run(**facts), expected)


@pytest.mark.parametrize(
    ("tax_year", "facts", "expected"),
    [
        # Cap 15% of 400.14 = 60.02.
        pytest.param(
            "2025-26",
            {"children": 1, "hours": "12", "deductions": "50"},
            {"uc_out_of_work": "692.95", "uc_in_work": "692.95", "deductions_applied": "50.00",
             "income_out_of_work": "642.95", "income_in_work": "1277.87", "better_off_by": "634.92"},
            id="below-cap",
        ),
        pytest.param(
            "2025-26",
            {"children": 1, "hours": "12", "deductions": "60.02"},
            {"deductions_applied": "60.02", "income_out_of_work": "632.93", "income_in_work": "1267.85",
             "better_off_by": "634.92"},
            id="at-cap",
        ),
        pytest.param(
            "2025-26",
            {"children": 1, "hours": "12", "deductions": "100"},
            {"deductions_applied": "60.02", "income_out_of_work": "632.93", "income_in_work": "1267.85",
             "better_off_by": "634.92"},
            id="above-cap",
        ),
        pytest.param(
            "2025-26",
            {"hours": "13", "deductions": "100"},
            {"monthly_gross_earnings": "687.83", "taper_reduction": "378.31", "uc_out_of_work": "400.14",
             "uc_in_work": "21.83", "deductions_applied": "21.83", "income_out_of_work": "340.12",
             "income_in_work": "687.83", "better_off_by": "347.71"},
            id="above-award-in-work",
        ),
        pytest.param(
            "2025-26",
            {"deductions": "100"},
            {"uc_in_work": "0", "deductions_applied": "0", "income_out_of_work": "340.12",
             "income_in_work": "846.56", "better_off_by": "506.44"},
            id="no-award-in-work",
        ),
        pytest.param(
            "2025-26",
            {"other_income": "380", "deductions": "100"},
            {"uc_out_of_work": "20.14", "uc_in_work": "0", "deductions_applied": "0",
             "income_out_of_work": "380.00", "income_in_work": "1226.56", "better_off_by": "846.56"},
            id="above-award-out-of-work",
        ),
        # Cap 15% of 316.98 = 47.547 → 47.55.
        pytest.param(
            "2025-26",
            {"age": 24, "hours": "1", "deductions": "50"},
            {"monthly_gross_earnings": "52.91", "taper_reduction": "29.10", "uc_out_of_work": "316.98",
             "uc_in_work": "287.88", "deductions_applied": "47.55", "income_out_of_work": "269.43",
             "income_in_work": "293.24", "better_off_by": "23.81"},
            id="cap-single-under-25",
        ),
        # Cap 15% of 666.97 = 100.0455 → 100.05.
        pytest.param(
            "2026-27",
            {"partner_age": 30, "hours": "1", "deductions": "150"},
            {"uc_out_of_work": "666.97", "uc_in_work": "637.87", "deductions_applied": "100.05",
             "income_out_of_work": "566.92", "income_in_work": "590.73", "better_off_by": "23.81"},
            id="cap-couple-2026-27",
        ),
        pytest.param(
            "2025-26",
            {"capital": "20000", "deductions": "50"},
            {"uc_out_of_work": "0", "uc_in_work": "0", "deductions_applied": "0", "income_out_of_work": "0",
             "income_in_work": "846.56", "better_off_by": "846.56"},
            id="no-uc-over-capital-limit",
        ),
    ],
)  # fmt: skip
def test_deductions_cap(tax_year, facts, expected):
    assert_figures(run(tax_year, **facts), expected)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(
            # Maximum 900.145 → 900.15; in work 900.15 − 465.61 = 434.54; 1281.10 − 900.15 = 380.95 (code: 380.96).
            {"housing": "500.005"},
            {"uc_out_of_work": "900.15", "uc_in_work": "434.54", "income_out_of_work": "900.15",
             "income_in_work": "1281.10", "better_off_by": "380.95"},
            id="housing-costs",
        ),
        pytest.param(
            # Deductions 10.005 → 10.01: 692.95 − 10.01 = 682.94 and 692.95 − 10.01 + 634.92 = 1317.86
            # (code: 682.95 and 1317.87 while deductions_applied says 10.01).
            {"children": 1, "hours": "12", "deductions": "10.005"},
            {"deductions_applied": "10.01", "income_out_of_work": "682.94", "income_in_work": "1317.86",
             "better_off_by": "634.92"},
            id="deductions",
        ),
    ],
)  # fmt: skip
def test_fractions_of_a_penny_are_rounded_before_totalling(facts, expected):
    assert_figures(run(**facts), expected)


def test_explanation_without_work_allowance():
    text = run().explanation.lower()
    assert "standard allowance" in text
    assert "taper" in text
    assert "no work allowance" in text


def test_explanation_with_work_allowance():
    text = run(children=1).explanation
    assert "Standard allowance" in text
    assert "Taper" in text
    assert "Work allowance £684.00" in text
    assert "no work allowance" not in text.lower()


def test_explanation_over_capital_limit():
    assert "16,000" in run(capital="16000.01").explanation


@pytest.mark.parametrize(
    "facts",
    [{}, {"children": 3, "housing": "500"}, {"capability": LCWRA, "lcwra_protected": True}, {"capital": "20000"}],
)
def test_no_unconfirmed_rates_in_2025_26(facts):
    assert run("2025-26", **facts).unconfirmed_rates == ()


@pytest.mark.parametrize(
    ("facts", "used", "unused"),
    [
        (
            {"children": 1, "housing": "500"},
            {"standard_single_25_or_over", "child_element", "work_allowance_with_housing"},
            {"work_allowance_without_housing", "standard_single_under_25"},
        ),
        (
            {"age": 24, "capability": LCW},
            {"standard_single_under_25", "work_allowance_without_housing"},
            {"work_allowance_with_housing", "standard_single_25_or_over"},
        ),
        (
            {"age": 24, "partner_age": 30},
            {"standard_couple_one_25_or_over"},
            {"work_allowance_with_housing", "work_allowance_without_housing", "standard_couple_both_under_25"},
        ),
    ],
)
def test_unconfirmed_rates_in_2026_27(facts, used, unused):
    names = run("2026-27", **facts).unconfirmed_rates
    assert used <= set(names)
    assert not unused & set(names)
    assert len(names) == len(set(names))
    assert all(not RATES["2026-27"][name].confirmed for name in names)


# Properties. Money entered in whole pennies, as a person would type it.

money = st.decimals(min_value=D("0"), max_value=D("1500"), places=2)
households = st.builds(
    Household,
    tax_year=st.sampled_from(["2025-26", "2026-27"]),
    age=st.integers(min_value=16, max_value=80),
    partner_age=st.none() | st.integers(min_value=16, max_value=80),
    children=st.integers(min_value=0, max_value=6),
    capability=st.sampled_from(list(Capability)),
    lcwra_protected=st.booleans(),
    housing_costs=money,
    capital=st.decimals(min_value=D("0"), max_value=D("20000"), places=2),
    other_income=st.decimals(min_value=D("0"), max_value=D("800"), places=2),
    deductions=st.decimals(min_value=D("0"), max_value=D("200"), places=2),
)
hours = st.decimals(min_value=D("0.5"), max_value=D("60"), places=2)
pays = st.decimals(min_value=D("0.01"), max_value=D("60"), places=2)


@given(households, hours, pays)
def test_better_off_by_is_income_in_work_less_income_out_of_work(household, hours_per_week, pay):
    result = better_off(household, Job(hours_per_week, pay))
    assert result.better_off_by == result.income_in_work - result.income_out_of_work
    for name in MONEY_FIELDS:
        value = getattr(result, name)
        assert value >= 0 or name == "better_off_by"
        assert value == value.quantize(D("0.01"))


@given(households, hours, pays)
def test_uc_in_work_never_exceeds_uc_out_of_work(household, hours_per_week, pay):
    result = better_off(household, Job(hours_per_week, pay))
    assert result.uc_in_work <= result.uc_out_of_work
    assert result.deductions_applied <= result.uc_in_work


@given(households, hours, pays, st.decimals(min_value=D("0.01"), max_value=D("40"), places=2))
def test_more_hours_at_the_same_pay_never_lowers_income_in_work(household, hours_per_week, pay, extra):
    """Monotonic, to the penny: tax and NI are rounded separately, so a penny more gross pay can cost a penny of net
    pay (see 4200.24 → 4200.25 above); the 55% taper never takes more than the extra net pay."""
    assume(household.capital <= 16000)
    fewer = better_off(household, Job(hours_per_week, pay))
    more = better_off(household, Job(hours_per_week + extra, pay))
    assert more.monthly_gross_earnings >= fewer.monthly_gross_earnings
    assert more.income_in_work >= fewer.income_in_work - D("0.01")
    assert more.income_out_of_work == fewer.income_out_of_work


@given(
    households,
    st.decimals(min_value=D("0.5"), max_value=D("20"), places=2),
    st.decimals(min_value=D("0.01"), max_value=D("12"), places=2),
)
def test_below_personal_allowance_each_pound_over_work_allowance_keeps_45p(household, hours_per_week, pay):
    """Under £1,047.50 a month there is no tax or NI; while UC is still paid in work (and nothing is deducted), the
    household gains the earnings less the taper, and the taper is 55% of earnings above the work allowance."""
    household = replace(household, deductions=D("0"))
    result = better_off(household, Job(hours_per_week, pay))
    gross = result.monthly_gross_earnings
    assert gross <= D("1047.50")
    assert result.income_tax == result.national_insurance == 0
    assert result.monthly_net_earnings == gross
    above_allowance = max(D("0"), gross - result.work_allowance)
    assert abs(result.taper_reduction - D("0.55") * above_allowance) <= D("0.005")
    assume(result.uc_in_work > 0)
    assert result.better_off_by == gross - result.taper_reduction


@given(households, hours, pays)
def test_unconfirmed_rates_by_tax_year(household, hours_per_week, pay):
    result = better_off(household, Job(hours_per_week, pay))
    if household.tax_year == "2025-26":
        assert result.unconfirmed_rates == ()
    elif result.work_allowance > 0:
        assert result.unconfirmed_rates
        used = "work_allowance_with_housing" if household.housing_costs > 0 else "work_allowance_without_housing"
        assert used in result.unconfirmed_rates
    else:
        assert "work_allowance_with_housing" not in result.unconfirmed_rates
        assert "work_allowance_without_housing" not in result.unconfirmed_rates
