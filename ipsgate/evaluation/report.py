"""The IPS-versus-service-as-usual report, built from anonymous rows with the pure statistics in `rules`.

Definitions (stated on the page too):
- Employed within 6 months of release: among people released at least 183 days ago, a job starting on or after
  the release date and no more than 183 days after it.
- Time to first job: days from release to the first job start; people without a job are censored at the earlier
  of today and the end of their episode of support (at day 0 if support ended before release).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ipsgate.advice.models import OFFENCE_CATEGORY_CHOICES
from ipsgate.rules import statistics
from ipsgate.rules.statistics import ArmComparison, CoxResult, GroupCount, Observation, SurvivalResult
from ipsgate.rules.suppression import SMALL_NUMBER_THRESHOLD

from .choices import Arm
from .selectors import EvaluationRow

SIX_MONTHS_DAYS = 183
TABLE_DAYS = (0, 30, 61, 91, 122, 152, 183, 274, 365)
ARMS = (Arm.IPS.value, Arm.SAU.value)
REFERENCE = Arm.SAU.value
AGE_BANDS = ((0, 24, "16 to 24"), (25, 34, "25 to 34"), (35, 49, "35 to 49"), (50, 200, "50 and over"))


def is_small(count: int) -> bool:
    return 0 < count < SMALL_NUMBER_THRESHOLD


def shown(count: int, *, suppress: bool) -> str:
    """Counts of 1 to 4 could identify someone: analysts see "<5"."""
    return f"<{SMALL_NUMBER_THRESHOLD}" if suppress and is_small(count) else str(count)


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


@dataclass(frozen=True)
class ArmCell:
    arm: str
    n: str
    events: str
    risk: str  # "" when hidden


@dataclass(frozen=True)
class ComparisonView:
    label: str
    cells: list[ArmCell]  # in ARMS order: IPS, then SAU
    comparison: ArmComparison | None
    hidden: bool  # analysts: a count from 1 to 4 hides the proportions and the comparison
    small: bool
    difference: str
    ratio: str
    fisher: str


@dataclass(frozen=True)
class CurveTableRow:
    day: int
    cells: list[tuple[str, str]]  # per arm in ARMS order: (number at risk, cumulative share in work)


@dataclass
class Report:
    today: date
    cutoff: date
    six_month: ComparisonView | None
    survival: SurvivalResult | None
    survival_medians: list[tuple[str, str, str, str]]  # arm label, people, events, median
    curve_table: list[CurveTableRow]
    cox: CoxResult | None
    cox_text: str = ""
    logrank_text: str = ""
    survival_text: str = ""
    subgroups: dict[str, list[ComparisonView]] = field(default_factory=dict)
    people: str = "0"
    suppress: bool = False
    observations: list[Observation] = field(default_factory=list)


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band(born: date, on: date) -> str:
    age = age_on(born, on)
    return next(label for low, high, label in AGE_BANDS if low <= age <= high)


def employed_within_six_months(row: EvaluationRow) -> bool:
    return row.first_job_start is not None and row.first_job_start <= row.released + timedelta(days=SIX_MONTHS_DAYS)


def _comparison(label: str, rows: list[EvaluationRow], *, suppress: bool) -> ComparisonView:
    counts = {
        arm: GroupCount(
            n=sum(1 for r in rows if r.arm == arm),
            events=sum(1 for r in rows if r.arm == arm and employed_within_six_months(r)),
        )
        for arm in ARMS
    }
    hidden = suppress and any(is_small(c.n) or is_small(c.events) or is_small(c.n - c.events) for c in counts.values())
    comparison = None
    if all(c.n > 0 for c in counts.values()):
        comparison = statistics.compare_arms(counts, REFERENCE)
    cells = [
        ArmCell(
            arm=str(Arm(arm).label),
            n=shown(c.n, suppress=suppress),
            events=shown(c.events, suppress=suppress),
            risk="" if hidden or c.n == 0 else _pct(c.risk),
        )
        for arm, c in counts.items()
    ]
    difference = ratio = fisher = ""
    if comparison is not None and not hidden:
        low, high = comparison.risk_difference_ci95
        difference = f"{comparison.risk_difference * 100:+.1f} points ({low * 100:+.1f} to {high * 100:+.1f})"
        if comparison.risk_ratio is not None and comparison.risk_ratio_ci95 is not None:
            r_low, r_high = comparison.risk_ratio_ci95
            ratio = f"{comparison.risk_ratio:.2f} ({r_low:.2f} to {r_high:.2f})"
        else:
            ratio = "not defined (no events in an arm)"
        fisher = "< 0.001" if comparison.fisher_p < 0.001 else f"{comparison.fisher_p:.3f}"
    return ComparisonView(
        label=label,
        cells=cells,
        comparison=None if hidden else comparison,
        hidden=hidden,
        small=statistics.is_small_subgroup(counts),
        difference=difference,
        ratio=ratio,
        fisher=fisher,
    )


def _observation(row: EvaluationRow, today: date) -> Observation:
    end = min(today, row.episode_end) if row.episode_end else today
    end = max(end, row.released)
    if row.first_job_start is not None and row.first_job_start <= end:
        return Observation(group=row.arm, days=float((row.first_job_start - row.released).days), event=True)
    return Observation(group=row.arm, days=float((end - row.released).days), event=False)


def _curve_table(result: SurvivalResult, observations: list[Observation], *, suppress: bool) -> list[CurveTableRow]:
    table = []
    for day in TABLE_DAYS:
        cells = []
        for arm in ARMS:
            group = result.groups.get(arm)
            if group is None:
                cells.append(("0", ""))
                continue
            at_risk = sum(1 for o in observations if o.group == arm and o.days >= day)
            estimate = 1.0
            for point in group.curve:
                if point.day <= day:
                    estimate = point.survival
            # Once nobody is followed any more the estimate says nothing new: show no figure.
            cells.append((shown(at_risk, suppress=suppress), _pct(1 - estimate) if at_risk else ""))
        table.append(CurveTableRow(day=day, cells=cells))
    return table


def _cox(rows: list[EvaluationRow], observations: list[Observation]) -> CoxResult:
    site_sizes: dict[str, int] = {}
    for row in rows:
        site_sizes[row.site] = site_sizes.get(row.site, 0) + 1
    reference_site = max(sorted(site_sizes), key=lambda s: site_sizes[s]) if site_sizes else ""
    other_sites = sorted(s for s in site_sizes if s != reference_site)
    covariates = ["IPS arm", "age at release (per 10 years)", "prior employment"] + [
        f"site: {s} (against {reference_site})" for s in other_sites
    ]
    data = []
    for row, obs in zip(rows, observations, strict=True):
        item: dict[str, float | bool] = {
            "days": obs.days,
            "event": obs.event,
            "IPS arm": 1.0 if row.arm == Arm.IPS else 0.0,
            "age at release (per 10 years)": age_on(row.date_of_birth, row.released) / 10,
            "prior employment": 1.0 if row.prior_employment else 0.0,
        }
        for site in other_sites:
            item[f"site: {site} (against {reference_site})"] = 1.0 if row.site == site else 0.0
        data.append(item)
    return statistics.cox_model(data, covariates)


def build_report(rows: list[EvaluationRow], *, today: date, suppress: bool) -> Report:
    cutoff = today - timedelta(days=SIX_MONTHS_DAYS)
    followed = [r for r in rows if r.released <= cutoff]
    report = Report(
        today=today,
        cutoff=cutoff,
        six_month=_comparison("Everyone", followed, suppress=suppress) if followed else None,
        survival=None,
        survival_medians=[],
        curve_table=[],
        cox=None,
        people=shown(len(rows), suppress=suppress),
        suppress=suppress,
    )
    if rows:
        observations = [_observation(r, today) for r in rows]
        result = statistics.survival(observations)
        report.survival = result
        report.observations = observations
        report.survival_medians = [
            (
                str(Arm(arm).label),
                shown(g.n, suppress=suppress),
                shown(g.events, suppress=suppress),
                "not reached" if g.median_days is None else f"{g.median_days:g} days",
            )
            for arm, g in result.groups.items()
        ]
        report.curve_table = _curve_table(result, observations, suppress=suppress)
        report.cox = _cox(rows, observations)
        report.cox_text = report.cox.explanation
        report.survival_text = result.explanation
        p = result.logrank_p
        report.logrank_text = (
            "not possible (it needs both arms and at least one job start)"
            if p is None
            else ("p < 0.001" if p < 0.001 else f"p = {p:.3f}")
        )
        if suppress and (
            is_small(report.cox.events) or any(is_small(g.n) or is_small(g.events) for g in result.groups.values())
        ):
            # The explanations quote counts; analysts get the tables, where small counts show as "<5".
            report.survival_text = "See the table below; small counts are shown as <5."
            if not report.cox.fitted:
                report.cox_text = "The Cox model was not fitted: there are too few events for its covariates."
    offence_labels = dict(OFFENCE_CATEGORY_CHOICES)
    variables = {
        "Age at release": lambda r: age_band(r.date_of_birth, r.released),
        "Offence category (most recent recorded)": lambda r: str(
            offence_labels.get(r.offence_category, "Not recorded")
        ),
        "Prior employment": lambda r: "Yes" if r.prior_employment else "No",
        "Mental health team involved": lambda r: "Yes" if r.mental_health_team else "No",
        "Peer mentoring offered": lambda r: "Yes" if r.mentoring else "No",
    }
    for title, key in variables.items():
        levels: dict[str, list[EvaluationRow]] = {}
        for row in followed:
            levels.setdefault(key(row), []).append(row)
        report.subgroups[title] = [_comparison(level, levels[level], suppress=suppress) for level in sorted(levels)]
    return report
