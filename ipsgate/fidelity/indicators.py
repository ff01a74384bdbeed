"""Indicators for a fidelity review, computed from ipsgate's own data for one team and one review period.

Each indicator is its own function, answers with SQL aggregates (a fixed number of queries, whatever the
size of the team), and carries a one-sentence definition. Where an item's anchors are numbers, the
indicator also carries the score the data suggests (`ipsgate.rules.fidelity.suggest_*`). A figure from
`ipsgate.outcomes.metrics` can later replace any one of these functions without touching the others.

"The team's participants" are the people at the team's sites or allocated to one of its specialists (the
same reach as the team leader's scoping). "Specialists" are the team's active employment specialists.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from django.db.models import (
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, Lower, Trim, TruncDate

from ipsgate.advice.models import BetterOffCheck, DisclosureStatement
from ipsgate.core.choices import Role
from ipsgate.core.models import Team, User
from ipsgate.employers.selectors import FACE_TO_FACE_TARGET, face_to_face_by_week, iso_monday
from ipsgate.jobs.models import Job
from ipsgate.journey.choices import FACE_TO_FACE_MODES, ContactMode
from ipsgate.journey.models import SupportContact
from ipsgate.outcomes.metrics import first_employer_contact_since
from ipsgate.people.choices import ReferralOutcome
from ipsgate.people.models import Episode, Participant, Referral
from ipsgate.rules.fidelity import (
    Suggestion,
    suggest_caseload,
    suggest_community_share,
    suggest_competitive_share,
    suggest_employer_contacts,
    suggest_rapid_search,
)
from ipsgate.rules.suppression import SMALL_TEXT, any_small

RAPID_SEARCH_DAYS = 30
FOLLOW_ALONG_DAYS = 3  # IPS-25 item 23: contact within 3 days after a job starts
COMMUNITY_MODES = (ContactMode.IN_COMMUNITY, ContactMode.AT_WORKPLACE)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("the period ends before it starts")


@dataclass(frozen=True)
class Indicator:
    """One figure beside one or more items. `counts` are the counts behind it, checked for small numbers: every
    count the value shows, and the difference in every "X of Y" (which "X of Y" gives away)."""

    items: tuple[int, ...]
    name: str
    value: str
    definition: str
    suggestion: Suggestion | None = None
    counts: tuple[int, ...] = ()

    @property
    def has_small_count(self) -> bool:
        return any_small(self.counts)


def _n(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "no data"


def team_participants(team: Team) -> QuerySet[Participant]:
    """The team's participants: at one of its sites, or allocated to one of its members."""
    site_ids = Team.sites.through.objects.filter(team_id=team.pk).values("site_id")
    return Participant.objects.filter(Q(current_site_id__in=site_ids) | Q(allocated_specialist__team_id=team.pk))


def team_specialists(team: Team) -> QuerySet[User]:
    return User.objects.filter(role=Role.SPECIALIST, is_active=True, team_id=team.pk)


# --- Item 1 -------------------------------------------------------------------------------------------


def caseload_per_specialist(team: Team, period: Period) -> Indicator:
    """People with an episode of support open on the last day of the period, allocated to the team's
    specialists, divided by the number of specialists."""
    specialists = team_specialists(team)
    open_on_end = Episode.objects.filter(participant=OuterRef("pk"), start_date__lte=period.end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.end)
    )
    people = Participant.objects.filter(allocated_specialist__in=specialists).filter(Exists(open_on_end)).count()
    count = specialists.count()
    suggestion = suggest_caseload(people=people, specialists=count)
    value = f"{people / count:.1f} per specialist ({people} people, {count} specialists)" if count else "no specialists"
    return Indicator(
        (1,),
        "Caseload per specialist",
        value,
        f"People with an open episode of support on {period.end:%-d %B %Y} who are allocated to one of the "
        "team's specialists, divided by the number of the team's active specialists (allocation as it is now).",
        suggestion,
        (people,),
    )


# --- Item 9 -------------------------------------------------------------------------------------------


