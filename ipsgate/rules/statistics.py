"""Evaluation statistics: IPS against service as usual (SAU). Pure Python, no Django.

Every figure comes from a library (statsmodels, scipy, lifelines); nothing here re-derives a statistic that a
library provides. Each result carries the `method` used and a plain-English `explanation` that a practitioner
could read out.

- `compare_arms`: the risk (proportion with the outcome) per group; the risk difference with the Newcombe hybrid
  score 95% interval; the risk ratio with the log (Katz) 95% interval; Fisher's exact test, two-sided.
- `survival`: Kaplan-Meier estimates per group, the median time or None when the curve never falls to a half,
  and the log-rank test across the groups.
- `cox_model`: a Cox proportional hazards model, fitted only when there are enough events (at least
  `EVENTS_PER_COVARIATE` events for each covariate column), otherwise a result saying why it was not fitted.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

CONFIDENCE = 0.95
ALPHA = 1 - CONFIDENCE
EVENTS_PER_COVARIATE = 10  # the usual rule of thumb (Peduzzi et al., 1995) for a stable Cox model
SMALL_SUBGROUP_N = 20  # a subgroup arm smaller than this gives an interval too wide to act on

COMPARE_METHOD = (
    "Risk = people with the outcome / people in the group. Risk difference (group minus reference) with the "
    "Newcombe hybrid score 95% confidence interval; risk ratio (group / reference) with the log (Katz) 95% "
    "confidence interval; Fisher's exact test, two-sided. Computed with statsmodels and scipy."
)
SURVIVAL_METHOD = (
    "Kaplan-Meier estimate of the share still without the event over time, per group (lifelines); people "
    "without the event are censored at the end of their follow-up. Median = first day the estimate falls to "
    "0.5 or below (none if it never does). Log-rank test across the groups (lifelines)."
)
COX_METHOD = (
    "Cox proportional hazards model (lifelines CoxPHFitter, Efron ties). Hazard ratio above 1: the event (a "
    f"job start) comes sooner. 95% confidence intervals. Fitted only with at least {EVENTS_PER_COVARIATE} events "
    "per covariate."
)


def _p_text(p: float | None) -> str:
    if p is None or math.isnan(p):
        return "no test was possible"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


@dataclass(frozen=True)
class GroupCount:
    n: int
    events: int

    @property
    def risk(self) -> float:
        return self.events / self.n


@dataclass(frozen=True)
class ArmComparison:
    reference: str
    group: str  # the group compared with the reference
    counts: dict[str, GroupCount]
    risk_difference: float
    risk_difference_ci95: tuple[float, float]
    risk_ratio: float | None  # None when a group has no events: the ratio or its log interval is undefined
    risk_ratio_ci95: tuple[float, float] | None
    fisher_p: float
    method: str
    explanation: str

    @property
    def risk(self) -> dict[str, float]:
        return {name: count.risk for name, count in self.counts.items()}


def compare_arms(groups: Mapping[str, GroupCount], reference: str) -> ArmComparison:
    """Compare two groups' risks of an outcome. `groups` has exactly two entries, one of them `reference`."""
    from scipy.stats import fisher_exact
    from statsmodels.stats.proportion import confint_proportions_2indep

    if len(groups) != 2:
        raise ValueError("compare_arms needs exactly two groups")
    if reference not in groups:
        raise ValueError(f"the reference group {reference!r} is not one of the groups")
    for name, count in groups.items():
        if count.n < 1 or not 0 <= count.events <= count.n:
            raise ValueError(f"group {name!r}: need n >= 1 and 0 <= events <= n")
    (other,) = [name for name in groups if name != reference]
    a, b = groups[other], groups[reference]
    low, high = confint_proportions_2indep(a.events, a.n, b.events, b.n, compare="diff", method="newcomb", alpha=ALPHA)
    low, high = max(-1.0, float(low)), min(1.0, float(high))  # floating-point noise can reach -1.0000000000000002
    difference = a.risk - b.risk
    ratio: float | None = None
    ratio_ci: tuple[float, float] | None = None
    if a.events > 0 and b.events > 0:
        r_low, r_high = confint_proportions_2indep(
            a.events, a.n, b.events, b.n, compare="ratio", method="log", alpha=ALPHA
        )
        ratio, ratio_ci = a.risk / b.risk, (float(r_low), float(r_high))
    _, p = fisher_exact([[a.events, a.n - a.events], [b.events, b.n - b.events]], alternative="two-sided")
    words = [
        f"{a.events} of {a.n} in {other} ({a.risk:.1%}) against {b.events} of {b.n} in {reference} ({b.risk:.1%}).",
        f"Difference {difference * 100:+.1f} percentage points (95% CI {low * 100:+.1f} to {high * 100:+.1f}).",
    ]
    if ratio is not None and ratio_ci is not None:
        words.append(f"{other} is {ratio:.2f} times as likely (95% CI {ratio_ci[0]:.2f} to {ratio_ci[1]:.2f}).")
    else:
        words.append(
            "No risk ratio: a group with no events makes the ratio (or its log interval) undefined, so only the "
            "difference is given."
        )
    words.append(f"Fisher's exact test {_p_text(float(p))}.")
    if low <= 0 <= high:
        words.append("The interval includes no difference, so chance alone could explain a gap this size.")
    return ArmComparison(
        reference=reference,
        group=other,
        counts=dict(groups),
        risk_difference=difference,
        risk_difference_ci95=(float(low), float(high)),
        risk_ratio=ratio,
        risk_ratio_ci95=ratio_ci,
        fisher_p=float(p),
        method=COMPARE_METHOD,
        explanation=" ".join(words),
    )


