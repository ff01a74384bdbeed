"""Reads of participant data. Every selector starts from the scoping queryset."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from ipsgate.core.choices import Role
from ipsgate.core.models import User
from ipsgate.core.scoping import participants_visible_to
from ipsgate.jobs.models import Job
from ipsgate.journey.models import SupportContact
from ipsgate.rules.timeline import ReleaseTiming, release_timing

from .choices import CustodyStatus
from .models import Episode, Participant, Referral


def with_case_flags(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """Annotate the facts list pages need, as EXISTS subqueries: one query whatever the page size."""
    return participants.select_related("current_site", "allocated_specialist").annotate(
        has_open_episode=Exists(Episode.objects.filter(participant=OuterRef("pk"), end_date__isnull=True)),
        has_any_episode=Exists(Episode.objects.filter(participant=OuterRef("pk"))),
        has_pending_referral=Exists(Referral.objects.filter(participant=OuterRef("pk"), outcome="")),
        has_contact=Exists(SupportContact.objects.filter(participant=OuterRef("pk"), took_place=True)),
        in_work=Exists(Job.objects.filter(participant=OuterRef("pk"), end_date__isnull=True)),
    )


def timing_of(participant: Participant, *, today: date) -> ReleaseTiming:
    """Count down to the expected release while in custody (including after a recall, when the old actual
    release date no longer applies); count up from the actual release once out."""
    if participant.in_custody:
        return release_timing(release_date=participant.expected_release_date, released=False, today=today)
    return release_timing(
        release_date=participant.release_date, released=participant.actual_release_date is not None, today=today
    )


def caseload_for(user: User) -> QuerySet[Participant]:
    """The specialist's own active caseload, soonest release first."""
    return with_case_flags(participants_visible_to(user).filter(allocated_specialist=user).active()).order_by(
        F("expected_release_date").asc(nulls_last=True), "family_name", "id"
    )


def participant_search(
    user: User, *, text: str = "", site_id: int | None = None, active_only: bool = True
) -> QuerySet[Participant]:
    participants = participants_visible_to(user)
    if active_only:
        participants = participants.active()
    if text:
        words = text.split()
        for word in words[:4]:
            participants = participants.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(preferred_name__icontains=word)
                | Q(prison_number__iexact=word)
            )
    if site_id:
        participants = participants.filter(current_site_id=site_id)
    return with_case_flags(participants).order_by("family_name", "given_name", "id")


def participant_get(user: User, pk: int) -> Participant:
    """One participant the user may see, or 404 (never 403: existence is not disclosed)."""
    return get_object_or_404(with_case_flags(participants_visible_to(user)), pk=pk)


def specialists_with_caseloads(user: User) -> QuerySet[User]:
    """Specialists a team leader (their teams) or service manager (everyone) oversees, with caseload counts."""
    specialists = User.objects.filter(role=Role.SPECIALIST, is_active=True)
    if user.role == Role.TEAM_LEADER:
        specialists = specialists.filter(team__leader=user)
    elif user.role != Role.SERVICE_MANAGER:
        return specialists.none()
    active = Participant.objects.active().filter(allocated_specialist=OuterRef("pk"))

    def count_of(queryset: QuerySet[Participant]) -> Coalesce:
        counted = queryset.order_by().values("allocated_specialist").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted), Value(0))

    return (
        specialists.select_related("site", "team")
        .annotate(
            active_caseload=count_of(active),
            in_custody_count=count_of(active.filter(custody_status=CustodyStatus.IN_CUSTODY)),
            in_work_count=count_of(
                active.filter(Exists(Job.objects.filter(participant=OuterRef("pk"), end_date__isnull=True)))
            ),
        )
        .order_by("team__name", "last_name", "first_name")
    )