NOT_ACCEPTED = (ReferralOutcome.DECLINED_BY_PERSON, ReferralOutcome.UNABLE_TO_CONTACT, ReferralOutcome.WITHDRAWN)


def referrals_not_accepted(team: Team, period: Period) -> Indicator:
    """Referrals received in the period that were not accepted, by outcome."""
    counts = Referral.objects.filter(
        participant__in=team_participants(team), referral_date__gte=period.start, referral_date__lte=period.end
    ).aggregate(
        total=Count("id"),
        accepted=Count("id", filter=Q(outcome=ReferralOutcome.ACCEPTED)),
        awaiting=Count("id", filter=Q(outcome="")),
        not_wanting_work=Count("id", filter=Q(wants_paid_work=False)),
        **{outcome.value: Count("id", filter=Q(outcome=outcome)) for outcome in NOT_ACCEPTED},
    )
    not_accepted = sum(counts[outcome.value] for outcome in NOT_ACCEPTED)
    reasons = "; ".join(f"{outcome.label.lower()}: {counts[outcome.value]}" for outcome in NOT_ACCEPTED)
    value = (
        f"{not_accepted} of {counts['total']} referrals not accepted ({reasons}); {counts['accepted']} accepted, "
        f"{counts['awaiting']} awaiting a decision"
    )
    return Indicator(
        (9,),
        "Referrals not accepted, and why",
        value,
        "Referrals of the team's participants dated in the period, by outcome. ipsgate has no outcome for "
        "screening someone out (zero exclusion): a referral is not accepted only when the person declines, cannot "
        "be contacted or withdraws.",
        None,
        (
            counts["total"],
            not_accepted,
            counts["accepted"],
            counts["awaiting"],
            *(counts[outcome.value] for outcome in NOT_ACCEPTED),
        ),
    )


# --- Item 12 ------------------------------------------------------------------------------------------


def _job_starts(team: Team, period: Period) -> QuerySet[Job]:
    return Job.objects.filter(
        participant__in=team_participants(team), start_date__gte=period.start, start_date__lte=period.end
    )


def benefits_planning_before_start(team: Team, period: Period) -> Indicator:
    """Job starts in the period where a better-off-in-work calculation was saved on or before the start date."""
    checked_before = BetterOffCheck.objects.filter(
        participant=OuterRef("participant"), created_at__date__lte=OuterRef("start_date")
    )
    counts = _job_starts(team, period).aggregate(jobs=Count("id"), checked=Count("id", filter=Exists(checked_before)))
    return Indicator(
        (12,),
        "Benefits calculations before job starts",
        f"{counts['checked']} of {counts['jobs']} job starts ({_percent(counts['checked'], counts['jobs'])}) had a "
        "better-off calculation first",
        "Jobs of the team's participants starting in the period for which a better-off-in-work calculation had "
        "been saved for the person on or before the start date.",
        None,
        (counts["jobs"], counts["checked"], counts["jobs"] - counts["checked"]),
    )


# --- Item 13 ------------------------------------------------------------------------------------------


def disclosure_plans_recorded(team: Team, period: Period) -> Indicator:
    """Engaged people supported in the period whose vocational profile records their disclosure choices."""
    supported = Episode.objects.filter(participant=OuterRef("pk"), start_date__lte=period.end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start)
    )
    letter = DisclosureStatement.objects.filter(participant=OuterRef("pk"))
    counts = (
        team_participants(team)
        .filter(Exists(supported), vocational_profile__started_at__date__lte=period.end)
        .aggregate(
            engaged=Count("id"),
            planned=Count(
                "id",
                filter=~Q(vocational_profile__disclosure_share="") | ~Q(vocational_profile__disclosure_plan=""),
            ),
            letters=Count("id", filter=Exists(letter)),
        )
    )
    return Indicator(
        (13,),
        "Disclosure plans recorded",
        f"{counts['planned']} of {counts['engaged']} engaged people ({_percent(counts['planned'], counts['engaged'])}) "
        f"have a disclosure choice or plan recorded; {_n(counts['letters'], 'has', 'have')} a disclosure letter",
        "The team's participants with a started vocational profile and support open at some time in the period, "
        "and how many have the profile's disclosure section (what may be shared, or the plan) filled in.",
        None,
        (counts["engaged"], counts["planned"], counts["engaged"] - counts["planned"], counts["letters"]),
    )