# --- Time to event ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Observation:
    group: str
    days: float
    event: bool


@dataclass(frozen=True)
class CurvePoint:
    """One step of a Kaplan-Meier curve: at `day`, `at_risk` people were followed, `events` had the event."""

    day: float
    at_risk: int
    events: int
    censored: int
    survival: float


@dataclass(frozen=True)
class GroupSurvival:
    n: int
    events: int
    median_days: float | None
    curve: list[CurvePoint] = field(default_factory=list)


@dataclass(frozen=True)
class SurvivalResult:
    groups: dict[str, GroupSurvival]
    logrank_p: float | None
    method: str
    explanation: str


def survival(observations: Sequence[Observation]) -> SurvivalResult:
    """Kaplan-Meier per group and the log-rank test across groups (None with one group or no events)."""
    from lifelines import KaplanMeierFitter
    from lifelines.statistics import multivariate_logrank_test

    if not observations:
        raise ValueError("survival needs at least one observation")
    names = sorted({o.group for o in observations})
    groups: dict[str, GroupSurvival] = {}
    for name in names:
        mine = [o for o in observations if o.group == name]
        fitter = KaplanMeierFitter().fit([o.days for o in mine], [o.event for o in mine], label=name)
        median = float(fitter.median_survival_time_)
        table = fitter.event_table
        estimate = fitter.survival_function_[name]
        curve = [
            CurvePoint(
                day=float(day),
                at_risk=int(row["at_risk"]),
                events=int(row["observed"]),
                censored=int(row["censored"]),
                survival=float(estimate.loc[day]),
            )
            for day, row in table.iterrows()
        ]
        groups[name] = GroupSurvival(
            n=len(mine),
            events=sum(o.event for o in mine),
            median_days=median if math.isfinite(median) else None,
            curve=curve,
        )
    total_events = sum(g.events for g in groups.values())
    p: float | None = None
    if len(names) >= 2 and total_events > 0:
        test = multivariate_logrank_test(
            [o.days for o in observations], [o.group for o in observations], [o.event for o in observations]
        )
        p = float(test.p_value)
    words = []
    for name, g in groups.items():
        median_words = (
            f"half had the event by day {g.median_days:g}"
            if g.median_days is not None
            else "fewer than half had the event during follow-up, so there is no median"
        )
        words.append(f"{name}: {g.events} event{'' if g.events == 1 else 's'} among {g.n} people; {median_words}.")
    if p is None:
        words.append("No log-rank test: it needs at least two groups and at least one event.")
    else:
        words.append(f"Log-rank test {_p_text(p)}.")
        if p >= ALPHA:
            words.append("The curves do not differ by more than chance would explain.")
    return SurvivalResult(groups=groups, logrank_p=p, method=SURVIVAL_METHOD, explanation=" ".join(words))


