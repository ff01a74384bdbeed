"""The dashboard's tables, built once from `metrics` and used by the page, the charts and both exports, so
small-number suppression is applied in one place.

Suppression (analysts, and anyone without case access): a count from 1 to 4 shows as "<5"
(`people.overview.shown`). A figure derived from counts (a share, a median, an interquartile range) is not
shown when any count it is built from, or the difference between its numerator and denominator, is from 1
to 4: otherwise the hidden count could be worked back from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from ipsgate.people.models import Participant
from ipsgate.rules.suppression import SMALL_NUMBER_THRESHOLD, shown

from . import metrics as m
from .metrics import GroupBy, Period, Ratio, Spread

NOT_SHOWN = "not shown"  # a derived figure hidden because it would reveal a count under 5


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


def _small(n: int) -> bool:
    return 0 < n < SMALL_NUMBER_THRESHOLD


def text(value: str) -> Cell:
    return Cell(value, value)


def count(n: int, *, suppress: bool) -> Cell:
    label = shown(n, suppress_small=suppress)
    return Cell(label, n if label == str(n) else label)


def share(r: Ratio, *, suppress: bool) -> Cell:
    if r.share is None:
        return Cell("–", None)
    if suppress and (_small(r.numerator) or _small(r.denominator) or _small(r.denominator - r.numerator)):
        return Cell(NOT_SHOWN, NOT_SHOWN)
    pct = round(100 * r.numerator / r.denominator, 1)
    return Cell(f"{pct:g}%", pct)


def _number(x: float | None) -> Cell:
    if x is None:
        return Cell("–", None)
    return Cell(f"{x:g}", x)


def spread_cells(s: Spread, *, suppress: bool) -> list[Cell]:
    """People, median, lower quartile, upper quartile."""
    if suppress and _small(s.n):
        return [count(s.n, suppress=True)] + [Cell(NOT_SHOWN, NOT_SHOWN)] * 3
    return [count(s.n, suppress=suppress), _number(s.median), _number(s.q1), _number(s.q3)]


def _spread_text(s: Spread, *, suppress: bool) -> Cell:
    if s.n == 0:
        return Cell("–", None)
    if suppress and _small(s.n):
        return Cell(NOT_SHOWN, NOT_SHOWN)
    return Cell(f"median {s.median:g} days (IQR {s.q1:g} to {s.q3:g})", s.median)


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
    release: Table | None = None
    by_sex: Table | None = None

    @property
    def tables(self) -> list[Table]:
        extra = [table for table in (self.release, self.by_sex) if table is not None]
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


def _headline(f: m.Figures, *, suppress: bool) -> Table:
    d = m.DEFINITIONS
    rows: list[tuple[str, Cell, int | str, str, str]] = [
        ("Referrals", count(f.referrals, suppress=suppress), "", "", d["referrals"]),
        ("Engaged (vocational profile started)", count(f.engaged, suppress=suppress), "", "", d["engaged"]),
        ("People into work", count(f.job_starts.people, suppress=suppress), "", "", d["people_into_work"]),
        ("Total job starts", count(f.job_starts.starts, suppress=suppress), "", "", d["job_starts"]),
        (
            "Employment rate (out of work at the start)",
            share(f.employment_rate, suppress=suppress),
            f.employment_rate.denominator,
            "40% (IPS Grow)",
            d["employment_rate"],
        ),
        (
            "In work 6 months after release",
            share(f.employed_6_months, suppress=suppress),
            f.employed_6_months.denominator,
            "30.4% (national, March 2023)",
            d["employed_6_months"],
        ),
        (
            "Days from referral to first face-to-face employer contact",
            _spread_text(f.days_to_employer_contact, suppress=suppress),
            f.days_to_employer_contact.n,
            "30 days or fewer (IPS fidelity item 15)",
            d["days_to_employer_contact"],
        ),
        (
            "Days from referral to first job start",
            _spread_text(f.days_to_first_job, suppress=suppress),
            f.days_to_first_job.n,
            "",
            d["days_to_first_job"],
        ),
        (
            "Job tenure of jobs that ended",
            _spread_text(f.tenure.ended, suppress=suppress),
            f.tenure.ended.n,
            "",
            d["job_tenure"],
        ),
        (
            "Offer-to-start conversion",
            share(f.offer_conversion, suppress=suppress),
            f.offer_conversion.denominator,
            "",
            d["offer_conversion"],
        ),
        (
            "Competitive jobs",
            share(f.competitive_share, suppress=suppress),
            f.competitive_share.denominator,
            "About 95% (IPS fidelity item 21)",
            d["competitive_share"],
        ),
        *(
            (
                f"Still in work at {weeks} weeks",
                share(f.sustainment[weeks], suppress=suppress),
                f.sustainment[weeks].denominator,
                "",
                d["sustainment"],
            )
            for weeks in m.SUSTAINMENT_WEEKS
        ),
        (
            "Referrals to a community mental health team",
            count(f.cmht.referred, suppress=suppress),
            "",
            "",
            d["cmht_referrals"],
        ),
        ("Of which accepted", count(f.cmht.accepted, suppress=suppress), "", "", d["cmht_referrals"]),
        ("Recalls during support", count(f.custody.recalls, suppress=suppress), "", "", d["recalls"]),
        (
            "New custodial sentences during support",
            count(f.custody.new_sentences, suppress=suppress),
            "",
            "",
            d["new_sentences"],
        ),
    ]
    return Table(
        slug="headline",
        sheet="Headline figures",
        title="Headline figures",
        definition="Each figure for everyone in the chosen scope, with the benchmark where there is one.",
        columns=["Figure", "Value", "Out of (people or jobs)", "Benchmark", "Definition"],
        rows=[
            [
                text(name),
                value,
                count(base, suppress=suppress) if isinstance(base, int) else text(base),
                text(bench),
                text(defn),
            ]
            for name, value, base, bench, defn in rows
        ],
    )


def _funnel(stages: list[tuple[str, int]], *, suppress: bool) -> Table:
    referred = stages[0][1] if stages else 0
    return Table(
        slug="funnel",
        sheet="Funnel",
        title="From referral to sustained work",
        definition=m.DEFINITIONS["funnel"],
        columns=["Stage", "People", "Share of people referred"],
        rows=[
            [text(label), count(n, suppress=suppress), share(Ratio(n, referred), suppress=suppress)]
            for label, n in stages
        ],
    )


def _release_table(r: m.ReleaseReadiness, *, suppress: bool) -> Table:
    rows = [
        ("Released in the period", r.released),
        ("With photo ID", r.with_id),
        ("With a bank account", r.with_bank_account),
        ("In settled accommodation", r.settled),
        ("With all three", r.all_three),
    ]
    return Table(
        slug="release-readiness",
        sheet="Ready for release",
        title="Released with ID, a bank account and settled accommodation",
        definition=m.DEFINITIONS["release_readiness"],
        columns=["Figure", "People", "Share of people released"],
        rows=[
            [text(label), count(n, suppress=suppress), share(Ratio(n, r.released), suppress=suppress)]
            for label, n in rows
        ],
    )


def _sex_table(groups: list[tuple[str, m.SexFigures]], *, suppress: bool) -> Table:
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
                count(f.job_starts.people, suppress=suppress),
                count(f.job_starts.starts, suppress=suppress),
                count(f.employment_rate.denominator, suppress=suppress),
                count(f.employment_rate.numerator, suppress=suppress),
                share(f.employment_rate, suppress=suppress),
            ]
            for label, f in groups
        ],
    )


def build_dashboard(
    participants: QuerySet[Participant], period: Period, group: GroupBy, *, suppress: bool
) -> Dashboard:
    """All tables for the page and the exports: two runs of `metrics.outcome_figures` (the whole scope, then by
    group) plus the funnel and the group names, whatever the number of participants."""
    whole = m.outcome_figures(participants, period, GroupBy.SERVICE)[None]
    grouped = {None: whole} if group == GroupBy.SERVICE else m.outcome_figures(participants, period, group)
    labels = m.group_labels(group, grouped)
    keys = sorted(grouped, key=lambda k: labels[k]) if group != GroupBy.QUARTER else list(grouped)
    group_name = m.GROUP_LABELS[group]

    def by_group(slug: str, sheet: str, title: str, definition: str, columns: list[str], cells) -> Table:  # type: ignore[no-untyped-def]
        return Table(
            slug=slug,
            sheet=sheet,
            title=f"{title} by {group_name.lower()}" if group != GroupBy.SERVICE else title,
            definition=definition,
            columns=[group_name, *columns],
            rows=[[text(labels[k]), *cells(grouped[k])] for k in keys],
        )

    c = lambda n: count(n, suppress=suppress)  # noqa: E731
    s = lambda r: share(r, suppress=suppress)  # noqa: E731
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
        lambda f: [
            c(f.referrals),
            c(f.engaged),
            c(f.job_starts.people),
            c(f.job_starts.starts),
            s(f.competitive_share),
            c(f.employment_rate.denominator),
            c(f.employment_rate.numerator),
            s(f.employment_rate),
            c(f.employed_6_months.denominator),
            c(f.employed_6_months.numerator),
            s(f.employed_6_months),
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
        lambda f: [
            c(f.offer_conversion.denominator),
            c(f.offers.started),
            s(f.offer_conversion),
            c(f.offers.awaiting),
            *[c(f.sustainment[w].denominator) for w in m.SUSTAINMENT_WEEKS],
            *[s(f.sustainment[w]) for w in m.SUSTAINMENT_WEEKS],
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
        lambda f: [
            *spread_cells(f.days_to_employer_contact, suppress=suppress),
            *spread_cells(f.days_to_first_job, suppress=suppress),
            *spread_cells(f.tenure.ended, suppress=suppress),
            c(f.tenure.still_going),
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
        lambda f: [
            c(f.cmht.referred),
            c(f.cmht.accepted),
            c(f.cmht.not_accepted),
            c(f.custody.recalls),
            c(f.custody.new_sentences),
        ],
    )
    reasons = Table(
        slug="not-started",
        sheet="Offers not started",
        title="Why accepted offers did not start",
        definition=d["not_started_reasons"],
        columns=["Reason", "Offers"],
        rows=[[text(reason), c(n)] for reason, n in whole.offers.not_started_reasons],
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
                c(whole.sustainment[w].denominator),
                c(whole.sustainment[w].numerator),
                s(whole.sustainment[w]),
            ]
            for w in m.SUSTAINMENT_WEEKS
        ],
    )
    return Dashboard(
        period=period,
        group=group,
        headline=_headline(whole, suppress=suppress),
        funnel=_funnel(m.funnel(participants, period), suppress=suppress),
        work=work,
        keeping=keeping,
        timing=timing,
        health=health,
        reasons=reasons,
        sustainment=sustained,
        release=_release_table(m.release_readiness(participants, period), suppress=suppress),
        by_sex=_sex_table(m.by_sex(participants, period), suppress=suppress),
    )
