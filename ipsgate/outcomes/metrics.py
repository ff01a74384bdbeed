"""Outcome metrics (IPS Grow definitions), every figure an SQL aggregate over the participants in scope.

Each public metric takes the participants in scope (a queryset, used as a subquery, never loaded), a
`Period` and a `GroupBy`, and returns `{group key: value}` from a fixed number of queries whatever the data
size. Grouping by site, team or specialist is an SQL GROUP BY on the participant's *current* site, their
allocated specialist, or that specialist's team (key None = not allocated). Grouping by quarter runs the
service-wide queries once per calendar quarter of the period (the query count grows with the number of
quarters, which the filter form caps, not with the data).

Medians and interquartile ranges: the per-person numbers (days, tenure) are computed in SQL and fetched with
one `values_list`; the quartiles are then taken in Python with `statistics.quantiles(method="inclusive")`,
which is linear interpolation between order statistics, the same as PostgreSQL's `percentile_cont`.

A job *start* is counted on the date its first 4 paid hours were done (`Job.first_four_paid_hours_done`,
IPS Grow); a job that never reached 4 paid hours is never counted.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import (
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Least, TruncDate

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import Role
from ipsgate.core.models import Site, Team, User
from ipsgate.core.scoping import sites_for
from ipsgate.employers.models import EmployerContact
from ipsgate.jobs.models import Application, ApplicationStatusChange, Job, SustainmentCheck
from ipsgate.jobs.selectors import ConversionCounts, offer_conversion_counts
from ipsgate.journey.choices import FACE_TO_FACE_MODES, CmhtReferralOutcome, ContactWith, CustodyEventKind
from ipsgate.journey.models import CustodyEvent, SupportContact, VocationalProfile
from ipsgate.partners.selectors import cmht_referral_sources
from ipsgate.people.choices import AccommodationStatus, Sex
from ipsgate.people.models import Episode, Participant, Referral
from ipsgate.rules.applications import OFFER_MADE, Status
from ipsgate.rules.employment import SUSTAINMENT_WEEKS as EVERY_SUSTAINMENT_WEEK

EMPLOYMENT_RATE_BENCHMARK = 0.40  # IPS Grow, from April 2024
NATIONAL_EMPLOYED_6_MONTHS = 0.304  # employed 6 months after release, England and Wales, March 2023
SIX_MONTHS = datetime.timedelta(days=182)  # 26 weeks
# The outcome figures report the 13-, 26- and 52-week checks; the 4-week check is a support task, not an outcome.
SUSTAINMENT_WEEKS = tuple(weeks for weeks in EVERY_SUSTAINMENT_WEEK if weeks >= 13)
MAX_QUARTERS = 12

# Applications that got as far as an application to the employer (a closed one may have been withdrawn early,
# so "withdrawn" counts only if its history shows it was applied for).
APPLIED_OR_LATER = [s.value for s in Status if s not in (Status.INTERESTED, Status.WITHDRAWN)]

Key = Any  # a site, team or specialist id, None (not allocated / whole service), or a quarter label


class GroupBy(StrEnum):
    SERVICE = "service"
    SITE = "site"
    TEAM = "team"
    SPECIALIST = "specialist"
    QUARTER = "quarter"


GROUP_LABELS = {
    GroupBy.SERVICE: "Whole scope",
    GroupBy.SITE: "Site",
    GroupBy.TEAM: "Team",
    GroupBy.SPECIALIST: "Specialist",
    GroupBy.QUARTER: "Quarter",
}

# Field path from Participant to the group key.
_PARTICIPANT_KEY: dict[GroupBy, str | None] = {
    GroupBy.SERVICE: None,
    GroupBy.QUARTER: None,
    GroupBy.SITE: "current_site",
    GroupBy.TEAM: "allocated_specialist__team",
    GroupBy.SPECIALIST: "allocated_specialist",
}

DEFINITIONS: dict[str, str] = {
    "referrals": "Referrals with a referral date in the period (IPS Grow: referrals are counted by referral date).",
    "engaged": "People whose vocational profile was started in the period: from then on they count as engaged.",
    "people_into_work": (
        "Different people with at least one job start in the period, each counted once. A job start counts on "
        "the day its first 4 paid hours were done (IPS Grow)."
    ),
    "job_starts": (
        "Every job start in the period, including second, third and concurrent jobs; a job that never reached "
        "4 paid hours is not counted."
    ),
    "employment_rate": (
        "Of the people on the caseload (an open episode of support at any time in the period) who were not in "
        "work at the start of the period, the share with a job start in the period (IPS Grow 2024; "
        "benchmark 40%). People already in work at the start are left out."
    ),
    "employed_6_months": (
        "Of the people whose release was 26 weeks (182 days) before a day in the period, the share in a job "
        "(4 paid hours done, not ended) on that day. National figure: 30.4%."
    ),
    "days_to_employer_contact": (
        "For people referred in the period, days from their first referral in it to their first face-to-face contact "
        "with an employer about them (from the employer-contact log or a support contact with an employer); "
        "only people who have had one so far."
    ),
    "days_to_first_job": (
        "For people referred in the period, days from their first referral in it to their first job start on or after "
        "it (4 paid hours done); only people who have started a job so far."
    ),
    "job_tenure": (
        "For jobs started in the period that have ended, days from the start date to the end date; jobs still "
        "going are counted separately."
    ),
    "offer_conversion": (
        "Of the offers made in the period (by offer date) that have been decided, the share that led to a start; "
        "offers still awaiting a start are left out."
    ),
    "not_started_reasons": "Accepted offers made in the period that did not lead to a start, by recorded reason.",
    "competitive_share": (
        "Of the job starts in the period, the share that are competitive employment (open to anyone, at least "
        "the minimum wage, not set aside for disabled people)."
    ),
    "sustainment": (
        "Of the jobs (4 paid hours done) whose 13-, 26- or 52-week point fell in the period, the share recorded "
        "as still in work at that check."
    ),
    "cmht_referrals": (
        "Referrals to a community mental health team made in the period, recorded on the health-care page or as a "
        "referral out to a partner that is a community mental health team (each referral once), and how many the "
        "team has accepted."
    ),
    "recalls": "Recalls to prison in the period while the person had an open episode of support.",
    "new_sentences": (
        "Receptions into prison (a new sentence or remand) in the period while the person had an open episode "
        "of support."
    ),
    "release_readiness": (
        "People whose latest release from prison fell in the period, and how many left with photo ID and a bank "
        "account (marked obtained and opened on the ready-for-release checklist on or before the release day) and "
        "in settled accommodation (as recorded in their contact details)."
    ),
    "by_sex": (
        "Job starts and the employment rate (as defined above) for women and men separately, by sex as the person "
        "states it; people with no sex recorded, or who prefer not to say, together."
    ),
    "funnel": (
        "People referred in the period, and how many of them have (at any time so far) a started "
        "vocational profile, a face-to-face employer contact, an application made, an offer, a job start (4 paid "
        "hours done) and a job still going at the 13-week check. Each stage is counted on its own."
    ),
}


@dataclass(frozen=True)
class Period:
    """A date range, both ends included."""

    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return f"{self.start:%-d %b %Y} to {self.end:%-d %b %Y}"

    def quarters(self) -> list[tuple[str, Period]]:
        """Calendar quarters overlapping the period, each clipped to it, labelled like "Jan–Mar 2025"."""
        out: list[tuple[str, Period]] = []
        first_month = 3 * ((self.start.month - 1) // 3) + 1
        q_start = datetime.date(self.start.year, first_month, 1)
        names = {1: "Jan–Mar", 4: "Apr–Jun", 7: "Jul–Sep", 10: "Oct–Dec"}
        while q_start <= self.end:
            next_month = q_start.month + 3
            q_next = datetime.date(q_start.year + (next_month > 12), (next_month - 1) % 12 + 1, 1)
            q_end = q_next - datetime.timedelta(days=1)
            out.append(
                (f"{names[q_start.month]} {q_start.year}", Period(max(q_start, self.start), min(q_end, self.end)))
            )
            q_start = q_next
        return out


@dataclass(frozen=True)
class Spread:
    """Median and interquartile range of per-person numbers (days)."""

    n: int
    median: float | None
    q1: float | None
    q3: float | None

    @classmethod
    def of(cls, values: Iterable[float]) -> Spread:
        data = sorted(values)
        if not data:
            return cls(0, None, None, None)
        if len(data) == 1:
            return cls(1, data[0], data[0], data[0])
        q1, median, q3 = statistics.quantiles(data, n=4, method="inclusive")
        return cls(len(data), median, q1, q3)


EMPTY_SPREAD = Spread(0, None, None, None)


@dataclass(frozen=True)
class Ratio:
    """A count out of a denominator; `share` is None when the denominator is 0."""

    numerator: int
    denominator: int

    @property
    def share(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class JobStarts:
    people: int
    starts: int
    competitive: int


@dataclass(frozen=True)
class CmhtReferrals:
    referred: int
    accepted: int
    not_accepted: int


@dataclass(frozen=True)
class CustodyDuringSupport:
    recalls: int
    new_sentences: int


@dataclass(frozen=True)
class Tenure:
    ended: Spread
    still_going: int


@dataclass
class Figures:
    """Every outcome figure for one group."""

    referrals: int = 0
    engaged: int = 0
    job_starts: JobStarts = JobStarts(0, 0, 0)
    employment_rate: Ratio = Ratio(0, 0)
    employed_6_months: Ratio = Ratio(0, 0)
    days_to_employer_contact: Spread = EMPTY_SPREAD
    days_to_first_job: Spread = EMPTY_SPREAD
    tenure: Tenure = Tenure(EMPTY_SPREAD, 0)
    offers: ConversionCounts = ConversionCounts(0, 0, 0, 0, [])
    sustainment: dict[int, Ratio] = field(default_factory=lambda: {w: Ratio(0, 0) for w in SUSTAINMENT_WEEKS})
    cmht: CmhtReferrals = CmhtReferrals(0, 0, 0)
    custody: CustodyDuringSupport = CustodyDuringSupport(0, 0)

    @property
    def offer_conversion(self) -> Ratio:
        return Ratio(self.offers.started, self.offers.offers - self.offers.awaiting)

    @property
    def competitive_share(self) -> Ratio:
        return Ratio(self.job_starts.competitive, self.job_starts.starts)


# --- Scope -------------------------------------------------------------------------------------------


def scope_sites(user: User) -> QuerySet[Site]:
    """Sites whose outcome figures this user may see: a team leader their teams' sites; a service manager or an
    analyst the whole service; anyone else none (specialists are not given the outcome pages)."""
    if not user.is_authenticated or not user.is_active:
        return Site.objects.none()
    if capabilities_for(user).see_all_teams:
        return Site.objects.all()
    if user.role == Role.TEAM_LEADER:
        return sites_for(user)
    return Site.objects.none()


def scope_teams(user: User) -> QuerySet[Team]:
    if capabilities_for(user).see_all_teams:
        return Team.objects.all()
    if user.role == Role.TEAM_LEADER:
        return Team.objects.filter(leader=user)
    return Team.objects.none()


def scope_specialists(user: User) -> QuerySet[User]:
    """Specialists a user may pick or group by. Analysts see no per-specialist figures (too few people)."""
    specialists = User.objects.filter(role=Role.SPECIALIST)
    if user.role == Role.SERVICE_MANAGER:
        return specialists
    if user.role == Role.TEAM_LEADER:
        return specialists.filter(team__leader=user)
    return specialists.none()


def participants_in_scope(
    user: User, *, site: Site | None = None, team: Team | None = None, specialist: User | None = None
) -> QuerySet[Participant]:
    """People counted in this user's figures: those whose current site is in `scope_sites(user)`, narrowed by
    the chosen site, team (of their allocated specialist) or specialist. Never evaluated by the metrics."""
    participants = Participant.objects.filter(current_site__in=scope_sites(user).values("pk"))
    if site is not None:
        participants = participants.filter(current_site=site)
    if team is not None:
        participants = participants.filter(allocated_specialist__team=team)
    if specialist is not None:
        participants = participants.filter(allocated_specialist=specialist)
    return participants


# --- Helpers -----------------------------------------------------------------------------------------


def _key_path(group: GroupBy, prefix: str = "") -> str | None:
    path = _PARTICIPANT_KEY[group]
    return None if path is None else f"{prefix}{path}"


def _by_group(queryset: QuerySet[Any], key_path: str | None, **aggregates: Any) -> dict[Key, dict[str, Any]]:
    """One GROUP BY query: {key: {aggregate name: value}}; one group keyed None when key_path is None."""
    key = F(key_path) if key_path else Value(None, output_field=IntegerField())
    return {row.pop("key_"): row for row in queryset.order_by().values(key_=key).annotate(**aggregates)}


def _pairs(queryset: QuerySet[Any], key_path: str | None, value: Any) -> dict[Key, list[float]]:
    """Per-person numbers computed in SQL, fetched in one query and gathered by group."""
    key = F(key_path) if key_path else Value(None, output_field=IntegerField())
    out: dict[Key, list[float]] = {}
    for k, v in queryset.order_by().annotate(key_=key, value_=value).values_list("key_", "value_"):
        if v is not None:
            out.setdefault(k, []).append(v.days if isinstance(v, datetime.timedelta) else float(v))
    return out


def _days_between(later: str, earlier: str) -> ExpressionWrapper:
    """later − earlier as a duration (interval on PostgreSQL, microseconds on SQLite): portable date arithmetic."""
    return ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())


def _in(period: Period) -> tuple[datetime.date, datetime.date]:
    return (period.start, period.end)


def _on_caseload_during(period: Period, participant_ref: str = "pk") -> Exists:
    return Exists(
        Episode.objects.filter(participant=OuterRef(participant_ref), start_date__lte=period.end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=period.start)
        )
    )


def _earliest(queryset: QuerySet[Any], expression: Any) -> Subquery:
    """The earliest date per participant as a correlated subquery (`queryset` is filtered on OuterRef)."""
    return Subquery(
        queryset.order_by().values("participant").annotate(first=Min(expression)).values("first")[:1],
        output_field=DateField(),
    )


def _first_referral_in(period: Period) -> Subquery:
    return _earliest(
        Referral.objects.filter(participant=OuterRef("pk"), referral_date__range=_in(period)), "referral_date"
    )


def first_employer_contact_since(ref: str) -> Least:
    """The first face-to-face employer contact about the person on or after the date annotated as `ref`, from
    both the employer-contact log and support contacts (as `journey.selectors` finds them)."""
    contact_day = TruncDate("occurred_at")
    from_support = _earliest(
        SupportContact.objects.filter(
            participant=OuterRef("pk"),
            took_place=True,
            contact_with=ContactWith.EMPLOYER,
            mode__in=FACE_TO_FACE_MODES,
        )
        .annotate(day=contact_day)
        .filter(day__gte=OuterRef(ref)),
        contact_day,
    )
    from_log = _earliest(
        EmployerContact.participants_discussed.through.objects.filter(
            participant=OuterRef("pk"),
            employercontact__face_to_face=True,
            employercontact__contact_date__gte=OuterRef(ref),
        ),
        "employercontact__contact_date",
    )
    # LEAST ignores NULLs on PostgreSQL but not on SQLite: coalesce each side with the other.
    return Least(Coalesce(from_support, from_log), Coalesce(from_log, from_support), output_field=DateField())


# --- Metrics -----------------------------------------------------------------------------------------


def referrals(participants: QuerySet[Participant], period: Period, group: GroupBy) -> dict[Key, int]:
    """Referrals with a referral date in the period."""
    rows = _by_group(
        Referral.objects.filter(participant__in=participants, referral_date__range=_in(period)),
        _key_path(group, "participant__"),
        n=Count("id"),
    )
    return {k: r["n"] for k, r in rows.items()}


def engaged(participants: QuerySet[Participant], period: Period, group: GroupBy) -> dict[Key, int]:
    """People whose vocational profile was started in the period (UK local date)."""
    rows = _by_group(
        VocationalProfile.objects.filter(participant__in=participants, started_at__date__range=_in(period)),
        _key_path(group, "participant__"),
        n=Count("id"),
    )
    return {k: r["n"] for k, r in rows.items()}


def job_starts(participants: QuerySet[Participant], period: Period, group: GroupBy) -> dict[Key, JobStarts]:
    """People into work (distinct), total job starts and competitive starts, counted on the 4-paid-hours date."""
    return _job_starts_by(participants, period, _key_path(group, "participant__"))


def _job_starts_by(participants: QuerySet[Participant], period: Period, key_path: str | None) -> dict[Key, JobStarts]:
    rows = _by_group(
        Job.objects.filter(participant__in=participants, first_four_paid_hours_done__range=_in(period)),
        key_path,
        people=Count("participant", distinct=True),
        starts=Count("id"),
        competitive=Count("id", filter=Q(competitive=True)),
    )
    return {k: JobStarts(r["people"], r["starts"], r["competitive"]) for k, r in rows.items()}


def employment_rate(participants: QuerySet[Participant], period: Period, group: GroupBy) -> dict[Key, Ratio]:
    """IPS Grow 2024 employment rate: of the people on the caseload in the period and out of work at its start,
    how many had a job start in it."""
    return _employment_rate_by(participants, period, _key_path(group))


def _employment_rate_by(participants: QuerySet[Participant], period: Period, key_path: str | None) -> dict[Key, Ratio]:
    counted = Job.objects.filter(participant=OuterRef("pk"), first_four_paid_hours_done__isnull=False)
    in_work_at_start = Exists(
        counted.filter(first_four_paid_hours_done__lt=period.start).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=period.start)
        )
    )
    started = Exists(counted.filter(first_four_paid_hours_done__range=_in(period)))
    rows = _by_group(
        participants.filter(_on_caseload_during(period)).filter(~in_work_at_start).annotate(started=started),
        key_path,
        out_of_work=Count("pk"),
        into_work=Count("pk", filter=Q(started=True)),
    )
    return {k: Ratio(r["into_work"], r["out_of_work"]) for k, r in rows.items()}


def employed_after_release(participants: QuerySet[Participant], period: Period, group: GroupBy) -> dict[Key, Ratio]:
    """Of the people whose 26-week point after release (`actual_release_date`) falls in the period, how many were
    in a counted job that day."""
    in_work = Exists(
        Job.objects.filter(participant=OuterRef("pk"), first_four_paid_hours_done__isnull=False)
        .annotate(
            to_counted=_days_between("first_four_paid_hours_done", "participant__actual_release_date"),
            to_end=_days_between("end_date", "participant__actual_release_date"),
        )
        .filter(to_counted__lte=SIX_MONTHS)
        .filter(Q(end_date__isnull=True) | Q(to_end__gte=SIX_MONTHS))
    )
    cohort = participants.filter(actual_release_date__range=(period.start - SIX_MONTHS, period.end - SIX_MONTHS))
    rows = _by_group(
        cohort.annotate(in_work=in_work),
        _key_path(group),
        released=Count("pk"),
        employed=Count("pk", filter=Q(in_work=True)),
    )
    return {k: Ratio(r["employed"], r["released"]) for k, r in rows.items()}


def days_to_employer_contact(participants: QuerySet[Participant], period: Period, group: GroupBy) -> dict[Key, Spread]:
    """Days from the first referral in the period to the first face-to-face employer contact on or after it."""
    cohort = (
        participants.annotate(referred=_first_referral_in(period))
        .filter(referred__isnull=False)
        .annotate(first_contact=first_employer_contact_since("referred"))
        .filter(first_contact__isnull=False)
    )
    values = _pairs(cohort, _key_path(group), _days_between("first_contact", "referred"))
    return {k: Spread.of(v) for k, v in values.items()}


def days_to_first_job(participants: QuerySet[Participant], period: Period, group: GroupBy) -> dict[Key, Spread]:
    """Days from the first referral in the period to the first job start (4 paid hours done) on or after it."""
    first_job = _earliest(
        Job.objects.filter(participant=OuterRef("pk"), first_four_paid_hours_done__gte=OuterRef("referred")),
        "first_four_paid_hours_done",
    )
    cohort = (
        participants.annotate(referred=_first_referral_in(period))
        .filter(referred__isnull=False)
        .annotate(first_job=first_job)
        .filter(first_job__isnull=False)
    )
    values = _pairs(cohort, _key_path(group), _days_between("first_job", "referred"))
    return {k: Spread.of(v) for k, v in values.items()}


def job_tenure(participants: QuerySet[Participant], period: Period, group: GroupBy) -> dict[Key, Tenure]:
    """For jobs started (4 paid hours done) in the period: days from start to end of those that ended, and how
    many are still going."""
    jobs = Job.objects.filter(participant__in=participants, first_four_paid_hours_done__range=_in(period))
    key = _key_path(group, "participant__")
    ended = _pairs(jobs.filter(end_date__isnull=False), key, _days_between("end_date", "start_date"))
    going = _by_group(jobs.filter(end_date__isnull=True), key, n=Count("id"))
    return {k: Tenure(Spread.of(ended.get(k, [])), going.get(k, {}).get("n", 0)) for k in set(ended) | set(going)}


def offer_conversion(
    participants: QuerySet[Participant], period: Period, group: GroupBy
) -> dict[Key, ConversionCounts]:
    """Offers made in the period (by offer date): how many started, await a start, or did not start and why
    (`jobs.selectors.offer_conversion_counts`)."""
    return offer_conversion_counts(
        Application.objects.filter(participant__in=participants, offer_date__range=_in(period)),
        _key_path(group, "participant__"),
    )


def sustainment(participants: QuerySet[Participant], period: Period, group: GroupBy) -> dict[Key, dict[int, Ratio]]:
    """For each of 13, 26 and 52 weeks: jobs (4 paid hours done) whose check point (start date + weeks) falls in
    the period, and how many were recorded as still in work at that check. One query per week."""
    out: dict[Key, dict[int, Ratio]] = {}
    for weeks in SUSTAINMENT_WEEKS:
        offset = datetime.timedelta(weeks=weeks)
        still = Exists(SustainmentCheck.objects.filter(job=OuterRef("pk"), week=weeks, still_in_work=True))
        rows = _by_group(
            Job.objects.filter(
                participant__in=participants,
                first_four_paid_hours_done__isnull=False,
                start_date__range=(period.start - offset, period.end - offset),
            ).annotate(still=still),
            _key_path(group, "participant__"),
            due=Count("id"),
            in_work=Count("id", filter=Q(still=True)),
        )
        for k, r in rows.items():
            out.setdefault(k, {w: Ratio(0, 0) for w in SUSTAINMENT_WEEKS})[weeks] = Ratio(r["in_work"], r["due"])
    return out


def _per_person(queryset: QuerySet[Any]) -> Coalesce:
    """How many rows of a participant-owned queryset belong to the outer participant (a subquery, 0 for none)."""
    counted = queryset.filter(participant=OuterRef("pk")).order_by().values("participant").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), 0)


def cmht_referrals(participants: QuerySet[Participant], period: Period, group: GroupBy) -> dict[Key, CmhtReferrals]:
    """Referrals to a community mental health team made in the period, and their outcomes so far: those on the
    health-care page and referrals out to partners that are CMHTs, each once (the one definition,
    `partners.selectors.cmht_referral_sources`, which the service map counts too). One query: each person's counts
    from both records as subqueries, summed by group."""
    sources = cmht_referral_sources(*_in(period))
    page, out = sources.health_page, sources.referrals_out
    counts = {
        "referred_": _per_person(page) + _per_person(out),
        "accepted_": _per_person(page.filter(cmht_referral_outcome=CmhtReferralOutcome.ACCEPTED))
        + _per_person(out.filter(was_accepted=True)),
        "not_accepted_": _per_person(page.filter(cmht_referral_outcome=CmhtReferralOutcome.NOT_ACCEPTED))
        + _per_person(out.filter(was_declined=True)),
    }
    referred = participants.filter(
        Exists(page.filter(participant=OuterRef("pk"))) | Exists(out.filter(participant=OuterRef("pk")))
    ).annotate(**counts)
    rows = _by_group(
        referred,
        _key_path(group),
        referred=Coalesce(Sum("referred_"), 0),
        accepted=Coalesce(Sum("accepted_"), 0),
        not_accepted=Coalesce(Sum("not_accepted_"), 0),
    )
    return {k: CmhtReferrals(r["referred"], r["accepted"], r["not_accepted"]) for k, r in rows.items()}


def custody_during_support(
    participants: QuerySet[Participant], period: Period, group: GroupBy
) -> dict[Key, CustodyDuringSupport]:
    """Recalls and receptions into prison in the period on a day the person had an open episode of support."""
    during_support = Exists(
        Episode.objects.filter(participant=OuterRef("participant"), start_date__lte=OuterRef("event_date")).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("event_date"))
        )
    )
    rows = _by_group(
        CustodyEvent.objects.filter(
            participant__in=participants,
            event_date__range=_in(period),
            kind__in=[CustodyEventKind.RECALLED, CustodyEventKind.RECEIVED],
        ).filter(during_support),
        _key_path(group, "participant__"),
        recalls=Count("id", filter=Q(kind=CustodyEventKind.RECALLED)),
        new_sentences=Count("id", filter=Q(kind=CustodyEventKind.RECEIVED)),
    )
    return {k: CustodyDuringSupport(r["recalls"], r["new_sentences"]) for k, r in rows.items()}


@dataclass(frozen=True)
class ReleaseReadiness:
    """People released in the period, and how many left with photo ID, a bank account and settled accommodation."""

    released: int
    with_id: int
    with_bank_account: int
    settled: int
    all_three: int


def release_readiness(participants: QuerySet[Participant], period: Period) -> ReleaseReadiness:
    """Of the people whose (latest) release fell in the period: photo ID and a bank account obtained on or before
    the release day (the ready-for-release checklist), and accommodation on release recorded as settled (their
    contact details). One query."""
    released_on = F("actual_release_date")
    with_id = Q(release_checklist__id_status="done", release_checklist__id_on__lte=released_on)
    with_bank = Q(release_checklist__bank_account_status="done", release_checklist__bank_account_on__lte=released_on)
    settled = Q(contact_details__accommodation_status=AccommodationStatus.SETTLED)
    counts = participants.filter(actual_release_date__range=_in(period)).aggregate(
        released=Count("pk"),
        with_id=Count("pk", filter=with_id),
        with_bank_account=Count("pk", filter=with_bank),
        settled=Count("pk", filter=settled),
        all_three=Count("pk", filter=with_id & with_bank & settled),
    )
    return ReleaseReadiness(**{name: counts[name] or 0 for name in counts})


@dataclass(frozen=True)
class SexFigures:
    job_starts: JobStarts
    employment_rate: Ratio


SEX_GROUPS = ((Sex.FEMALE.value, "Women"), (Sex.MALE.value, "Men"), ("", "Not recorded, or prefers not to say"))


def by_sex(participants: QuerySet[Participant], period: Period) -> list[tuple[str, SexFigures]]:
    """Job starts and the employment rate for women and men separately (sex as the person states it), and for
    everyone else together. Two queries."""
    starts = _job_starts_by(participants, period, "participant__sex")
    rates = _employment_rate_by(participants, period, "sex")
    known = {value for value, _ in SEX_GROUPS if value}

    def gather(key: str) -> SexFigures:
        keys = [key] if key else [k for k in set(starts) | set(rates) if k not in known]
        return SexFigures(
            JobStarts(
                sum(starts[k].people for k in keys if k in starts),
                sum(starts[k].starts for k in keys if k in starts),
                sum(starts[k].competitive for k in keys if k in starts),
            ),
            Ratio(
                sum(rates[k].numerator for k in keys if k in rates),
                sum(rates[k].denominator for k in keys if k in rates),
            ),
        )

    return [(label, gather(key)) for key, label in SEX_GROUPS]


FUNNEL_STAGES = (
    ("referred", "Referred"),
    ("engaged", "Engaged (profile started)"),
    ("employer_contact", "Face-to-face employer contact"),
    ("applied", "Applied for a job"),
    ("offered", "Offered a job"),
    ("started", "Started a job"),
    ("sustained_13", "Still in work at 13 weeks"),
)


def funnel(participants: QuerySet[Participant], period: Period) -> list[tuple[str, int]]:
    """People with a referral in the period and how many reached each later stage (one query)."""
    pk = OuterRef("pk")
    stages = {
        "has_engaged": Exists(VocationalProfile.objects.filter(participant=pk)),
        "has_support_contact": Exists(
            SupportContact.objects.filter(
                participant=pk, took_place=True, contact_with=ContactWith.EMPLOYER, mode__in=FACE_TO_FACE_MODES
            )
        ),
        "has_logged_contact": Exists(
            EmployerContact.participants_discussed.through.objects.filter(
                participant=pk, employercontact__face_to_face=True
            )
        ),
        "has_applied_status": Exists(Application.objects.filter(participant=pk, status__in=APPLIED_OR_LATER)),
        "has_applied_history": Exists(
            ApplicationStatusChange.objects.filter(application__participant=pk, to_status=Status.APPLIED.value)
        ),
        "has_offered": Exists(Application.objects.filter(participant=pk, status__in=[s.value for s in OFFER_MADE])),
        "has_started": Exists(Job.objects.filter(participant=pk, first_four_paid_hours_done__isnull=False)),
        "has_sustained_13": Exists(
            SustainmentCheck.objects.filter(
                job__participant=pk, job__first_four_paid_hours_done__isnull=False, week=13, still_in_work=True
            )
        ),
    }
    cohort = participants.filter(
        Exists(Referral.objects.filter(participant=pk, referral_date__range=_in(period)))
    ).annotate(**stages)
    counts = cohort.aggregate(
        referred=Count("pk"),
        engaged=Count("pk", filter=Q(has_engaged=True)),
        employer_contact=Count("pk", filter=Q(has_support_contact=True) | Q(has_logged_contact=True)),
        applied=Count("pk", filter=Q(has_applied_status=True) | Q(has_applied_history=True)),
        offered=Count("pk", filter=Q(has_offered=True)),
        started=Count("pk", filter=Q(has_started=True)),
        sustained_13=Count("pk", filter=Q(has_sustained_13=True)),
    )
    return [(label, counts[name] or 0) for name, label in FUNNEL_STAGES]


_METRICS: list[tuple[str, Callable[[QuerySet[Participant], Period, GroupBy], dict[Key, Any]]]] = [
    ("referrals", referrals),
    ("engaged", engaged),
    ("job_starts", job_starts),
    ("employment_rate", employment_rate),
    ("employed_6_months", employed_after_release),
    ("days_to_employer_contact", days_to_employer_contact),
    ("days_to_first_job", days_to_first_job),
    ("tenure", job_tenure),
    ("offers", offer_conversion),
    ("sustainment", sustainment),
    ("cmht", cmht_referrals),
    ("custody", custody_during_support),
]


def outcome_figures(participants: QuerySet[Participant], period: Period, group: GroupBy) -> dict[Key, Figures]:
    """Every figure for every group that has any: about 17 queries per group-by (times the number of quarters
    when grouping by quarter), whatever the number of participants."""
    if group == GroupBy.QUARTER:
        return {
            label: outcome_figures(participants, quarter, GroupBy.SERVICE)[None] for label, quarter in period.quarters()
        }
    figures: dict[Key, Figures] = {}
    if group == GroupBy.SERVICE:
        figures[None] = Figures()
    for name, metric in _METRICS:
        for key, value in metric(participants, period, group).items():
            setattr(figures.setdefault(key, Figures()), name, value)
    return figures


def group_labels(group: GroupBy, keys: Iterable[Key]) -> dict[Key, str]:
    """Readable names for group keys (one query for sites, teams or specialists)."""
    keys = list(keys)
    if group == GroupBy.SERVICE:
        return dict.fromkeys(keys, "All")
    if group == GroupBy.QUARTER:
        return {k: str(k) for k in keys}
    ids = [k for k in keys if k is not None]
    names: dict[Key, str]
    if group == GroupBy.SITE:
        names = {s.pk: s.name for s in Site.objects.filter(pk__in=ids)}
        missing = "No site"
    elif group == GroupBy.TEAM:
        names = {t.pk: t.name for t in Team.objects.filter(pk__in=ids)}
        missing = "No team"
    else:
        names = {u.pk: str(u) for u in User.objects.filter(pk__in=ids)}
        missing = "Not allocated"
    return {k: names.get(k, missing) if k is not None else missing for k in keys}
