"""Reads of applications and jobs. Participant-scoped reads start from a participant the caller already
fetched through `core.scoping`; aggregates are SQL, scoped to the sites the user oversees."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from ipsgate.core.choices import Role
from ipsgate.core.models import Site, User
from ipsgate.core.scoping import sites_for
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
    """Sites whose figures a team leader (their teams' sites) or a service manager (all) may see."""
    if user.role in (Role.TEAM_LEADER, Role.SERVICE_MANAGER):
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


def offer_conversion_by_site(user: User) -> list[SiteConversion]:
    """Offers made → started, per participant site, with counts of the reasons offers did not start.
    Two aggregate queries whatever the number of applications."""
    sites = list(oversight_sites(user).order_by("name"))
    ids = [s.pk for s in sites]
    offered = [s.value for s in OFFER_MADE]
    rows = (
        Application.objects.filter(participant__current_site_id__in=ids, status__in=offered)
        .values("participant__current_site_id")
        .annotate(
            offers=Count("id"),
            started=Count("id", filter=Q(status=Status.STARTED.value)),
            awaiting=Count("id", filter=Q(status__in=[Status.OFFERED.value, Status.ACCEPTED.value])),
        )
    )
    totals = {r["participant__current_site_id"]: r for r in rows}
    reasons: dict[int, list[tuple[str, int]]] = {}
    labels = dict(NotStartedReason.choices)
    for r in (
        Application.objects.filter(participant__current_site_id__in=ids, status=Status.OFFER_NOT_STARTED.value)
        .values("participant__current_site_id", "not_started_reason")
        .annotate(n=Count("id"))
        .order_by("participant__current_site_id", "-n", "not_started_reason")
    ):
        site_reasons = reasons.setdefault(r["participant__current_site_id"], [])
        site_reasons.append((labels.get(r["not_started_reason"], r["not_started_reason"]), r["n"]))
    return [
        SiteConversion(
            site=site,
            offers=totals.get(site.pk, {}).get("offers", 0),
            started=totals.get(site.pk, {}).get("started", 0),
            awaiting=totals.get(site.pk, {}).get("awaiting", 0),
            not_started_reasons=reasons.get(site.pk, []),
        )
        for site in sites
    ]
