"""Reads for the casework pages. Every selector starts from the scoping queryset (`Participant.objects.visible_to`);
the facts each domain app adds to a list come from the case registry (`core.case_registry`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import cast

from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ipsgate.core.case_registry import CaseView, TimelineEntry, case_registry
from ipsgate.core.choices import Role
from ipsgate.core.models import User
from ipsgate.core.scoping import specialists_for
from ipsgate.core.sorting import OrderTerm, choice_order
from ipsgate.jobs.selectors import jobs_being_worked
from ipsgate.journey.selectors import TodoRow, tasks_to_do, with_task_facts
from ipsgate.people.choices import IN_CUSTODY_STATUSES, CustodyStatus
from ipsgate.people.models import (
    Episode,
    Participant,
    ParticipantQuerySet,
    Reallocation,
    Referral,
    in_service_as_usual,
    with_service_as_usual,
)
from ipsgate.people.selectors import caseload_for, release_date_for_timing, with_referral_flags
from ipsgate.rules.reminders import TaskKind


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
    """One participant the user may see, with the registered facts (the lists' and the summary's own), the task
    facts and the referrals (with who received them, the episode each opened and its evaluation allocation)
    prefetched, or 404."""
    referrals = Prefetch("referrals", queryset=Referral.objects.select_related("received_by", "episode", "allocation"))
    moved = Reallocation.objects.filter(participant=OuterRef("pk"))
    participants = (
        case_registry.annotate_summary(with_task_facts(with_case_flags(Participant.objects.visible_to(user))))
        .annotate(
            has_episode_without_referral=Exists(Episode.objects.filter(participant=OuterRef("pk"), referral=None)),
            has_reallocations=Exists(moved),
        )
        .prefetch_related(referrals)
    )
    return get_object_or_404(participants, pk=pk)


def participant_with_arm(user: User, pk: int) -> Participant:
    """One participant the user may see, with the referral flags and whether they are in the evaluation's
    service-as-usual group (`service_as_usual`), in one query; or 404."""
    return get_object_or_404(with_service_as_usual(with_referral_flags(Participant.objects.visible_to(user))), pk=pk)


def episodes_of(participant: Participant) -> list[Episode]:
    """The person's episodes, newest first. Every episode opened from a referral comes with the prefetched
    referrals (`participant_with_facts`), so this costs no query unless an episode has no referral."""
    if getattr(participant, "has_episode_without_referral", True):
        return list(participant.episodes.all())
    found = [referral.episode for referral in participant.referrals.all() if _has_episode(referral)]
    return sorted(found, key=lambda episode: (episode.start_date, episode.pk), reverse=True)


def _has_episode(referral: Referral) -> bool:
    try:
        return referral.episode is not None
    except Episode.DoesNotExist:
        return False


def specialists_with_caseloads(user: User) -> QuerySet[User]:
    """Specialists a team leader (their teams) or service manager (everyone) oversees, with caseload counts."""
    specialists = User.objects.filter(role=Role.SPECIALIST, is_active=True)
    if user.role == Role.TEAM_LEADER:
        specialists = specialists.filter(team__leader=user)
    elif user.role != Role.SERVICE_MANAGER:
        return specialists.none()
    # IPS caseloads: the evaluation's service-as-usual group is followed for outcomes, not supported, so it is
    # counted apart.
    allocated = Participant.objects.active().filter(allocated_specialist=OuterRef("pk"))
    active = allocated.receiving_ips()

    def count_of(queryset: QuerySet[Participant]) -> Coalesce:
        counted = queryset.order_by().values("allocated_specialist").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted), Value(0))

    return (
        specialists.select_related("site", "team")
        .annotate(
            active_caseload=count_of(active),
            in_custody_count=count_of(active.filter(custody_status__in=IN_CUSTODY_STATUSES)),
            in_work_count=count_of(active.filter(Exists(jobs_being_worked()))),
            service_as_usual_count=count_of(allocated.filter(in_service_as_usual())),
        )
        .order_by("team__name", "last_name", "first_name")
    )


def timeline_for(participant: Participant, *, viewer: User, today: datetime.date | None = None) -> list[TimelineEntry]:
    """The participant's timeline as this viewer may see it: every registered contributor's entries, newest first."""
    return case_registry.timeline(CaseView(participant, viewer, today or timezone.localdate()))


# --- The team's To do (issue 16 item 10) ----------------------------------------------------------------------

# The kinds a team leader watches first (the through-the-gate standards), then the rest in the rules' order.
TEAM_TODO_KINDS: tuple[TaskKind, ...] = (
    TaskKind.FIRST_CONTACT,
    TaskKind.POST_RELEASE_CONTACT,
    TaskKind.FIRST_EMPLOYER_CONTACT,
    TaskKind.SUSTAINMENT_CHECK,
    *(
        kind
        for kind in TaskKind
        if kind
        not in (
            TaskKind.FIRST_CONTACT,
            TaskKind.POST_RELEASE_CONTACT,
            TaskKind.FIRST_EMPLOYER_CONTACT,
            TaskKind.SUSTAINMENT_CHECK,
        )
    ),
)


@dataclass(frozen=True)
class TaskCount:
    overdue: int
    due_soon: int

    @property
    def total(self) -> int:
        return self.overdue + self.due_soon


@dataclass(frozen=True)
class TeamTodo:
    """The live and due-soon tasks of everyone on the caseloads of the specialists the user oversees."""

    specialists: list[User]
    rows: list[TodoRow]  # soonest due first
    by_specialist: list[tuple[User, TaskCount]]
    by_kind: list[tuple[TaskKind, TaskCount]]


def _count(rows: list[TodoRow]) -> TaskCount:
    overdue = sum(1 for row in rows if row.overdue)
    return TaskCount(overdue, len(rows) - overdue)


def team_todo(user: User, *, today: datetime.date) -> TeamTodo:
    """Three queries whatever the team's size: the specialists, their people with the task facts, their jobs.
    The tasks are the reminder rules' (`journey.selectors.tasks_to_do`), so the team sees what each specialist's
    own To do shows."""
    specialists = list(specialists_for(user).select_related("team").order_by("last_name", "first_name", "pk"))
    people = with_task_facts(
        with_referral_flags(
            Participant.objects.visible_to(user).filter(allocated_specialist__in=specialists).active()
        ).order_by("family_name", "given_name", "pk")
    )
    rows = sorted(
        (
            TodoRow(person, task, task.overdue_on(today))
            for person in people
            for task in tasks_to_do(person, today=today)
        ),
        key=lambda row: (row.task.due, row.participant.family_name, row.participant.pk, row.task.kind.value),
    )
    return TeamTodo(
        specialists=specialists,
        rows=rows,
        by_specialist=[
            (s, _count([row for row in rows if row.participant.allocated_specialist_id == s.pk])) for s in specialists
        ],
        by_kind=[(kind, _count([row for row in rows if row.task.kind is kind])) for kind in TEAM_TODO_KINDS],
    )


def specialist_caseload_for_move(user: User, specialist: User) -> QuerySet[Participant]:
    """The people on `specialist`'s active caseload that `user` may see, to choose whom to move: one query."""
    return with_referral_flags(
        Participant.objects.visible_to(user).filter(allocated_specialist=specialist).active()
    ).order_by("family_name", "given_name", "pk")
