"""Recording reminder notifications for due tasks, as background work through django-tasks.

`ipsgate reminders` enqueues one task per specialist; the database worker (`ipsgate db_worker`) runs them.
Each notification has a unique key (recipient, participant, task kind, due date), so running again, or
twice at once, never records a reminder twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ipsgate.core.choices import Role
from ipsgate.core.models import User

from .models import ReminderNotification
from .selectors import todo_for


@dataclass(frozen=True)
class ReminderRun:
    specialists: int
    due: int
    recorded: int


@transaction.atomic
def reminders_mark_read(recipient: User) -> int:
    """The person has seen their new reminders (the To do page's "Mark as read" button): how many were new."""
    return ReminderNotification.objects.filter(recipient=recipient, read_at__isnull=True).update(read_at=timezone.now())


def reminder_key(*, recipient_id: int, participant_id: int, task_key: str) -> str:
    return f"u{recipient_id}:p{participant_id}:{task_key}"


def record_reminders_for(specialist: User, *, today: datetime.date) -> tuple[int, int]:
    """Record a notification for each live task (opened or due by today) on the specialist's caseload.
    Returns (live, new)."""
    rows = todo_for(specialist, today=today, horizon_days=0)
    now = timezone.now()
    candidates = [
        ReminderNotification(
            key=reminder_key(recipient_id=specialist.pk, participant_id=row.participant.pk, task_key=row.task.key),
            recipient=specialist,
            participant=row.participant,
            task_kind=row.task.kind.value,
            due_date=row.task.due,
            reason=row.task.reason[:400],
            created_at=now,
        )
        for row in rows
    ]
    with transaction.atomic():
        existing = set(
            ReminderNotification.objects.filter(key__in=[c.key for c in candidates]).values_list("key", flat=True)
        )
        new = [c for c in candidates if c.key not in existing]
        # ignore_conflicts: a concurrent run that recorded the same key first wins, and nothing fails.
        ReminderNotification.objects.bulk_create(new, ignore_conflicts=True)
    return len(candidates), len(new)


@task()
def record_reminders_task(specialist_id: int, today_iso: str) -> int:
    specialist = User.objects.get(pk=specialist_id)
    _, new = record_reminders_for(specialist, today=datetime.date.fromisoformat(today_iso))
    return new


def specialists_to_remind() -> list[User]:
    return list(User.objects.filter(role=Role.SPECIALIST, is_active=True).order_by("pk"))


def run_reminders_now(*, today: datetime.date) -> ReminderRun:
    """Record every specialist's reminders in this process (for cron without a worker, and for tests)."""
    due = recorded = 0
    specialists = specialists_to_remind()
    for specialist in specialists:
        d, r = record_reminders_for(specialist, today=today)
        due, recorded = due + d, recorded + r
    return ReminderRun(len(specialists), due, recorded)


def enqueue_reminders(*, today: datetime.date) -> int:
    """One background task per specialist, so one person's large caseload does not hold up everyone else's."""
    specialists = specialists_to_remind()
    for specialist in specialists:
        record_reminders_task.enqueue(specialist.pk, today.isoformat())
    return len(specialists)
