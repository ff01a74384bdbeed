"""The IPS-versus-service-as-usual report, built from anonymous rows with the pure statistics in `rules`.

Definitions (stated on the page too):
- Employed within 6 months of release: among people released at least 183 days ago, a job starting on or after
  the release date and no more than 183 days after it.
- Time to first job: days from release to the first job start; people without a job are censored at the earlier
  of today and the end of their episode of support (at day 0 if support ended before release).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from ipsgate.advice.models import OFFENCE_CATEGORY_CHOICES
from ipsgate.rules import statistics, suppression
from ipsgate.rules.mentoring_value import GROUPS as MENTORING_GROUPS
from ipsgate.rules.mentoring_value import NOT_MENTORED, allocation_statement
from ipsgate.rules.statistics import ArmComparison, CoxResult, GroupCount, Observation, SurvivalResult
from ipsgate.rules.suppression import NOT_SHOWN, Line, Suppression, Why, show_all

from .choices import Arm
from .selectors import EvaluationRow

SIX_MONTHS_DAYS = 183
TABLE_DAYS = (0, 30, 61, 91, 122, 152, 183, 274, 365)
ARMS = (Arm.IPS.value, Arm.SAU.value)
REFERENCE = Arm.SAU.value
AGE_BANDS = ((0, 24, "16 to 24"), (25, 34, "25 to 34"), (35, 49, "35 to 49"), (50, 200, "50 and over"))


EVERYONE = "Everyone"
Figure = tuple[object, ...]
Hider = Suppression[Figure]
PARTS = ("people", "employed", "not employed")  # employed + not employed = people, in each arm and group
KM_PARTS = ("people", "started", "not started")  # time to first job: started a job + not yet = people
# The trial draws the arm only: mentoring is offered by hand (`services.allocation_record`), so comparing the
# mentored with the not mentored is observational.
MENTORING_RANDOMISED = False


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
    suppression: str = ""  # what was hidden and why, in a sentence (analysts)
    observations: list[Observation] = field(default_factory=list)
    drawn_arms: list[str] = field(default_factory=list)  # arms whose curve may be drawn (counts not hidden)
    arm_people: dict[str, str] = field(default_factory=dict)  # each arm's people, as shown
    mentoring: ComparisonView | None = None  # mentored against not mentored, both arms together
    mentoring_statement: str = ""  # whether mentoring was allocated at random, and what that allows


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band(born: date, on: date) -> str:
    age = age_on(born, on)
    return next(label for low, high, label in AGE_BANDS if low <= age <= high)


def employed_within_six_months(row: EvaluationRow) -> bool:
    return row.first_job_start is not None and row.first_job_start <= row.released + timedelta(days=SIX_MONTHS_DAYS)


def _arm_counts(rows: list[EvaluationRow]) -> dict[str, GroupCount]:
    return {
        arm: GroupCount(
            n=sum(1 for r in rows if r.arm == arm),
            events=sum(1 for r in rows if r.arm == arm and employed_within_six_months(r)),
        )
        for arm in ARMS
    }


def _six_month_figures(
    scopes: dict[object, list[EvaluationRow]], subgroups: dict[str, list[str]]
) -> tuple[dict[Figure, int], list[Line[Figure]]]:
    """The counts behind the six-month tables, and how they add up: in each arm, employed plus not employed
    make the people; and over the groups of one subgroup table, each makes everyone's figure."""
    values: dict[Figure, int] = {}
    lines: list[Line[Figure]] = []
    for scope, rows in scopes.items():
        for arm, c in _arm_counts(rows).items():
            values.update({("6m", scope, arm, "people"): c.n, ("6m", scope, arm, "employed"): c.events})
            values[("6m", scope, arm, "not employed")] = c.n - c.events
            name = f"the {arm} arm ({_scope_name(scope)})"
            parts = (("6m", scope, arm, "employed"), ("6m", scope, arm, "not employed"))
            lines.append(Line(name, parts, ("6m", scope, arm, "people")))
    for title, levels in subgroups.items():
        for arm in ARMS if levels else ():
            for part in PARTS:
                groups = tuple(("6m", (title, level), arm, part) for level in levels)
                lines.append(Line(f"{part} in the {arm} arm by {title.lower()}", groups, ("6m", EVERYONE, arm, part)))
    return values, lines


