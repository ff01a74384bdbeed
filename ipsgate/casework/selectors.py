"""Reads for the casework pages. Every selector starts from the scoping queryset (`Participant.objects.visible_to`);
the facts each domain app adds to a list come from the case registry (`core.case_registry`)."""

from __future__ import annotations

import datetime
from typing import cast

from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ipsgate.core.case_registry import CaseView, TimelineEntry, case_registry
from ipsgate.core.choices import Role
from ipsgate.core.models import User
from ipsgate.core.sorting import OrderTerm, choice_order
from ipsgate.jobs.models import Job
from ipsgate.journey.selectors import with_task_facts
from ipsgate.people.choices import CustodyStatus
from ipsgate.people.models import Participant, ParticipantQuerySet, Referral
from ipsgate.people.selectors import caseload_for, release_date_for_timing


def with_case_flags(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """The facts every domain app registered for list pages (episode and referral flags, contact, in work), as
    EXISTS subqueries: one query whatever the page size."""
    return case_registry.annotate(participants)


def caseload_with_flags(user: User) -> QuerySet[Participant]:
    """My caseload with the registered facts and the journey's task facts."""
    return with_task_facts(with_case_flags(caseload_for(user)))


def caseload_matching(user: User, text: str) -> set[int]:
    """The ids of the people on the user's caseload the participant search finds (by name or prison number)."""
    caseload = cast(ParticipantQuerySet, caseload_for(user))  # a caseload is a filtered ParticipantQuerySet
    return set(caseload.matching(text).values_list("pk", flat=True))


# The participant list's sortable columns, as database orders (`core.sorting.order_queryset`): ascending terms.
PARTICIPANT_ORDERS: dict[str, list[OrderTerm]] = {
    "name": [Lower("family_name"), Lower("given_name")],  # as people read names: case does not count
    "prison_number": [NullIf(F("prison_number"), Value(""))],  # no number: last
    "custody": [choice_order("custody_status", CustodyStatus.values)],
    "release": [release_date_for_timing()],
    "specialist": [
        Lower("allocated_specialist__last_name"),
        Lower("allocated_specialist__first_name"),
        Lower("family_name"),
    ],
}

# Team caseloads' sortable columns (annotations of `specialists_with_caseloads`).
SPECIALIST_ORDERS: dict[str, list[OrderTerm]] = {
    "specialist": [Lower("last_name"), Lower("first_name")],
    "team": [Lower("team__name"), Lower("last_name"), Lower("first_name")],
    "site": [Lower("site__name"), Lower("last_name"), Lower("first_name")],
    "active": ["active_caseload", "last_name"],
    "in_custody": ["in_custody_count", "last_name"],
    "in_work": ["in_work_count", "last_name"],
}


def participant_search(
    user: User, *, text: str = "", site_id: int | None = None, active_only: bool = True
) -> QuerySet[Participant]:
    """The participant list's search: by name or prison number (`ParticipantQuerySet.matching`), and by site."""
    participants = Participant.objects.visible_to(user)
    if active_only:
        participants = participants.active()
    if text:
        participants = participants.matching(text)
    if site_id:
        participants = participants.filter(current_site_id=site_id)
    return with_case_flags(participants).order_by("family_name", "given_name", "id")


def participant_with_facts(user: User, pk: int) -> Participant:
    """One participant the user may see, with the registered facts, the task facts and the referrals (with who
    received them) prefetched, or 404."""
    referrals = Prefetch("referrals", queryset=Referral.objects.select_related("received_by"))
    participants = with_task_facts(with_case_flags(Participant.objects.visible_to(user))).prefetch_related(referrals)
    return get_object_or_404(participants, pk=pk)


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


def timeline_for(participant: Participant, *, viewer: User, today: datetime.date | None = None) -> list[TimelineEntry]:
    """The participant's timeline as this viewer may see it: every registered contributor's entries, newest first."""
    return case_registry.timeline(CaseView(participant, viewer, today or timezone.localdate()))
