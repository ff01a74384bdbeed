"""The dashboard's tables, built once from `metrics` and used by the page, the charts, both exports and the API,
so small-number suppression is applied in one place, by `rules.suppression`.

Suppression (analysts, and anyone without case access):
- A count from 1 to 4 shows as "<5".
- A share's numerator, denominator and the difference between them (say, the people not into work) are all
  figures: the difference adds to the numerator to make the denominator, so a share, or two counts side by side,
  cannot give a small difference away.
- A group's figure adds up with the other groups' to the whole-scope figure in the headline (and in the same
  table grouped by "whole scope"), so secondary suppression hides further figures ("not shown") wherever the
  total minus the other groups would give a small count away. The funnel's stages are each a part of the
  people referred in the same way.
- A median or interquartile range of fewer than 5 people is "not shown" (with 4 values or fewer, they are the
  values).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ipsgate.people.models import Participant
from ipsgate.rules.suppression import (
    NOT_SHOWN,
    Line,
    Suppression,
    Why,
    primary,
    show_all,
    suppress,
)

from . import mentoring as mentoring_figures
from . import metrics as m
from .metrics import GroupBy, Key, Period, Spread

WHOLE = ("whole scope",)  # the key of the whole scope's figures (group keys are ids, None or quarter labels)
FUNNEL = ("funnel",)
REASONS = ("reasons",)

# Each share: (numerator, difference, denominator) among the figures `_counts` gives.
RATIOS: dict[str, tuple[str, str, str]] = {
    "competitive_share": ("competitive", "not_competitive", "job_starts"),
    "employment_rate": ("into_work", "not_into_work", "out_of_work"),
    "employed_6_months": ("in_work_6_months", "not_in_work_6_months", "released"),
    "offer_conversion": ("offers_started", "offers_not_started", "offers_decided"),
    **{f"sustainment_{w}": (f"still_{w}", f"not_still_{w}", f"due_{w}") for w in m.SUSTAINMENT_WEEKS},
}
# Plain names for the explanations ("... in referrals by site could be worked out by subtraction").
FIGURE_NAMES: dict[str, str] = {
    "referrals": "referrals",
    "engaged": "people engaged",
    "people_into_work": "people into work",
    "job_starts": "job starts",
    "competitive": "competitive jobs",
    "not_competitive": "jobs that are not competitive",
    "out_of_work": "people out of work at the start",
    "into_work": "people into work from out of work",
    "not_into_work": "people still out of work",
    "released": "people released 6 months before",
    "in_work_6_months": "people in work 6 months after release",
    "not_in_work_6_months": "people not in work 6 months after release",
    "offers_decided": "offers decided",
    "offers_started": "offers that started",
    "offers_not_started": "offers that did not start",
    "awaiting": "offers awaiting a start",
    "contact_people": "people with an employer contact",
    "first_job_people": "people with a job start",
    "jobs_ended": "jobs ended",
    "jobs_going": "jobs still going",
    "cmht_referred": "referrals to a community mental health team",
    "cmht_accepted": "referrals accepted",
    "cmht_not_accepted": "referrals not accepted",
    "recalls": "recalls",
    "new_sentences": "new custodial sentences",
    **{f"due_{w}": f"{w}-week checks due" for w in m.SUSTAINMENT_WEEKS},
    **{f"still_{w}": f"jobs still going at {w} weeks" for w in m.SUSTAINMENT_WEEKS},
    **{f"not_still_{w}": f"jobs not still going at {w} weeks" for w in m.SUSTAINMENT_WEEKS},
}


@dataclass(frozen=True)
class Cell:
    """What the page and the CSV show (`text`) and what the XLSX stores (`value`: a number when it is shown)."""

    text: str
    value: int | float | str | None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    definition: str
    columns: list[str]
    rows: list[list[Cell]]
    sheet: str = ""  # XLSX sheet name (at most 31 characters)


def text(value: str) -> Cell:
    return Cell(value, value)


def _counts(f: m.Figures) -> dict[str, int]:
    """Every count behind one group's row (or the whole scope's), by name."""
    counts = {
        "referrals": f.referrals,
        "engaged": f.engaged,
        "people_into_work": f.job_starts.people,
        "job_starts": f.job_starts.starts,
        "competitive": f.job_starts.competitive,
        "out_of_work": f.employment_rate.denominator,
        "into_work": f.employment_rate.numerator,
        "released": f.employed_6_months.denominator,
        "in_work_6_months": f.employed_6_months.numerator,
        "offers_decided": f.offer_conversion.denominator,
        "offers_started": f.offer_conversion.numerator,
        "awaiting": f.offers.awaiting,
        "contact_people": f.days_to_employer_contact.n,
        "first_job_people": f.days_to_first_job.n,
        "jobs_ended": f.tenure.ended.n,
        "jobs_going": f.tenure.still_going,
        "cmht_referred": f.cmht.referred,
        "cmht_accepted": f.cmht.accepted,
        "cmht_not_accepted": f.cmht.not_accepted,
        "recalls": f.custody.recalls,
        "new_sentences": f.custody.new_sentences,
    }
    for w in m.SUSTAINMENT_WEEKS:
        counts[f"due_{w}"] = f.sustainment[w].denominator
        counts[f"still_{w}"] = f.sustainment[w].numerator
    for numerator, difference, denominator in RATIOS.values():
        counts[difference] = counts[denominator] - counts[numerator]
    return counts


def suppression_for(
    rows: dict[Key, m.Figures],
    labels: dict[Key, str],
    group_name: str,
    funnel: list[tuple[str, int]],
    reasons: list[tuple[str, int]],
    *,
    hide_small: bool,
) -> Suppression[Any]:
    """One decision for every count on the dashboard. `rows` holds the whole scope (key `WHOLE`) and, when the
    figures are grouped, each group, whose figures add up to the whole scope's.

    The whole scope's figures are decided first, on their own, exactly as they are when the dashboard is not
    grouped; the groups are then suppressed around them. So the headline is the same whichever grouping is
    chosen, and a figure shown under one grouping is never hidden under another to protect a group."""
    values: dict[tuple[Any, ...], int] = {}
    lines: list[Line[tuple[Any, ...]]] = []
    for key, figures in rows.items():
        label = "the whole scope" if key == WHOLE else labels[key]
        for name, n in _counts(figures).items():
            values[(key, name)] = n
        for numerator, difference, denominator in RATIOS.values():
            name = f"{FIGURE_NAMES[denominator]} for {label}"
            lines.append(Line(name, ((key, numerator), (key, difference)), (key, denominator)))
    referred = funnel[0][1] if funnel else 0
    for index, (label, n) in enumerate(funnel):
        values[(FUNNEL, index)] = n
        if index:
            values[(FUNNEL, index, "not")] = referred - n
            stage = ((FUNNEL, index), (FUNNEL, index, "not"))
            lines.append(Line(f"the funnel stage {label.lower()}", stage, (FUNNEL, 0)))
    for index, (_, n) in enumerate(reasons):
        values[(REASONS, index)] = n
    if not hide_small:
        return show_all(values)
    not_grouped = (WHOLE, FUNNEL, REASONS)
    whole = suppress(
        {k: v for k, v in values.items() if k[0] in not_grouped}, [ln for ln in lines if ln.total[0] in not_grouped]
    )
    groups = [key for key in rows if key != WHOLE]
    if not groups:
        return whole
    for name in _counts(rows[WHOLE]):
        by_group = tuple((key, name) for key in groups)
        lines.append(Line(f"{FIGURE_NAMES[name]} by {group_name.lower()}", by_group, (WHOLE, name)))
    return suppress(values, lines, decided=whole.decisions)


def count(s: Suppression[Any], key: Any) -> Cell:
    decision = s[key]
    return Cell(decision.text, decision.cell_value)


def share(s: Suppression[Any], numerator: Any, difference: Any, denominator: Any) -> Cell:
    """A percentage to one decimal place; "not shown" when any of its three counts is hidden."""
    whole = s[denominator].value
    if whole == 0:
        return Cell("–", None)
    if any(s.hidden(k) for k in (numerator, difference, denominator)):
        return Cell(NOT_SHOWN, NOT_SHOWN)
    pct = round(100 * s[numerator].value / whole, 1)
    return Cell(f"{pct:g}%", pct)


def ratio(s: Suppression[Any], row: Key, name: str) -> Cell:
    numerator, difference, denominator = RATIOS[name]
    return share(s, (row, numerator), (row, difference), (row, denominator))


def _number(x: float | None) -> Cell:
    if x is None:
        return Cell("–", None)
    return Cell(f"{x:g}", x)


def spread_cells(s: Suppression[Any], key: Any, spread: Spread) -> list[Cell]:
    """People, median, lower quartile, upper quartile. With fewer than 5 people the three figures are the
    values themselves, so they are not shown where the count is "<5"."""
    if s[key].why is Why.SMALL:
        return [count(s, key)] + [Cell(NOT_SHOWN, NOT_SHOWN)] * 3
    return [count(s, key), _number(spread.median), _number(spread.q1), _number(spread.q3)]


def _spread_text(s: Suppression[Any], key: Any, spread: Spread) -> Cell:
    if spread.n == 0:
        return Cell("–", None)
    if s[key].why is Why.SMALL:
        return Cell(NOT_SHOWN, NOT_SHOWN)
    return Cell(f"median {spread.median:g} days (IQR {spread.q1:g} to {spread.q3:g})", spread.median)


@dataclass(frozen=True)
class Dashboard:
    period: Period
    group: GroupBy
    headline: Table
    funnel: Table
    work: Table
    keeping: Table
    timing: Table
    health: Table
    reasons: Table
    sustainment: Table
    suppression: str = ""  # what was hidden and why, in a sentence; empty when nothing is hidden from this viewer
    release: Table | None = None
    by_sex: Table | None = None
    mentoring: Table | None = None

    @property
    def tables(self) -> list[Table]:
        extra = [table for table in (self.release, self.by_sex, self.mentoring) if table is not None]
        return [
            self.headline,
            self.funnel,
            self.work,
            self.keeping,
            self.sustainment,
            self.reasons,
            self.timing,
            self.health,
            *extra,
        ]

    def table(self, slug: str) -> Table | None:
        return next((t for t in self.tables if t.slug == slug), None)


Hider = Suppression[Any]


def _headline(s: Hider, f: m.Figures) -> Table:
    d = m.DEFINITIONS
    w = WHOLE

    def c(name: str) -> Cell:
        return count(s, (w, name))

    rows: list[tuple[str, Cell, Cell | str, str, str]] = [
        ("Referrals", c("referrals"), "", "", d["referrals"]),
        ("Engaged (vocational profile started)", c("engaged"), "", "", d["engaged"]),
        ("People into work", c("people_into_work"), "", "", d["people_into_work"]),
        ("Total job starts", c("job_starts"), "", "", d["job_starts"]),
        (
            "Employment rate (out of work at the start)",
            ratio(s, w, "employment_rate"),
            c("out_of_work"),
            "40% (IPS Grow)",
            d["employment_rate"],
        ),
        (
            "In work 6 months after release",
            ratio(s, w, "employed_6_months"),
            c("released"),
            "30.4% (national, March 2023)",
            d["employed_6_months"],
        ),
        (
            "Days from referral to first face-to-face employer contact",
            _spread_text(s, (w, "contact_people"), f.days_to_employer_contact),
            c("contact_people"),
            "30 days or fewer (IPS fidelity item 15)",
            d["days_to_employer_contact"],
        ),
        (
            "Days from referral to first job start",
            _spread_text(s, (w, "first_job_people"), f.days_to_first_job),
            c("first_job_people"),
            "",
            d["days_to_first_job"],
        ),
        (
            "Job tenure of jobs that ended",
            _spread_text(s, (w, "jobs_ended"), f.tenure.ended),
            c("jobs_ended"),
            "",
            d["job_tenure"],
        ),
        ("Offer-to-start conversion", ratio(s, w, "offer_conversion"), c("offers_decided"), "", d["offer_conversion"]),
        (
            "Competitive jobs",
            ratio(s, w, "competitive_share"),
            c("job_starts"),
            "About 95% (IPS fidelity item 21)",
            d["competitive_share"],
        ),
        *(
            (
                f"Still in work at {weeks} weeks",
                ratio(s, w, f"sustainment_{weeks}"),
                c(f"due_{weeks}"),
                "",
                d["sustainment"],
            )
            for weeks in m.SUSTAINMENT_WEEKS
        ),  # fmt: skip
        ("Referrals to a community mental health team", c("cmht_referred"), "", "", d["cmht_referrals"]),
        ("Of which accepted", c("cmht_accepted"), "", "", d["cmht_referrals"]),
        ("Recalls during support", c("recalls"), "", "", d["recalls"]),
        ("New custodial sentences during support", c("new_sentences"), "", "", d["new_sentences"]),
    ]
    return Table(
        slug="headline",
        sheet="Headline figures",
        title="Headline figures",
        definition="Each figure for everyone in the chosen scope, with the benchmark where there is one.",
        columns=["Figure", "Value", "Out of (people or jobs)", "Benchmark", "Definition"],
        rows=[
            [text(name), value, base if isinstance(base, Cell) else text(base), text(bench), text(defn)]
            for name, value, base, bench, defn in rows
        ],
    )


def _funnel(s: Hider, stages: list[tuple[str, int]]) -> Table:
    return Table(
        slug="funnel",
        sheet="Funnel",
        title="From referral to sustained work",
        definition=m.DEFINITIONS["funnel"],
        columns=["Stage", "People", "Share of people referred"],
        rows=[
            [
                text(label),
                count(s, (FUNNEL, i)),
                # The first stage is everyone referred: its share is 100%, shown when its count is.
                share(s, (FUNNEL, i), (FUNNEL, i, "not") if i else (FUNNEL, 0), (FUNNEL, 0)),
            ]
            for i, (label, _) in enumerate(stages)
        ],
    )


def _small_table_suppression(
    values: dict[Any, int], lines: list[Line[Any]], totals: dict[Any, int], *, hide_small: bool
) -> Suppression[Any]:
    """Suppression for a table whose totals are published elsewhere (people released, job starts): each total is
    taken as known (shown, or "<5" when small), so no hidden figure can be worked out from it."""
    if not hide_small:
        return show_all({**values, **totals})
    known = {key: primary(n) for key, n in totals.items()}
    return suppress({**values, **totals}, lines, decided=known)


def _release_table(r: m.ReleaseReadiness, *, suppress: bool) -> Table:
    rows = [
        ("With photo ID", "id", r.with_id),
        ("With a bank account", "bank", r.with_bank_account),
        ("In settled accommodation", "settled", r.settled),
        ("With all three", "all", r.all_three),
    ]
    values = {name: n for _, name, n in rows} | {(name, "not"): r.released - n for _, name, n in rows}
    lines = [Line(f"people released {label.lower()}", (name, (name, "not")), "released") for label, name, _ in rows]
    s = _small_table_suppression(values, lines, {"released": r.released}, hide_small=suppress)
    return Table(
        slug="release-readiness",
        sheet="Ready for release",
        title="Released with ID, a bank account and settled accommodation",
        definition=m.DEFINITIONS["release_readiness"],
        columns=["Figure", "People", "Share of people released"],
        rows=[[text("Released in the period"), count(s, "released"), text("")]]
        + [[text(label), count(s, name), share(s, name, (name, "not"), "released")] for label, name, _ in rows],
    )


def _sex_table(groups: list[tuple[str, m.SexFigures]], *, suppress: bool) -> Table:
    names = ("people", "starts", "out_of_work", "into_work")
    values: dict[Any, int] = {}
    lines: list[Line[Any]] = []
    for label, f in groups:
        values |= {
            (label, "people"): f.job_starts.people,
            (label, "starts"): f.job_starts.starts,
            (label, "out_of_work"): f.employment_rate.denominator,
            (label, "into_work"): f.employment_rate.numerator,
            (label, "not_into_work"): f.employment_rate.denominator - f.employment_rate.numerator,
        }
        lines.append(
            Line(
                f"people out of work at the start, {label}",
                ((label, "into_work"), (label, "not_into_work")),
                (label, "out_of_work"),
            )  # fmt: skip
        )
    # The groups add up to everyone: the dashboard's own figures, published above.
    totals = {("all", name): sum(values[(label, name)] for label, _ in groups) for name in names}
    lines += [Line(f"{name} by sex", tuple((label, name) for label, _ in groups), ("all", name)) for name in names]
    s = _small_table_suppression(values, lines, totals, hide_small=suppress)
    return Table(
        slug="by-sex",
        sheet="Women and men",
        title="Job starts for women and men",
        definition=m.DEFINITIONS["by_sex"],
        columns=[
            "Group",
            "People into work",
            "Job starts",
            "Out of work at the start",
            "Of whom into work",
            "Employment rate",
        ],
        rows=[
            [
                text(label),
                count(s, (label, "people")),
                count(s, (label, "starts")),
                count(s, (label, "out_of_work")),
                count(s, (label, "into_work")),
                share(s, (label, "into_work"), (label, "not_into_work"), (label, "out_of_work")),
            ]
            for label, _ in groups
        ],
    )


def _mentoring_table(figures: dict[str, Any], *, suppress: bool) -> Table:
    """Mentored and not mentored (issue 17 §6), from `rules.mentoring_value`."""
    s = mentoring_figures.suppression(figures, hide_small=suppress)
    return Table(
        slug="mentoring",
        sheet="Mentored and not mentored",
        title="Mentored and not mentored",
        definition=mentoring_figures.DEFINITION,
        columns=[
            "Group",
            "People",
            "Started a job",
            "Job start rate",
            "Released, 28 days passed",
            "Of whom kept in contact",
            "Contact kept after release",
            "Job starts, 13 weeks passed",
            "Of which in work at 13 weeks",
            "In work at 13 weeks",
        ],
        rows=[
            [
                text(group),
                count(s, (group, "people")),
                count(s, (group, "started")),
                share(s, (group, "started"), (group, "not started"), (group, "people")),
                count(s, (group, "followed")),
                count(s, (group, "kept")),
                share(s, (group, "kept"), (group, "not kept"), (group, "followed")),
                count(s, (group, "starts")),
                count(s, (group, "in work")),
                share(s, (group, "in work"), (group, "not in work"), (group, "starts")),
            ]
            for group in figures
        ],
    )


def build_dashboard(
    participants: QuerySet[Participant], period: Period, group: GroupBy, *, suppress: bool
) -> Dashboard:
    """All tables for the page and the exports: two runs of `metrics.outcome_figures` (the whole scope, then by
    group) plus the funnel and the group names, whatever the number of participants."""
    whole = m.outcome_figures(participants, period, GroupBy.SERVICE)[None]
    grouped = {} if group == GroupBy.SERVICE else m.outcome_figures(participants, period, group)
    labels: dict[Key, str] = {WHOLE: "All"} if group == GroupBy.SERVICE else m.group_labels(group, grouped)
    keys: list[Key] = [WHOLE] if group == GroupBy.SERVICE else list(grouped)
    if group not in (GroupBy.SERVICE, GroupBy.QUARTER):
        keys.sort(key=lambda k: labels[k])
    group_name = m.GROUP_LABELS[group]
    stages = m.funnel(participants, period)
    reasons = whole.offers.not_started_reasons
    s = suppression_for({WHOLE: whole, **grouped}, labels, group_name, stages, reasons, hide_small=suppress)
    rows = {WHOLE: whole, **grouped}

    def by_group(
        slug: str, sheet: str, title: str, definition: str, columns: list[str], cells: Callable[[Key], list[Cell]]
    ) -> Table:
        return Table(
            slug=slug,
            sheet=sheet,
            title=f"{title} by {group_name.lower()}" if group != GroupBy.SERVICE else title,
            definition=definition,
            columns=[group_name, *columns],
            rows=[[text(labels[k]), *cells(k)] for k in keys],
        )

    d = m.DEFINITIONS
    work = by_group(
        "work",
        "Referrals and work",
        "Referrals and work",
        " ".join([d["referrals"], d["engaged"], d["people_into_work"], d["employment_rate"], d["employed_6_months"]]),
        [
            "Referrals",
            "Engaged",
            "People into work",
            "Job starts",
            "Competitive jobs",
            "Out of work at the start",
            "Of whom into work",
            "Employment rate",
            "Released 6 months before",
            "Of whom in work",
            "In work 6 months after release",
        ],
        lambda k: [
            count(s, (k, "referrals")),
            count(s, (k, "engaged")),
            count(s, (k, "people_into_work")),
            count(s, (k, "job_starts")),
            ratio(s, k, "competitive_share"),
            count(s, (k, "out_of_work")),
            count(s, (k, "into_work")),
            ratio(s, k, "employment_rate"),
            count(s, (k, "released")),
            count(s, (k, "in_work_6_months")),
            ratio(s, k, "employed_6_months"),
        ],
    )
    keeping = by_group(
        "keeping",
        "Offers and keeping work",
        "Offers and keeping work",
        " ".join([d["offer_conversion"], d["sustainment"]]),
        [
            "Offers decided",
            "Started",
            "Offer-to-start conversion",
            "Awaiting a start",
            *[f"{w}-week checks due" for w in m.SUSTAINMENT_WEEKS],
            *[f"In work at {w} weeks" for w in m.SUSTAINMENT_WEEKS],
        ],
        lambda k: [
            count(s, (k, "offers_decided")),
            count(s, (k, "offers_started")),
            ratio(s, k, "offer_conversion"),
            count(s, (k, "awaiting")),
            *[count(s, (k, f"due_{w}")) for w in m.SUSTAINMENT_WEEKS],
            *[ratio(s, k, f"sustainment_{w}") for w in m.SUSTAINMENT_WEEKS],
        ],
    )
    timing = by_group(
        "timing",
        "Time to contact, job, tenure",
        "Days to employer contact and to a job, and job tenure",
        " ".join([d["days_to_employer_contact"], d["days_to_first_job"], d["job_tenure"]]),
        [
            "People with an employer contact",
            "Median days to employer contact",
            "Lower quartile",
            "Upper quartile",
            "People with a job start",
            "Median days to first job",
            "Lower quartile",
            "Upper quartile",
            "Jobs ended",
            "Median tenure (days)",
            "Lower quartile",
            "Upper quartile",
            "Jobs still going",
        ],
        lambda k: [
            *spread_cells(s, (k, "contact_people"), rows[k].days_to_employer_contact),
            *spread_cells(s, (k, "first_job_people"), rows[k].days_to_first_job),
            *spread_cells(s, (k, "jobs_ended"), rows[k].tenure.ended),
            count(s, (k, "jobs_going")),
        ],
    )
    health = by_group(
        "health-custody",
        "Health and custody",
        "Mental health referrals, recalls and new sentences",
        " ".join([d["cmht_referrals"], d["recalls"], d["new_sentences"]]),
        [
            "Referrals to a community mental health team",
            "Accepted",
            "Not accepted",
            "Recalls during support",
            "New custodial sentences during support",
        ],
        lambda k: [
            count(s, (k, "cmht_referred")),
            count(s, (k, "cmht_accepted")),
            count(s, (k, "cmht_not_accepted")),
            count(s, (k, "recalls")),
            count(s, (k, "new_sentences")),
        ],
    )
    reasons_table = Table(
        slug="not-started",
        sheet="Offers not started",
        title="Why accepted offers did not start",
        definition=d["not_started_reasons"],
        columns=["Reason", "Offers"],
        rows=[[text(reason), count(s, (REASONS, i))] for i, (reason, _) in enumerate(reasons)],
    )
    sustained = Table(
        slug="sustainment",
        sheet="Sustainment",
        title="Still in work at 13, 26 and 52 weeks",
        definition=d["sustainment"],
        columns=["Check", "Jobs due a check in the period", "Still in work", "Share still in work"],
        rows=[
            [
                text(f"{w} weeks"),
                count(s, (WHOLE, f"due_{w}")),
                count(s, (WHOLE, f"still_{w}")),
                ratio(s, WHOLE, f"sustainment_{w}"),
            ]
            for w in m.SUSTAINMENT_WEEKS
        ],
    )
    return Dashboard(
        period=period,
        group=group,
        headline=_headline(s, whole),
        funnel=_funnel(s, stages),
        work=work,
        keeping=keeping,
        timing=timing,
        health=health,
        reasons=reasons_table,
        sustainment=sustained,
        suppression=s.explanation if suppress else "",
        release=_release_table(m.release_readiness(participants, period), suppress=suppress),
        by_sex=_sex_table(m.by_sex(participants, period), suppress=suppress),
        mentoring=_mentoring_table(
            mentoring_figures.figures_for(participants, period, today=timezone.localdate()), suppress=suppress
        ),
    )