def _mentoring_counts(rows: list[EvaluationRow]) -> dict[str, GroupCount]:
    return {
        group: GroupCount(
            n=sum(1 for r in rows if _mentoring_group(r) == group),
            events=sum(1 for r in rows if _mentoring_group(r) == group and employed_within_six_months(r)),
        )
        for group in MENTORING_GROUPS
    }


def _mentoring_group(row: EvaluationRow) -> str:
    return MENTORING_GROUPS[0] if row.mentored else NOT_MENTORED


def _mentoring_figures(rows: list[EvaluationRow]) -> tuple[dict[Figure, int], list[Line[Figure]]]:
    """Mentored and not mentored, both arms together: employed plus not employed make the people in each group,
    and the two groups (like the two arms) make everyone followed for six months."""
    values: dict[Figure, int] = {}
    lines: list[Line[Figure]] = []
    for group, c in _mentoring_counts(rows).items():
        values.update({("mf", group, "people"): c.n, ("mf", group, "employed"): c.events})
        values[("mf", group, "not employed")] = c.n - c.events
        parts = (("mf", group, "employed"), ("mf", group, "not employed"))
        lines.append(Line(f"the {group.lower()}", parts, ("mf", group, "people")))
    for part in PARTS:
        values[("mf", "all", part)] = sum(values[("mf", group, part)] for group in MENTORING_GROUPS)
        by_group = tuple(("mf", group, part) for group in MENTORING_GROUPS)
        lines.append(Line(f"{part}, mentored or not", by_group, ("mf", "all", part)))
        by_arm = tuple(("6m", EVERYONE, arm, part) for arm in ARMS)
        lines.append(Line(f"{part} in both arms", by_arm, ("mf", "all", part)))
    return values, lines


def _scope_name(scope: object) -> str:
    return ": ".join(str(part) for part in scope) if isinstance(scope, tuple) else "everyone"


def _survival_figures(observations: list[Observation]) -> tuple[dict[Figure, int], list[Line[Figure]]]:
    """People, job starts and people not (yet) started in each arm and in all, which add up both ways."""
    values: dict[Figure, int] = {}
    for arm in (*ARMS, "all"):
        followed = [o for o in observations if arm == "all" or o.group == arm]
        started = sum(1 for o in followed if o.event)
        values.update({("km", arm, "people"): len(followed), ("km", arm, "started"): started})
        values[("km", arm, "not started")] = len(followed) - started
    lines: list[Line[Figure]] = [
        Line(f"the {arm} arm", (("km", arm, "started"), ("km", arm, "not started")), ("km", arm, "people"))
        for arm in (*ARMS, "all")
    ]
    lines += [
        Line(f"{part} by arm", tuple(("km", arm, part) for arm in ARMS), ("km", "all", part)) for part in KM_PARTS
    ]
    # The people still followed on each day of the table: everyone on day 0, then those followed on the next day
    # plus those who left in between (a job start, or the end of follow-up), so a difference is a figure too.
    for arm in ARMS:
        for day, later in zip(TABLE_DAYS, TABLE_DAYS[1:], strict=False):
            values[_followed(arm, later)] = sum(1 for o in observations if o.group == arm and o.days >= later)
            values[("km", arm, "left", day)] = values[_followed(arm, day)] - values[_followed(arm, later)]
            parts = (_followed(arm, later), ("km", arm, "left", day))
            lines.append(Line(f"people followed in the {arm} arm", parts, _followed(arm, day)))
    return values, lines


def _followed(arm: str, day: int) -> Figure:
    """The people in an arm still followed on a day of the curve table; on day 0, everyone in the arm."""
    return ("km", arm, "people") if day == 0 else ("km", arm, "followed", day)