# --- Cox model -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HazardRatio:
    covariate: str
    hazard_ratio: float
    ci95: tuple[float, float]
    p: float


@dataclass(frozen=True)
class CoxResult:
    fitted: bool
    n: int
    events: int
    covariates: list[str]
    hazard_ratios: list[HazardRatio]
    method: str
    explanation: str


def cox_model(rows: Sequence[Mapping[str, Any]], covariates: Sequence[str]) -> CoxResult:
    """Fit a Cox model of `days` (and `event`) on numeric `covariates` in each row, when there are enough events.

    Categorical covariates are passed as 0/1 indicator columns by the caller. The model is not fitted (and the
    result says why) with fewer than EVENTS_PER_COVARIATE events per covariate, with a covariate that takes a
    single value, or when the fit does not converge.
    """
    import pandas as pd  # type: ignore[import-untyped]  # pandas-stubs is not a dependency
    from lifelines import CoxPHFitter
    from lifelines.exceptions import ConvergenceError

    n = len(rows)
    events = sum(bool(row["event"]) for row in rows)
    needed = EVENTS_PER_COVARIATE * len(covariates)

    def not_fitted(reason: str) -> CoxResult:
        return CoxResult(False, n, events, list(covariates), [], COX_METHOD, f"The Cox model was not fitted: {reason}")

    if not covariates:
        return not_fitted("there are no covariates.")
    if events < needed:
        return not_fitted(
            f"there are {events} events and {len(covariates)} covariates; at least {EVENTS_PER_COVARIATE} events "
            f"per covariate ({needed}) are needed for hazard ratios that can be trusted."
        )
    frame = pd.DataFrame(
        {
            "days": [float(row["days"]) for row in rows],
            "event": [bool(row["event"]) for row in rows],
            **{name: [float(row[name]) for row in rows] for name in covariates},
        }
    )
    constant = [name for name in covariates if frame[name].nunique() < 2]
    if constant:
        return not_fitted(f"the covariate {constant[0]!r} takes a single value, so it cannot be estimated.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fitter = CoxPHFitter(alpha=ALPHA).fit(frame, duration_col="days", event_col="event")
    except (ConvergenceError, ValueError, ZeroDivisionError, ArithmeticError) as error:
        return not_fitted(f"the fit did not converge ({str(error).splitlines()[0][:120]}).")
    summary = fitter.summary
    ratios = [
        HazardRatio(
            covariate=name,
            hazard_ratio=float(summary.loc[name, "exp(coef)"]),
            ci95=(
                float(summary.loc[name, f"exp(coef) lower {CONFIDENCE:.0%}"]),
                float(summary.loc[name, f"exp(coef) upper {CONFIDENCE:.0%}"]),
            ),
            p=float(summary.loc[name, "p"]),
        )
        for name in covariates
    ]
    words = [f"Fitted on {n} people with {events} events."]
    words += [
        f"{r.covariate}: hazard ratio {r.hazard_ratio:.2f} (95% CI {r.ci95[0]:.2f} to {r.ci95[1]:.2f}), {_p_text(r.p)}."
        for r in ratios
    ]
    return CoxResult(True, n, events, list(covariates), ratios, COX_METHOD, " ".join(words))


def is_small_subgroup(counts: Mapping[str, GroupCount]) -> bool:
    """A subgroup is small when any arm has fewer than SMALL_SUBGROUP_N people."""
    return any(count.n < SMALL_SUBGROUP_N for count in counts.values())
