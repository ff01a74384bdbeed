"""The evaluation's data: one anonymous row per allocated referral, gathered in a single SQL query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

from ipsgate.advice.models import ConvictionRecord
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import Role
from ipsgate.core.models import User
from ipsgate.core.scoping import sites_for
from ipsgate.jobs.models import Job
from ipsgate.journey.choices import CmhtReferralOutcome
from ipsgate.journey.models import MentalHealthCare, WorkHistoryEntry
from ipsgate.mentoring.selectors import most_sessions_held
from ipsgate.rules.mentoring_value import is_mentored

from .models import Allocation


@dataclass(frozen=True)
class EvaluationRow:
    """One allocated referral of a released person: no name, no identifier."""

    arm: str
    mentoring: bool
    site: str
    date_of_birth: date
    released: date
    first_job_start: date | None  # the first job starting on or after release
    episode_end: date | None
    prior_employment: bool
    offence_category: str
    mental_health_team: bool
    mentored: bool = False  # a match with a peer mentor that lasted at least 2 sessions (`rules.mentoring_value`)


def allocations_for(user: User) -> QuerySet[Allocation]:
    """Team leaders see their teams' sites (the site where the referral was allocated); service managers and
    analysts the whole service; nobody else."""
    if not capabilities_for(user).see_evaluation:
        raise PermissionDenied
    allocations = Allocation.objects.all()
    if user.role == Role.TEAM_LEADER:
        allocations = allocations.filter(stratum_site__in=sites_for(user))
    return allocations


def evaluation_rows(user: User, *, today: date) -> list[EvaluationRow]:
    """Released people with an arm, with what the analyses need, in one query (subqueries, no per-person reads).

    The person is the unit: when someone has several allocated referrals, each counts (rare: a new referral
    after support ended is a new episode and a new allocation).
    """
    participant = OuterRef("referral__participant")
    first_job = (
        Job.objects.filter(
            participant=participant, start_date__gte=OuterRef("referral__participant__actual_release_date")
        )
        .order_by("start_date")
        .values("start_date")[:1]
    )
    offence = (
        ConvictionRecord.objects.filter(participant=participant)
        .exclude(offence_category="")
        .order_by("-conviction_date", "-id")
        .values("offence_category")[:1]
    )
    mental_health = MentalHealthCare.objects.filter(participant=participant).filter(
        Q(cmht_referral_outcome=CmhtReferralOutcome.ACCEPTED) | ~Q(care_coordinator="")
    )
    values: QuerySet[Any, dict[str, Any]] = (
        allocations_for(user)
        .filter(
            referral__participant__actual_release_date__isnull=False,
            referral__participant__actual_release_date__lte=today,
        )
        .annotate(
            first_job_start=Subquery(first_job),
            offence_category=Subquery(offence),
            prior_employment=Exists(WorkHistoryEntry.objects.filter(participant=participant)),
            mental_health_team=Exists(mental_health),
            site_name=F("stratum_site__name"),
            date_of_birth=F("referral__participant__date_of_birth"),
            released=F("referral__participant__actual_release_date"),
            episode_end=F("referral__episode__end_date"),
            sessions_held=most_sessions_held("referral__participant"),
        )
        .order_by("pk")
        .values(
            "arm",
            "mentoring",
            "site_name",
            "date_of_birth",
            "released",
            "first_job_start",
            "episode_end",
            "prior_employment",
            "offence_category",
            "mental_health_team",
            "sessions_held",
        )
    )
    return [
        EvaluationRow(
            arm=row["arm"],
            mentoring=row["mentoring"],
            site=row["site_name"],
            date_of_birth=row["date_of_birth"],
            released=row["released"],
            first_job_start=row["first_job_start"],
            episode_end=row["episode_end"],
            prior_employment=bool(row["prior_employment"]),
            offence_category=row["offence_category"] or "",
            mental_health_team=bool(row["mental_health_team"]),
            mentored=is_mentored(row["sessions_held"] or 0),
        )
        for row in values
    ]