def _comparison(label: str, scope: object, rows: list[EvaluationRow], s: Hider) -> ComparisonView:
    counts = _arm_counts(rows)
    hidden = any(s.hidden(("6m", scope, arm, part)) for arm in ARMS for part in PARTS)
    names = {arm: str(Arm(arm).label) for arm in counts}
    return _comparison_view(label, counts, REFERENCE, s, hidden, names, key=lambda arm, part: ("6m", scope, arm, part))


def _comparison_view(
    label: str,
    counts: dict[str, GroupCount],
    reference: str,
    s: Hider,
    hidden: bool,
    names: dict[str, str],
    *,
    key: Callable[[str, str], Figure],
    empty_group: str = "an arm",
) -> ComparisonView:
    """A row of a comparison table: each group's people, events and risk (`key` names a group's figures), and the
    statistics against `reference` (`rules.statistics.compare_arms`) when every group has people, unless small
    numbers hide them."""
    comparison = statistics.compare_arms(counts, reference) if all(c.n > 0 for c in counts.values()) else None
    cells = [
        ArmCell(
            arm=names[group],
            n=s.text(key(group, "people")),
            events=s.text(key(group, "employed")),
            risk="" if hidden or c.n == 0 else _pct(c.risk),
        )
        for group, c in counts.items()
    ]
    formatted = _formatted(comparison, empty_group) if comparison is not None and not hidden else ("", "", "")
    difference, ratio, fisher = formatted
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


def _formatted(comparison: ArmComparison, empty_group: str = "an arm") -> tuple[str, str, str]:
    """The risk difference, the risk ratio and Fisher's p as the page shows them."""
    low, high = comparison.risk_difference_ci95
    difference = f"{comparison.risk_difference * 100:+.1f} points ({low * 100:+.1f} to {high * 100:+.1f})"
    if comparison.risk_ratio is not None and comparison.risk_ratio_ci95 is not None:
        r_low, r_high = comparison.risk_ratio_ci95
        ratio = f"{comparison.risk_ratio:.2f} ({r_low:.2f} to {r_high:.2f})"
    else:
        ratio = f"not defined (no events in {empty_group})"
    fisher = "< 0.001" if comparison.fisher_p < 0.001 else f"{comparison.fisher_p:.3f}"
    return difference, ratio, fisher


def _mentoring_comparison(rows: list[EvaluationRow], s: Hider) -> ComparisonView:
    """The mentoring factor: employed within 6 months, mentored against not mentored (the reference), with the same
    statistics as the arm comparison (`rules.statistics.compare_arms`)."""
    counts = _mentoring_counts(rows)
    hidden = any(s.hidden(("mf", group, part)) for group in MENTORING_GROUPS for part in PARTS)
    names = {group: group for group in counts}
    return _comparison_view(
        "Peer mentoring",
        counts,
        NOT_MENTORED,
        s,
        hidden,
        names,
        key=lambda group, part: ("mf", group, part),
        empty_group="a group",
    )


def _observation(row: EvaluationRow, today: date) -> Observation:
    end = min(today, row.episode_end) if row.episode_end else today
    end = max(end, row.released)
    if row.first_job_start is not None and row.first_job_start <= end:
        return Observation(group=row.arm, days=float((row.first_job_start - row.released).days), event=True)
    return Observation(group=row.arm, days=float((end - row.released).days), event=False)


