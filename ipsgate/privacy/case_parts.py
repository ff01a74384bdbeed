"""What the privacy app puts on the participant summary (registered in `PrivacyConfig.ready`): the link to the
person's data protection record, and a banner while no lawful basis or privacy notice is recorded for someone the
service supports (the same rule as their task, `rules.reminders`: one definition)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from ipsgate.core.case_registry import CaseLink, CaseSection, CaseView, case_registry
from ipsgate.journey.selectors import tasks_of
from ipsgate.rules.reminders import TaskKind


def links(view: CaseView) -> Iterator[CaseLink]:
    yield CaseLink("Data protection", reverse("privacy:data-protection", args=[view.participant.pk]), "records", 30)


def banners(view: CaseView) -> Iterator[CaseSection]:
    """The summary's participant carries the task facts (`journey.selectors.with_task_facts`): no query."""
    task = next(
        (t for t in tasks_of(view.participant, today=view.today) if t.kind == TaskKind.RECORD_DATA_PROTECTION), None
    )
    if task is not None:
        yield CaseSection(
            "privacy/_data_protection_banner.html",
            order=20,
            context={"task": task, "overdue": task.overdue_on(view.today)},
        )


def register() -> None:
    case_registry.add_links("privacy.data_protection", links)
    case_registry.add_banners("privacy.data_protection", banners)
