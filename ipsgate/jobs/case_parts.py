"""What the jobs app puts on the casework pages (registered in `JobsConfig.ready`): whether the person is in work,
for lists and the API, and the Work section of the participant summary."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from ipsgate.core.case_registry import CaseSection, CaseView, case_registry

from .models import Job
from .selectors import participant_work


def annotate(participants: QuerySet[Any]) -> QuerySet[Any]:
    return participants.annotate(in_work=Exists(Job.objects.filter(participant=OuterRef("pk"), end_date__isnull=True)))


def sections(view: CaseView) -> Iterator[CaseSection]:
    """The person's jobs: no query when the summary has prefetched them (it has, for the task facts), else one."""
    yield CaseSection(
        "jobs/_participant_work.html",
        order=30,
        context={"work": participant_work(view.participant)},
    )


def register() -> None:
    case_registry.add_annotations("jobs.in_work", annotate)
    case_registry.add_sections("jobs.work", sections)