# --- Item 15 ------------------------------------------------------------------------------------------


def _first_employer_contact(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """Annotate the engagement day and the first face-to-face employer contact on or after it (the outcome
    metrics' definition: a support contact with an employer, or an employer-contact log entry about the person)."""
    return (
        participants.annotate(profile_day=Cast(TruncDate("vocational_profile__started_at"), DateField()))
        .annotate(first_contact=first_employer_contact_since("profile_day"))
        .annotate(days=ExpressionWrapper(F("first_contact") - F("profile_day"), output_field=DurationField()))
    )


def _days(value: Any) -> float:
    return float(value.days) if isinstance(value, timedelta) else float(value) / 86_400_000_000


def rapid_job_search(team: Team, period: Period) -> Indicator:
    """People who became engaged (started a vocational profile) in the period: the median days to their first
    face-to-face employer contact, and the share who had one within 30 days. Two queries."""
    cohort = _first_employer_contact(
        team_participants(team).filter(
            vocational_profile__started_at__date__gte=period.start,
            vocational_profile__started_at__date__lte=period.end,
        )
    )
    counts = cohort.aggregate(
        engaged=Count("id"),
        contacted=Count("id", filter=Q(first_contact__isnull=False)),
        within=Count("id", filter=Q(days__lte=timedelta(days=RAPID_SEARCH_DAYS))),
    )
    contacted = counts["contacted"]
    median: float | None = None
    if contacted:
        middle = contacted // 2
        low, high = (middle - 1, middle + 1) if contacted % 2 == 0 else (middle, middle + 1)
        ranked: QuerySet[Any] = cohort.filter(first_contact__isnull=False)  # type: ignore[misc]  # annotation
        values = [_days(v) for v in ranked.order_by("days", "id").values_list("days", flat=True)[low:high]]
        median = sum(values) / len(values)
    suggestion = suggest_rapid_search(median_days=median, people=contacted)
    median_text = f"median {median:g} days" if median is not None else "no first contacts yet"
    return Indicator(
        (15,),
        "Days to first face-to-face employer contact",
        f"{median_text} ({contacted} of {counts['engaged']} people engaged in the period had one); "
        f"{counts['within']} of {counts['engaged']} ({_percent(counts['within'], counts['engaged'])}) within "
        f"{RAPID_SEARCH_DAYS} days",
        "For the team's participants who started a vocational profile in the period: days from that start to the "
        "first face-to-face contact with an employer about them (a support contact with an employer, or an "
        "employer-contact log entry that discussed them), whenever it happened. People engaged late in the period "
        "may not yet have had 30 days.",
        suggestion,
        (
            counts["engaged"],
            contacted,
            counts["engaged"] - contacted,
            counts["within"],
            counts["engaged"] - counts["within"],
        ),
    )


# --- Item 17 ------------------------------------------------------------------------------------------


def employer_contacts_per_week(team: Team, period: Period) -> Indicator:
    """Face-to-face employer contacts per specialist per week, from the employer-contact log (the weekly counts
    of `employers.selectors.face_to_face_by_week`). Two queries."""
    weeks = (iso_monday(period.end) - iso_monday(period.start)).days // 7 + 1
    mondays, rows = face_to_face_by_week(team.leader or User(), today=period.end, weeks=weeks,
                                         specialists_of=team_specialists(team))  # fmt: skip
    contacts = sum(sum(row.counts) for row in rows)
    specialist_weeks = len(rows) * len(mondays)
    on_target = sum(row.weeks_on_target for row in rows)
    suggestion = suggest_employer_contacts(contacts=contacts, specialist_weeks=specialist_weeks)
    rate = f"{contacts / specialist_weeks:.1f}" if specialist_weeks else "no data"
    return Indicator(
        (17,),
        "Face-to-face employer contacts per specialist per week",
        f"{rate} against a target of {FACE_TO_FACE_TARGET} ({contacts} contacts, {len(rows)} specialists, "
        f"{len(mondays)} weeks; {on_target} of {specialist_weeks} specialist-weeks on target)",
        "Face-to-face entries in the employer-contact log by the team's active specialists, in the weeks (Monday "
        "start) that overlap the period, divided by specialists times weeks.",
        suggestion,
        (),
    )


# --- Items 19, 20 and 21 ------------------------------------------------------------------------------


def job_type_diversity(team: Team, period: Period) -> Indicator:
    """Distinct job titles among the job starts in the period, as a share of the job starts."""
    counts = _job_starts(team, period).aggregate(jobs=Count("id"), types=Count(Lower(Trim("job_title")), distinct=True))
    return Indicator(
        (19,),
        "Diversity of job types",
        f"{counts['types']} different job titles among {counts['jobs']} job starts "
        f"({_percent(counts['types'], counts['jobs'])})",
        "Jobs of the team's participants starting in the period: how many different job titles (ignoring case) "
        "there are, as a share of the jobs.",
        None,
        (counts["jobs"],),
    )


def employer_diversity(team: Team, period: Period) -> Indicator:
    """Distinct employers among the job starts in the period, as a share of the job starts."""
    counts = _job_starts(team, period).aggregate(jobs=Count("id"), employers=Count("employer", distinct=True))
    return Indicator(
        (20,),
        "Diversity of employers",
        f"{counts['employers']} different employers among {counts['jobs']} job starts "
        f"({_percent(counts['employers'], counts['jobs'])})",
        "Jobs of the team's participants starting in the period: how many different employers there are, as a "
        "share of the jobs.",
        None,
        (counts["jobs"],),
    )


def competitive_job_share(team: Team, period: Period) -> Indicator:
    """The share of job starts in the period that are competitive employment."""
    counts = _job_starts(team, period).aggregate(jobs=Count("id"), competitive=Count("id", filter=Q(competitive=True)))
    suggestion = suggest_competitive_share(competitive=counts["competitive"], jobs=counts["jobs"])
    return Indicator(
        (21,),
        "Share of competitive jobs",
        f"{counts['competitive']} of {counts['jobs']} job starts ({_percent(counts['competitive'], counts['jobs'])}) "
        "are competitive",
        "Jobs of the team's participants starting in the period that are competitive employment (open to anyone, "
        "at least the minimum wage for the person's age, not set aside for disabled people), as a share of them.",
        suggestion,
        (counts["jobs"], counts["competitive"], counts["jobs"] - counts["competitive"]),
    )


# --- Items 22 and 23 ----------------------------------------------------------------------------------


def follow_along_contacts(team: Team, period: Period) -> Indicator:
    """In-work (follow-along) support: contacts about a job within 3 days of its start, and contacts in the
    period per job held in the period. Two queries."""
    contact_day = TruncDate("occurred_at")
    first_follow_along = (
        SupportContact.objects.filter(job=OuterRef("pk"), took_place=True)
        .order_by()
        .annotate(day=contact_day)
        .filter(day__gte=OuterRef("start_date"))
        .values("job")
        .annotate(first=Min(contact_day))
        .values("first")[:1]
    )
    starts = (
        _job_starts(team, period)
        .annotate(first_follow_along=Subquery(first_follow_along, output_field=DateField()))
        .annotate(days=ExpressionWrapper(F("first_follow_along") - F("start_date"), output_field=DurationField()))
        .aggregate(jobs=Count("id"), soon=Count("id", filter=Q(days__lte=timedelta(days=FOLLOW_ALONG_DAYS))))
    )
    held = Job.objects.filter(participant__in=team_participants(team), start_date__lte=period.end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start)
    )
    in_period = Q(
        support_contacts__took_place=True,
        support_contacts__occurred_at__date__gte=period.start,
        support_contacts__occurred_at__date__lte=period.end,
    )
    totals = held.aggregate(
        jobs=Count("id", distinct=True),
        contacts=Count("support_contacts", filter=in_period),
        supported=Count("id", filter=in_period, distinct=True),
    )
    per_job = f"{totals['contacts'] / totals['jobs']:.1f}" if totals["jobs"] else "no data"
    return Indicator(
        (22, 23),
        "Follow-along contacts after job starts",
        f"{starts['soon']} of {starts['jobs']} job starts ({_percent(starts['soon'], starts['jobs'])}) had a contact "
        f"within {FOLLOW_ALONG_DAYS} days; {_n(totals['contacts'], 'follow-along contact', 'follow-along contacts')} "
        f"in the period across {_n(totals['jobs'], 'job', 'jobs')} held ({per_job} per job; "
        f"{_n(totals['supported'], 'job', 'jobs')} had at least one)",
        "Follow-along contacts are support contacts that took place about a job (with the employee or their "
        "manager). For jobs starting in the period: a contact within 3 days after the start. For all jobs held at "
        "some time in the period: the contacts dated in the period.",
        None,
        (
            starts["jobs"],
            starts["soon"],
            starts["jobs"] - starts["soon"],
            totals["jobs"],
            totals["supported"],
            totals["jobs"] - totals["supported"],
        ),
    )


