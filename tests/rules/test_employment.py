"""Competitive employment and sustainment checks due."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ipsgate.rules.employment import competitive_employment, job_being_worked


def competitive(**overrides: Any):
    facts: dict[str, Any] = {
        "open_labour_market": True,
        "reserved_for_disabled_people": False,
        "hourly_pay": Decimal("12.71"),
        "age_at_start": 30,
        "start_date": date(2026, 5, 1),
    }
    facts.update(overrides)
    return competitive_employment(**facts)


@pytest.mark.parametrize(
    ("overrides", "expected", "phrase"),
    [
        ({}, True, "Competitive employment"),
        ({"open_labour_market": False}, False, "not open to anyone"),
        ({"reserved_for_disabled_people": True}, False, "set aside for disabled people"),
        ({"hourly_pay": Decimal("12.70")}, False, "below the £12.71 minimum for age 30"),
        ({"hourly_pay": Decimal("10.85"), "age_at_start": 19}, True, "meets"),
        ({"hourly_pay": Decimal("12.21"), "start_date": date(2026, 3, 31)}, True, "meets"),  # 2025 rate still
        ({"hourly_pay": Decimal("12.21"), "start_date": date(2026, 4, 1)}, False, "below"),
        ({"start_date": date(2020, 1, 1)}, False, "no minimum wage rate"),
    ],
)
def test_competitive_employment(overrides, expected, phrase):
    result = competitive(**overrides)
    assert result.competitive is expected
    assert phrase in result.explanation


def test_several_failures_are_all_explained():
    result = competitive(open_labour_market=False, reserved_for_disabled_people=True, hourly_pay=Decimal("5"))
    assert not result.competitive
    assert result.explanation.count(";") == 2


# --- Whether a current job is being worked (issue 16 items 1 and 5) ----------------------------------------------


@pytest.mark.parametrize(
    ("in_custody", "rotl", "held_open", "worked"),
    [
        (False, False, False, True),  # out of prison: at work
        (False, True, False, True),  # started on ROTL, now released
        (False, False, True, True),  # held during a recall, now re-released
        (True, True, False, True),  # paid work on release on temporary licence
        (True, False, False, False),  # back in prison after a recall, job still recorded: not at work
        (True, False, True, False),  # back in prison, the employer keeping the job open
        (True, True, True, False),  # ROTL work held open
    ],
)
def test_job_being_worked(in_custody, rotl, held_open, worked):
    assert job_being_worked(in_custody=in_custody, rotl_while_in_custody=rotl, held_open=held_open) is worked
