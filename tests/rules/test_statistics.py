"""Evaluation statistics against published values, hand arithmetic, and the libraries called directly here."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lifelines import CoxPHFitter, KaplanMeierFitter
from lifelines.statistics import logrank_test
from scipy.stats import fisher_exact
from statsmodels.stats.proportion import confint_proportions_2indep

from ipsgate.rules.json_contract import InputError
from ipsgate.rules.statistics import (
    EVENTS_PER_COVARIATE,
    GroupCount,
    Observation,
    compare_arms,
    cox_model,
    survival,
)
from ipsgate.rules.statistics_json import compare_arms_from_json, survival_from_json

# --- compare_arms ----------------------------------------------------------------------------------------


def test_the_issue_example_23_of_61_against_11_of_58():
    result = compare_arms({"IPS": GroupCount(61, 23), "SAU": GroupCount(58, 11)}, "SAU")
    # Hand arithmetic: 23/61 = 0.37705, 11/58 = 0.18966, difference 0.18739, ratio 1.98808.
    assert result.risk["IPS"] == pytest.approx(0.37705, abs=1e-5)
    assert result.risk["SAU"] == pytest.approx(0.18966, abs=1e-5)
    assert result.risk_difference == pytest.approx(0.18739, abs=1e-5)
    assert result.risk_ratio == pytest.approx(1.98808, abs=1e-5)
    # Katz log interval by hand: SE(log RR) = sqrt(1/23 - 1/61 + 1/11 - 1/58).
    se = math.sqrt(1 / 23 - 1 / 61 + 1 / 11 - 1 / 58)
    expected_ratio_ci = (1.98808 * math.exp(-1.959964 * se), 1.98808 * math.exp(1.959964 * se))
    assert result.risk_ratio_ci95 == pytest.approx(expected_ratio_ci, abs=1e-4)
    assert result.risk_ratio_ci95 == pytest.approx((1.067, 3.704), abs=5e-4)
    # The libraries, called directly.
    low, high = confint_proportions_2indep(23, 61, 11, 58, compare="diff", method="newcomb")
    assert result.risk_difference_ci95 == pytest.approx((low, high), abs=1e-12)
    _, p = fisher_exact([[23, 38], [11, 47]])
    assert result.fisher_p == pytest.approx(p, abs=1e-12)
    assert 0.02 < result.fisher_p < 0.04
    assert "23 of 61" in result.explanation and "Newcombe" in result.method and "Katz" in result.method


@pytest.mark.parametrize(
    ("a", "n1", "b", "n2", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:873-890, Table II, method 10 (hybrid score, no correction).
        (56, 70, 48, 80, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.1705, 0.8090),
        (5, 56, 0, 29, -0.0381, 0.1926),
        (0, 10, 0, 20, -0.1611, 0.2775),
    ],
)
def test_risk_difference_interval_matches_newcombes_published_table(a, n1, b, n2, low, high):
    result = compare_arms({"IPS": GroupCount(n1, a), "SAU": GroupCount(n2, b)}, "SAU")
    assert result.risk_difference_ci95 == pytest.approx((low, high), abs=5e-5)


def test_hand_checkable_risks_and_the_reference_direction():
    result = compare_arms({"SAU": GroupCount(10, 2), "IPS": GroupCount(20, 10)}, "SAU")
    assert result.group == "IPS"
    assert result.risk == {"SAU": 0.2, "IPS": 0.5}
    assert result.risk_difference == pytest.approx(0.3)
    assert result.risk_ratio == pytest.approx(2.5)
    flipped = compare_arms({"SAU": GroupCount(10, 2), "IPS": GroupCount(20, 10)}, "IPS")
    assert flipped.risk_difference == pytest.approx(-0.3)
    assert flipped.risk_ratio == pytest.approx(0.4)


@pytest.mark.parametrize(("ips_events", "sau_events"), [(0, 3), (3, 0), (0, 0)])
def test_zero_events_give_no_ratio_but_a_difference(ips_events, sau_events):
    result = compare_arms({"IPS": GroupCount(10, ips_events), "SAU": GroupCount(12, sau_events)}, "SAU")
    assert result.risk_ratio is None
    assert result.risk_ratio_ci95 is None
    assert "No risk ratio" in result.explanation
    low, high = confint_proportions_2indep(ips_events, 10, sau_events, 12, compare="diff", method="newcomb")
    assert result.risk_difference_ci95 == pytest.approx((low, high))
    assert result.risk_difference == pytest.approx(ips_events / 10 - sau_events / 12)


@pytest.mark.parametrize(
    "groups",
    [
        {"IPS": GroupCount(0, 0), "SAU": GroupCount(5, 1)},
        {"IPS": GroupCount(5, 6), "SAU": GroupCount(5, 1)},
        {"IPS": GroupCount(5, 1)},
    ],
)
def test_impossible_counts_are_refused(groups):
    with pytest.raises(ValueError):
        compare_arms(groups, "IPS")


@given(
    n1=st.integers(1, 200),
    n2=st.integers(1, 200),
    data=st.data(),
)
def test_interval_contains_the_estimate_and_stays_in_bounds(n1, n2, data):
    a = data.draw(st.integers(0, n1))
    b = data.draw(st.integers(0, n2))
    result = compare_arms({"IPS": GroupCount(n1, a), "SAU": GroupCount(n2, b)}, "SAU")
    low, high = result.risk_difference_ci95
    assert -1 <= low <= result.risk_difference + 1e-9 and result.risk_difference - 1e-9 <= high <= 1
    assert 0 <= result.fisher_p <= 1 + 1e-9
    if result.risk_ratio is not None:
        assert result.risk_ratio_ci95 is not None
        assert result.risk_ratio_ci95[0] <= result.risk_ratio <= result.risk_ratio_ci95[1]


def test_interval_at_the_extreme_stays_within_minus_one_and_one():
    # 0 of 1 against 38 of 38: statsmodels gives -1.0000000000000002 for the lower limit (floating-point noise).
    result = compare_arms({"IPS": GroupCount(1, 0), "SAU": GroupCount(38, 38)}, "SAU")
    assert result.risk_difference == -1
    assert result.risk_difference_ci95[0] == -1.0
    assert result.risk_difference_ci95[1] < 0


# --- survival --------------------------------------------------------------------------------------------

OBSERVATIONS = [
    Observation("IPS", 10, True),
    Observation("IPS", 20, True),
    Observation("IPS", 30, True),
    Observation("IPS", 40, False),
    Observation("SAU", 5, True),
    Observation("SAU", 15, False),
    Observation("SAU", 60, False),
    Observation("SAU", 90, True),
]


def test_kaplan_meier_medians_by_hand_and_logrank_from_lifelines():
    result = survival(OBSERVATIONS)
    # IPS by hand: S(10) = 3/4, S(20) = 2/4, so the median is day 20.
    assert result.groups["IPS"].median_days == 20
    assert (result.groups["IPS"].n, result.groups["IPS"].events) == (4, 3)
    # SAU: S(5) = 3/4; censored at 15 and 60; S(90) = 3/4 * 0 = 0, so the median is day 90.
    assert result.groups["SAU"].median_days == 90
    kmf = KaplanMeierFitter().fit([5, 15, 60, 90], [True, False, False, True])
    assert result.groups["SAU"].median_days == kmf.median_survival_time_
    test = logrank_test([10, 20, 30, 40], [5, 15, 60, 90], [1, 1, 1, 0], [1, 0, 0, 1])
    assert result.logrank_p == pytest.approx(test.p_value, abs=1e-12)
    assert "Log-rank" in result.method and "Kaplan-Meier" in result.method


def test_no_median_when_fewer_than_half_have_the_event():
    result = survival([Observation("IPS", 10, True), Observation("IPS", 50, False), Observation("IPS", 60, False)])
    assert result.groups["IPS"].median_days is None
    assert result.logrank_p is None  # one group: no test
    assert "no median" in result.explanation


def test_no_events_at_all_gives_no_test():
    result = survival([Observation("IPS", 10, False), Observation("SAU", 12, False)])
    assert result.logrank_p is None
    assert result.groups["IPS"].events == 0


def test_curve_steps_follow_the_hand_computed_estimate():
    curve = {p.day: p for p in survival(OBSERVATIONS).groups["IPS"].curve}
    assert curve[10].survival == pytest.approx(0.75)
    assert curve[20].survival == pytest.approx(0.5)
    assert curve[30].survival == pytest.approx(0.25)
    assert (curve[40].at_risk, curve[40].censored) == (1, 1)


# --- Cox model -------------------------------------------------------------------------------------------


def _cox_rows(people: int) -> list[dict[str, float | bool]]:
    rows = []
    for i in range(people):
        treated = i % 2
        rows.append(
            {
                "days": 20 + (i * 37) % 150 + (0 if treated else 40),
                "event": (i % 5) != 0,
                "IPS arm": float(treated),
                "age": 20 + (i * 13) % 40,
            }
        )
    return rows


def test_cox_model_fitted_with_enough_events_matches_lifelines():
    import pandas as pd  # type: ignore[import-untyped]  # pandas-stubs is not a dependency

    rows = _cox_rows(60)  # 48 events, 2 covariates: needs 20
    result = cox_model(rows, ["IPS arm", "age"])
    assert result.fitted and result.events == 48
    direct = CoxPHFitter().fit(pd.DataFrame(rows), duration_col="days", event_col="event").summary
    arm = result.hazard_ratios[0]
    assert arm.covariate == "IPS arm"
    assert arm.hazard_ratio == pytest.approx(direct.loc["IPS arm", "exp(coef)"], rel=1e-6)
    assert arm.ci95[0] == pytest.approx(direct.loc["IPS arm", "exp(coef) lower 95%"], rel=1e-6)
    assert arm.ci95[1] == pytest.approx(direct.loc["IPS arm", "exp(coef) upper 95%"], rel=1e-6)
    assert arm.hazard_ratio > 1  # the treated rows were built to get their jobs 40 days sooner


def test_cox_model_not_fitted_with_too_few_events():
    rows = _cox_rows(60)[:20]  # 16 events for 2 covariates
    result = cox_model(rows, ["IPS arm", "age"])
    assert not result.fitted
    assert result.hazard_ratios == []
    assert f"at least {EVENTS_PER_COVARIATE} events per covariate (20)" in result.explanation


def test_cox_model_not_fitted_when_a_covariate_never_varies():
    rows = [{**row, "age": 30} for row in _cox_rows(60)]
    result = cox_model(rows, ["IPS arm", "age"])
    assert not result.fitted
    assert "'age' takes a single value" in result.explanation


# --- JSON contracts --------------------------------------------------------------------------------------

EXAMPLE = {"groups": {"IPS": {"n": 61, "events": 23}, "SAU": {"n": 58, "events": 11}}, "reference": "SAU"}


def test_compare_arms_json_rounds_to_three_places():
    answer = compare_arms_from_json(EXAMPLE)
    assert answer["risk"] == {"IPS": 0.377, "SAU": 0.190}
    assert answer["risk_difference"] == 0.187
    assert answer["risk_ratio"] == 1.988
    assert answer["risk_ratio_ci95"] == [1.067, 3.704]
    low, high = confint_proportions_2indep(23, 61, 11, 58, compare="diff", method="newcomb")
    assert answer["risk_difference_ci95"] == [round(low, 3), round(high, 3)]
    assert answer["fisher_p"] == float(f"{fisher_exact([[23, 38], [11, 47]])[1]:.3g}")


def test_compare_arms_json_zero_events_gives_null_ratio():
    answer = compare_arms_from_json(
        {"groups": {"IPS": {"n": 5, "events": 0}, "SAU": {"n": 5, "events": 2}}, "reference": "SAU"}
    )
    assert answer["risk_ratio"] is None and answer["risk_ratio_ci95"] is None
    assert answer["risk_difference"] == -0.4


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ([], "input"),
        ({"groups": {"IPS": {"n": 5, "events": 1}}, "reference": "IPS"}, "groups"),
        ({**EXAMPLE, "extra": 1}, "extra"),
        (
            {"groups": {"IPS": {"n": 5, "events": 6}, "SAU": {"n": 5, "events": 1}}, "reference": "SAU"},
            "groups.IPS.events",
        ),
        ({"groups": {"IPS": {"n": 0, "events": 0}, "SAU": {"n": 5, "events": 1}}, "reference": "SAU"}, "groups.IPS.n"),
        (
            {"groups": {"IPS": {"n": True, "events": 0}, "SAU": {"n": 5, "events": 1}}, "reference": "SAU"},
            "groups.IPS.n",
        ),
        (
            {"groups": {"IPS": {"n": 5.5, "events": 0}, "SAU": {"n": 5, "events": 1}}, "reference": "SAU"},
            "groups.IPS.n",
        ),
        (
            {"groups": {"IPS": {"n": 5, "events": -1}, "SAU": {"n": 5, "events": 1}}, "reference": "SAU"},
            "groups.IPS.events",
        ),
        ({"groups": {"IPS": {"n": 5}, "SAU": {"n": 5, "events": 1}}, "reference": "SAU"}, "groups.IPS.events"),
        ({"groups": {"IPS": 5, "SAU": {"n": 5, "events": 1}}, "reference": "SAU"}, "groups.IPS"),
        ({**EXAMPLE, "reference": "CONTROL"}, "reference"),
        ({"groups": EXAMPLE["groups"]}, "reference"),
    ],
)
def test_compare_arms_bad_input_names_the_field(payload, field):
    with pytest.raises(InputError) as raised:
        compare_arms_from_json(payload)
    assert raised.value.field == field


def test_survival_json_contract():
    payload = {"observations": [{"group": o.group, "days": o.days, "event": o.event} for o in OBSERVATIONS]}
    answer = survival_from_json(payload)
    assert set(answer) == {"groups", "logrank_p", "method", "explanation"}
    assert answer["groups"]["IPS"] == {"n": 4, "events": 3, "median_days": 20}
    assert answer["groups"]["SAU"] == {"n": 4, "events": 2, "median_days": 90}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"observations": []}, "observations"),
        ({}, "observations"),
        ({"observations": [{"group": "IPS", "days": -1, "event": True}]}, "observations[0].days"),
        ({"observations": [{"group": "IPS", "days": "3", "event": True}]}, "observations[0].days"),
        ({"observations": [{"group": "IPS", "days": 3, "event": 1}]}, "observations[0].event"),
        ({"observations": [{"group": "", "days": 3, "event": True}]}, "observations[0].group"),
        ({"observations": [{"group": "IPS", "days": 3, "event": True, "x": 1}]}, "observations[0].x"),
        ({"observations": [{"group": "IPS", "days": 3, "event": True}, 7]}, "observations[1]"),
    ],
)
def test_survival_bad_input_names_the_field(payload, field):
    with pytest.raises(InputError) as raised:
        survival_from_json(payload)
    assert raised.value.field == field