# --- Item 24 ------------------------------------------------------------------------------------------


def community_contact_share(team: Team, period: Period) -> Indicator:
    """The share of face-to-face contacts held in the community or at a workplace rather than in prison."""
    counts = SupportContact.objects.filter(
        participant__in=team_participants(team),
        took_place=True,
        mode__in=FACE_TO_FACE_MODES,
        occurred_at__date__gte=period.start,
        occurred_at__date__lte=period.end,
    ).aggregate(
        face_to_face=Count("id"),
        community=Count("id", filter=Q(mode__in=COMMUNITY_MODES)),
        in_prison=Count("id", filter=Q(mode=ContactMode.IN_PRISON)),
    )
    suggestion = suggest_community_share(community=counts["community"], contacts=counts["face_to_face"])
    return Indicator(
        (24,),
        "Share of contacts in the community",
        f"{counts['community']} of {counts['face_to_face']} face-to-face contacts "
        f"({_percent(counts['community'], counts['face_to_face'])}) were in the community or at a workplace; "
        f"{counts['in_prison']} in prison",
        "Support contacts with the team's participants that took place face to face in the period: the share held "
        "in the community or at a workplace rather than in prison or an office. Phone, video and messages are left "
        "out. The share of contacts stands in for the share of time.",
        suggestion,
        (
            counts["face_to_face"],
            counts["community"],
            counts["face_to_face"] - counts["community"],
            counts["in_prison"],
        ),
    )


