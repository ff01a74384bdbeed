"""The outcome dashboard's "Mentored and not mentored" table (issue 17 §6): plain rows from two queries, the
figures from `rules.mentoring_value`, every count through the one small-number suppression."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Case, DateField, FilteredRelation, Min, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import TruncDate

from ipsgate.journey.choices import ContactWith
from ipsgate.journey.models import SupportContact
from ipsgate.mentoring.selectors import most_sessions_held
from ipsgate.people.models import Episode, Participant
from ipsgate.rules.mentoring_value import (
    CONTACT_AFTER_RELEASE_DAYS,
    GROUPS,
    IN_WORK_WEEKS,
    MENTORED_MIN_SESSIONS,
    GroupFigures,
    JobRow,
    PersonRow,
    allocation_statement,
    mentoring_value,
)
from ipsgate.rules.suppression import Line, Suppression, primary, show_all, suppress

from .metrics import Period

DEFINITION = (
    f"People on the caseload (an open episode of support at any time in the period). Mentored: a match with a peer "
    f"mentor that lasted at least {MENTORED_MIN_SESSIONS} sessions that took place; everyone else is not mentored. "
    "Job start rate: people with a job start in the period (4 paid hours done). Contact kept after release: of the "
    f"people released in the period whose first {CONTACT_AFTER_RELEASE_DAYS} days outside have passed, those with a "
    f"contact with the service that took place in those days. In work at {IN_WORK_WEEKS} weeks: of the jobs started "
    f"in the period whose {IN_WORK_WEEKS}-week point has passed, those not ended before it. "
    f"{allocation_statement(False)}"
)


def person_rows(participants: QuerySet[Participant], period: Period) -> list[PersonRow]:
    """One anonymous row per person on the caseload in the period: two queries, whatever the number of people."""
    released = Case(
        When(actual_release_date__range=(period.start, period.end), then="actual_release_date"),
        default=None,
        output_field=DateField(),
    )
    contact_day = TruncDate("occurred_at")
    first_contact = Subquery(
        SupportContact.objects.filter(participant=OuterRef("pk"), took_place=True, contact_with=ContactWith.PARTICIPANT)
        .annotate(day=contact_day)
        .filter(day__gte=OuterRef("released_in_period"))
        .order_by()
        .values("participant")
        .annotate(first=Min(contact_day))
        .values("first")[:1],
        output_field=DateField(),
    )
    in_period = participants.filter(
        pk__in=Episode.objects.filter(start_date__lte=period.end)
        .exclude(end_date__lt=period.start)
        .values("participant")
    )
    # One query: a row per person and job started in the period (a person with none has one row, job NULL).
    values: QuerySet[Any, dict[str, Any]] = (
        in_period.annotate(
            released_in_period=released,
            period_job=FilteredRelation(
                "jobs", condition=Q(jobs__first_four_paid_hours_done__range=(period.start, period.end))
            ),
        )
        .annotate(sessions_held=most_sessions_held(), first_contact=first_contact)
        .order_by("pk", "period_job__start_date", "period_job__pk")
        .values(
            "pk",
            "sessions_held",
            "released_in_period",
            "first_contact",
            "period_job__start_date",
            "period_job__end_date",
        )
    )
    people: dict[int, dict[str, Any]] = {}
    jobs: dict[int, list[JobRow]] = {}
    for row in values:
        people.setdefault(row["pk"], row)
        if row["period_job__start_date"] is not None:
            jobs.setdefault(row["pk"], []).append(JobRow(row["period_job__start_date"], row["period_job__end_date"]))
    return [
        PersonRow(
            most_sessions_in_a_match=row["sessions_held"] or 0,
            released_on=row["released_in_period"],
            first_contact_after_release=row["first_contact"] if row["released_in_period"] else None,
            jobs_started=tuple(jobs.get(pk, ())),
        )
        for pk, row in people.items()
    ]


PARTS = (
    ("people", "started", "not started"),
    ("followed", "kept", "not kept"),
    ("starts", "in work", "not in work"),
)


def _values(figures: dict[str, GroupFigures]) -> dict[tuple[str, str], int]:
    values: dict[tuple[str, str], int] = {}
    for group, f in figures.items():
        values |= {
            (group, "people"): f.people,
            (group, "started"): f.started_a_job,
            (group, "not started"): f.people - f.started_a_job,
            (group, "followed"): f.released_followed,
            (group, "kept"): f.contact_kept,
            (group, "not kept"): f.released_followed - f.contact_kept,
            (group, "starts"): f.starts_followed,
            (group, "in work"): f.in_work_at_13_weeks,
            (group, "not in work"): f.starts_followed - f.in_work_at_13_weeks,
        }
    return values


def suppression(figures: dict[str, GroupFigures], *, hide_small: bool) -> Suppression[Any]:
    """In each group, the parts add up to their total (started + not started = people, ...); and the groups add up to
    everyone's figure, taken as known (it is the same people the rest of the dashboard counts)."""
    values = _values(figures)
    lines: list[Line[Any]] = []
    for group in GROUPS:
        for total, part, rest in PARTS:
            lines.append(Line(f"{total} ({group.lower()})", ((group, part), (group, rest)), (group, total)))
    names = [name for triple in PARTS for name in triple]
    totals = {("all", name): sum(values[(group, name)] for group in GROUPS) for name in names}
    lines += [Line(f"{name}, mentored or not", tuple((g, name) for g in GROUPS), ("all", name)) for name in names]
    if not hide_small:
        return show_all({**values, **totals})
    return suppress({**values, **totals}, lines, decided={key: primary(n) for key, n in totals.items()})


def figures_for(
    participants: QuerySet[Participant], period: Period, *, today: datetime.date
) -> dict[str, GroupFigures]:
    return mentoring_value(person_rows(participants, period), today=today)
