"""Reads of applications and jobs. Participant-scoped reads start from a participant the caller already
fetched through `core.scoping`; aggregates are SQL, scoped to the sites the user oversees."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.models import Site, User
from ipsgate.core.scoping import sites_for
from ipsgate.people.choices import IN_CUSTODY_STATUSES
from ipsgate.people.models import Participant
from ipsgate.rules.applications import OFFER_MADE, Status
from ipsgate.rules.employment import SustainmentDue
from ipsgate.rules.reminders import JobFacts, next_sustainment_check

from .choices import NotStartedReason
from .models import Application, Job, SustainmentCheck


@dataclass(frozen=True)
class ParticipantWork:
    participant: Participant
    jobs: list[Job]


def participant_work(participant: Participant) -> ParticipantWork:
    """Jobs for the participant page, with their employers: one query whatever the history. Applications have
    their own page (`jobs:work`), so the participant page costs what it did before."""
    prefetched = getattr(participant, "job_list", None)  # the journey's participant selector may prefetch jobs
    if prefetched is not None:
        return ParticipantWork(participant, sorted(prefetched, key=lambda job: (job.start_date, job.pk), reverse=True))
    return ParticipantWork(participant, list(Job.objects.filter(participant=participant).select_related("employer")))


def jobs_being_worked(participant: Any = None) -> QuerySet[Job]:
    """The SQL twin of `rules.employment.job_being_worked` for the jobs of `participant` (default: the outer
    query's participant, for an EXISTS): not ended, and either the person is out of custody or it is paid ROTL work
    that no employer is holding open after a recall. A test checks the two agree."""
    person: Any = OuterRef("pk") if participant is None else participant
    return (
        Job.objects.filter(participant=person)
        .filter(end_date__isnull=True)
        .filter(
            ~Q(participant__custody_status__in=IN_CUSTODY_STATUSES)
            | Q(rotl_while_in_custody=True, held_from__isnull=True)
        )
    )


def current_jobs(participant: Participant, *, on: date) -> list[Job]:
    """The person's jobs that have started by `on` and not ended, with their employers: one query."""
    return list(
        Job.objects.filter(participant=participant, end_date__isnull=True, start_date__lte=on)
        .select_related("employer")
        .order_by("start_date", "id")
    )


def work_overview(participant: Participant) -> tuple[list[Job], list[Application]]:
    """Jobs (with sustainment checks) and applications for the work page: three queries."""
    jobs = list(
        Job.objects.filter(participant=participant)
        .select_related("employer")
        .prefetch_related(Prefetch("sustainment_checks", queryset=SustainmentCheck.objects.order_by("week")))
    )
    applications = list(
        Application.objects.filter(participant=participant)
        .select_related("employer", "vacancy")
        .order_by("-updated_at", "-id")
    )
    return jobs, applications


def sustainment_checks_due(job: Job, checks_done_weeks: Iterable[int], today: date) -> list[SustainmentDue]:
    """The sustainment check to record now, if one is due, by the same rule as the To do list."""
    facts = JobFacts(job.pk, job.job_title, job.start_date, job.end_date, frozenset(checks_done_weeks))
    check = next_sustainment_check(facts, today)
    if check is None or check[1] > today:
        return []
    weeks, due_on = check
    return [SustainmentDue(weeks, due_on, overdue=due_on < today)]


def oversight_sites(user: User) -> QuerySet[Site]:
    """Sites whose offer conversion a team leader (their teams' sites) or a service manager (all) may see, on the
    employer contacts report."""
    if capabilities_for(user).see_employer_contacts_report:
        return sites_for(user)
    return Site.objects.none()


@dataclass(frozen=True)
class SiteConversion:
    site: Site
    offers: int
    started: int
    awaiting: int
    not_started_reasons: list[tuple[str, int]]

    @property
    def rate_text(self) -> str:
        decided = self.offers - self.awaiting
        return f"{round(100 * self.started / decided)}%" if decided else "–"


@dataclass(frozen=True)
class ConversionCounts:
    """Offers made in a group, how many started, how many still await a start, and why the others did not."""

    offers: int
    started: int
    awaiting: int
    not_started: int
    not_started_reasons: list[tuple[str, int]]


def offer_conversion_counts(applications: QuerySet[Application], group: str | None) -> dict[Any, ConversionCounts]:
    """Offers → started, grouped by `group` (a field path from Application, or None for one group keyed None),
    with counts of the reasons offers did not start. Two aggregate queries whatever the number of applications.
    The caller chooses which applications count (scope, offer dates)."""
    offered = [s.value for s in OFFER_MADE]
    key = F(group) if group else Value(None, output_field=IntegerField())
    rows = (
        applications.filter(status__in=offered)
        .order_by()
        .values(key_=key)
        .annotate(
            offers=Count("id"),
            started=Count("id", filter=Q(status=Status.STARTED.value)),
            awaiting=Count("id", filter=Q(status__in=[Status.OFFERED.value, Status.ACCEPTED.value])),
            not_started=Count("id", filter=Q(status=Status.OFFER_NOT_STARTED.value)),
        )
    )
    totals = {r["key_"]: r for r in rows}
    reasons: dict[Any, list[tuple[str, int]]] = {}
    labels = dict(NotStartedReason.choices)
    for r in (
        applications.filter(status=Status.OFFER_NOT_STARTED.value)
        .order_by()
        .values("not_started_reason", key_=key)
        .annotate(n=Count("id"))
        .order_by("key_", "-n", "not_started_reason")
    ):
        reasons.setdefault(r["key_"], []).append((labels.get(r["not_started_reason"], r["not_started_reason"]), r["n"]))
    return {
        k: ConversionCounts(
            offers=row["offers"],
            started=row["started"],
            awaiting=row["awaiting"],
            not_started=row["not_started"],
            not_started_reasons=reasons.get(k, []),
        )
        for k, row in totals.items()
    }


def offer_conversion_by_site(user: User) -> list[SiteConversion]:
    """Offers made → started, per participant site, with counts of the reasons offers did not start.
    Two aggregate queries whatever the number of applications."""
    sites = list(oversight_sites(user).order_by("name"))
    ids = [s.pk for s in sites]
    counts = offer_conversion_counts(
        Application.objects.filter(participant__current_site_id__in=ids), "participant__current_site_id"
    )
    empty = ConversionCounts(0, 0, 0, 0, [])
    return [
        SiteConversion(
            site=site,
            offers=counts.get(site.pk, empty).offers,
            started=counts.get(site.pk, empty).started,
            awaiting=counts.get(site.pk, empty).awaiting,
            not_started_reasons=counts.get(site.pk, empty).not_started_reasons,
        )
        for site in sites
    ]