INDICATORS: tuple[Callable[[Team, Period], Indicator], ...] = (
    caseload_per_specialist,
    referrals_not_accepted,
    benefits_planning_before_start,
    disclosure_plans_recorded,
    rapid_job_search,
    employer_contacts_per_week,
    job_type_diversity,
    employer_diversity,
    competitive_job_share,
    follow_along_contacts,
    community_contact_share,
)

SUPPRESSED = "Fewer than 5: not shown"


def suppress_small(indicator: Indicator) -> Indicator:
    """The analyst's view: an indicator resting on a count below 5 shows "<5" instead of its figures."""
    if not indicator.has_small_count:
        return indicator
    suggestion = indicator.suggestion
    if suggestion is not None:
        suggestion = replace(suggestion, explanation="The counts behind this suggestion are below 5.")
    return replace(indicator, value=f"{SMALL_TEXT}: {SUPPRESSED.lower()}", suggestion=suggestion)


def indicators_for(team: Team, period: Period, *, suppress: bool = False) -> dict[int, list[Indicator]]:
    """Every indicator, keyed by each item it informs. A fixed number of queries."""
    by_item: dict[int, list[Indicator]] = {}
    for compute in INDICATORS:
        indicator = compute(team, period)
        if suppress:
            indicator = suppress_small(indicator)
        for number in indicator.items:
            by_item.setdefault(number, []).append(indicator)
    return by_item
