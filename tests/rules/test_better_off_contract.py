"""better_off_from_json and `ipsgate rules better-off`: the JSON contract, good and bad input.

Expected figures are worked out by hand from the rates and rules, never by calling the code under test.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ipsgate.rules.json_contract import InputError, better_off_from_json

REPO_ROOT = Path(__file__).resolve().parents[2]

# The contract example: 2025-26, single, 30, no children, 16 hours at £12.21.
EXAMPLE: dict[str, Any] = {"tax_year": "2025-26", "age": 30, "job": {"hours_per_week": 16, "hourly_pay": 12.21}}
EXAMPLE_MONEY = {
    "uc_out_of_work": 400.14,
    "uc_in_work": 0.0,
    "monthly_gross_earnings": 846.56,
    "income_tax": 0.0,
    "national_insurance": 0.0,
    "monthly_net_earnings": 846.56,
    "work_allowance": 0.0,
    "taper_reduction": 465.61,
    "deductions_applied": 0.0,
    "income_out_of_work": 400.14,
    "income_in_work": 846.56,
    "better_off_by": 446.42,
}
KEYS = {*EXAMPLE_MONEY, "explanation", "unconfirmed_rates"}


def with_changes(**changes: Any) -> dict[str, Any]:
    """EXAMPLE with fields replaced; a value of ... removes the field. `job__x` changes job.x."""
    payload = copy.deepcopy(EXAMPLE)
    for key, value in changes.items():
        target, name = (payload["job"], key.removeprefix("job__")) if key.startswith("job__") else (payload, key)
        if value is ...:
            target.pop(name, None)
        else:
            target[name] = value
    return payload


def test_good_input_returns_exactly_the_documented_keys():
    assert set(better_off_from_json(copy.deepcopy(EXAMPLE))) == KEYS


def test_contract_example():
    answer = better_off_from_json(copy.deepcopy(EXAMPLE))
    assert {key: answer[key] for key in EXAMPLE_MONEY} == EXAMPLE_MONEY
    assert answer["unconfirmed_rates"] == []
    assert isinstance(answer["explanation"], str)
    assert answer["explanation"].strip()
    assert json.loads(json.dumps(answer)) == answer


def test_money_values_are_floats_with_two_decimal_places():
    answer = better_off_from_json(with_changes(children=1, housing_costs=433.33, job__hourly_pay=10.01))
    for key in EXAMPLE_MONEY:
        value = answer[key]
        assert type(value) is float, key
        assert Decimal(repr(value)) == Decimal(repr(value)).quantize(Decimal("0.01")), key


def test_every_field_is_read():
    # 628.10 + 2 × 292.81 + 650 = 1863.72; capital 6250.01 → 8.70; other income 50: UC out of work 1805.02.
    # 37.5 h × £12.40 = 2015.00; tax 193.50, NI 77.36, net 1744.14; LCW and children with housing: allowance 411.
    # Taper 55% × 1333.14 = 733.23; UC in work 1071.79. Deductions capped at 15% × 628.10 = 94.22.
    payload = {
        "tax_year": "2025-26",
        "age": 30,
        "partner_age": 28,
        "children": 2,
        "capability": "lcw",
        "lcwra_protected": False,
        "housing_costs": 650,
        "capital": 6250.01,
        "other_income": 50,
        "deductions": 200,
        "job": {"hours_per_week": 37.5, "hourly_pay": 12.40},
    }
    answer = better_off_from_json(payload)
    assert {key: answer[key] for key in EXAMPLE_MONEY} == {
        "uc_out_of_work": 1805.02,
        "uc_in_work": 1071.79,
        "monthly_gross_earnings": 2015.0,
        "income_tax": 193.5,
        "national_insurance": 77.36,
        "monthly_net_earnings": 1744.14,
        "work_allowance": 411.0,
        "taper_reduction": 733.23,
        "deductions_applied": 94.22,
        "income_out_of_work": 1760.8,
        "income_in_work": 2771.71,
        "better_off_by": 1010.91,
    }
    assert answer["unconfirmed_rates"] == []


def test_2026_27_lists_the_unconfirmed_rates_it_used():
    # 338.58 + 303.94 + 400 = 1042.52; allowance 427; taper 55% × 419.56 = 230.76; in work 811.76.
    answer = better_off_from_json(with_changes(tax_year="2026-27", age=24, children=1, housing_costs=400))
    assert answer["uc_out_of_work"] == 1042.52
    assert answer["work_allowance"] == 427.0
    assert answer["taper_reduction"] == 230.76
    assert answer["uc_in_work"] == 811.76
    assert answer["better_off_by"] == 615.8
    assert {"standard_single_under_25", "child_element", "work_allowance_with_housing"} <= set(
        answer["unconfirmed_rates"]
    )
    assert "work_allowance_without_housing" not in answer["unconfirmed_rates"]


def test_optional_fields_may_be_null_or_missing():
    answer = better_off_from_json(with_changes(partner_age=None, children=None, housing_costs=None, deductions=None))
    assert answer["uc_out_of_work"] == 400.14
    assert answer["better_off_by"] == 446.42


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        pytest.param([], "input", id="not-an-object"),
        pytest.param(with_changes(tax_year="2024-25"), "tax_year", id="unknown-tax-year"),
        pytest.param(with_changes(tax_year=...), "tax_year", id="missing-tax-year"),
        pytest.param(with_changes(age=30.5), "age", id="age-not-whole"),
        pytest.param(with_changes(age="30"), "age", id="age-as-text"),
        pytest.param(with_changes(age=...), "age", id="missing-age"),
        pytest.param(with_changes(age=True), "age", id="age-as-boolean"),
        pytest.param(with_changes(partner_age=24.5), "partner_age", id="partner-age-not-whole"),
        pytest.param(with_changes(children=-1), "children", id="negative-children"),
        pytest.param(with_changes(children=1.5), "children", id="children-not-whole"),
        pytest.param(with_changes(housing_costs=-1), "housing_costs", id="negative-housing-costs"),
        pytest.param(with_changes(capital=float("nan")), "capital", id="capital-not-a-number"),
        pytest.param(with_changes(other_income=-0.01), "other_income", id="negative-other-income"),
        pytest.param(with_changes(deductions="10"), "deductions", id="deductions-as-text"),
        pytest.param(with_changes(job=...), "job", id="missing-job"),
        pytest.param(with_changes(job=[16, 12.21]), "job", id="job-not-an-object"),
        pytest.param(with_changes(job__hours_per_week=0), "job.hours_per_week", id="zero-hours"),
        pytest.param(with_changes(job__hours_per_week=...), "job.hours_per_week", id="missing-hours"),
        pytest.param(with_changes(job__hourly_pay=0), "job.hourly_pay", id="zero-pay"),
        pytest.param(with_changes(job__overtime=5), "job.overtime", id="unknown-job-field"),
        pytest.param(with_changes(salary=20000), "salary", id="unknown-field"),
        pytest.param(with_changes(capability="maybe"), "capability", id="unknown-capability"),
        pytest.param(with_changes(lcwra_protected=1), "lcwra_protected", id="boolean-given-as-number"),
        pytest.param(with_changes(lcwra_protected="true"), "lcwra_protected", id="boolean-given-as-text"),
    ],
)
def test_bad_input_names_the_field(payload, field):
    with pytest.raises(InputError) as raised:
        better_off_from_json(payload)
    assert raised.value.field == field
    assert str(raised.value).startswith(f"{field}: ")


def run_command(payload: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [sys.executable, "-m", "ipsgate", "rules", "better-off"],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ipsgate.settings.test"},
        timeout=120,
        check=False,
    )


def test_command_good_input():
    completed = run_command(EXAMPLE)
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    answer = json.loads(completed.stdout)
    assert set(answer) == KEYS
    assert {key: answer[key] for key in EXAMPLE_MONEY} == EXAMPLE_MONEY


def test_command_bad_input():
    completed = run_command(with_changes(job__hours_per_week=0))
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.endswith("\n")
    assert completed.stderr.count("\n") == 1
    assert completed.stderr.startswith("job.hours_per_week: ")