def _curve_table(result: SurvivalResult, observations: list[Observation], s: Hider) -> list[CurveTableRow]:
    """Per day and arm: the people still followed and the share who have started a job. On day 0 everyone in
    the arm is followed, so that count is the arm's people, shown as it is elsewhere on the page; each later
    count is the one before less those who left, so it is suppressed with them. Where the arm's people or job
    starts are hidden, so are its shares (a share of 3 people gives the 3 away)."""
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
            shares_hidden = _arm_hidden(s, arm)
            followed = s.text(_followed(arm, day))
            # Once nobody is followed any more the estimate says nothing new: show no figure.
            share = NOT_SHOWN if shares_hidden and at_risk else (_pct(1 - estimate) if at_risk else "")
            cells.append((followed, share))
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
    """The report; with `suppress` (analysts), every count through `rules.suppression`: 1 to 4 shows as "<5",
    and a count that with the others in its table would give a "<5" away by subtraction is "not shown"."""
    cutoff = today - timedelta(days=SIX_MONTHS_DAYS)
    followed = [r for r in rows if r.released <= cutoff]
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
    subgroups: dict[str, dict[str, list[EvaluationRow]]] = {}
    for title, key in variables.items():
        levels: dict[str, list[EvaluationRow]] = {}
        for row in followed:
            levels.setdefault(key(row), []).append(row)
        subgroups[title] = {level: levels[level] for level in sorted(levels)}
    scopes: dict[object, list[EvaluationRow]] = {EVERYONE: followed}
    scopes.update({(title, level): members for title, levels in subgroups.items() for level, members in levels.items()})
    values, lines = _six_month_figures(scopes, {title: list(levels) for title, levels in subgroups.items()})
    observations = [_observation(r, today) for r in rows]
    km_values, km_lines = _survival_figures(observations)
    values.update(km_values)
    mf_values, mf_lines = _mentoring_figures(followed)
    if suppress:
        # The arms' figures are decided first, exactly as without the mentoring table; its figures are then
        # hidden around them, so adding it never hides an arm's figure that was shown.
        arms = suppression.suppress(values, [*lines, *km_lines])
        s: Hider = suppression.suppress({**values, **mf_values}, [*lines, *km_lines, *mf_lines], decided=arms.decisions)
    else:
        s = show_all({**values, **mf_values})
    report = Report(
        today=today,
        cutoff=cutoff,
        six_month=_comparison(EVERYONE, EVERYONE, followed, s) if followed else None,
        survival=None,
        survival_medians=[],
        curve_table=[],
        cox=None,
        people=s.text(("km", "all", "people")),
        suppress=suppress,
        suppression=s.explanation if suppress else "",
        mentoring=_mentoring_comparison(followed, s) if followed else None,
        mentoring_statement=allocation_statement(MENTORING_RANDOMISED),
    )
    if rows:
        result = statistics.survival(observations)
        report.survival = result
        report.observations = observations
        report.survival_medians = [
            (
                str(Arm(arm).label),
                s.text(("km", arm, "people")),
                s.text(("km", arm, "started")),
                NOT_SHOWN
                if s[("km", arm, "people")].why is Why.SMALL  # the median of 4 people or fewer is one of them
                else ("not reached" if g.median_days is None else f"{g.median_days:g} days"),
            )
            for arm, g in result.groups.items()
        ]
        report.curve_table = _curve_table(result, observations, s)
        report.drawn_arms = [arm for arm in result.groups if not _arm_hidden(s, arm)]
        report.arm_people = {arm: s.text(("km", arm, "people")) for arm in result.groups}
        report.cox = _cox(rows, observations)
        report.cox_text = report.cox.explanation
        report.survival_text = result.explanation
        p = result.logrank_p
        report.logrank_text = (
            "not possible (it needs both arms and at least one job start)"
            if p is None
            else ("p < 0.001" if p < 0.001 else f"p = {p:.3f}")
        )
        # The explanations quote counts: where one they quote is hidden, analysts get the tables instead.
        if any(s.hidden(("km", arm, part)) for arm in (*ARMS, "all") for part in KM_PARTS):
            report.survival_text = "See the table below; small counts are shown as <5."
        if s.hidden(("km", "all", "started")) or s.hidden(("km", "all", "people")):
            report.cox_text = (
                "The Cox model was fitted; its counts are not shown because some are below 5."
                if report.cox.fitted
                else "The Cox model was not fitted: there are too few events for its covariates."
            )
    for title, levels in subgroups.items():
        report.subgroups[title] = [_comparison(level, (title, level), members, s) for level, members in levels.items()]
    return report


def _arm_hidden(s: Hider, arm: str) -> bool:
    return s.hidden(("km", arm, "people")) or s.hidden(("km", arm, "started"))
