"""What imports put on the casework pages (registered in `ImportsConfig.ready`): each participant record an import
created or changed, on the person's timeline (for example a release date moved by the prison's release list)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.case_registry import CaseView, TimelineEntry, case_registry

from .models import ImportedChange

TIMELINE_LIMIT = 200


def summary_facts(participants: QuerySet[Any]) -> QuerySet[Any]:
    """`has_imported_changes` (a subquery in the same SELECT), so the summary's timeline asks for the imports only
    for someone an import touched: no query for everyone else."""
    return participants.annotate(has_imported_changes=Exists(ImportedChange.objects.filter(participant=OuterRef("pk"))))


def timeline(view: CaseView) -> Iterator[TimelineEntry]:
    """The imports that created or changed this person's record, and who ran them: one query, none when the summary
    already knows there are none."""
    if not capabilities_for(view.viewer).see_case_records:
        return
    if not getattr(view.participant, "has_imported_changes", True):
        return
    changes = ImportedChange.objects.filter(participant=view.participant).select_related("run__uploaded_by")
    for change in changes[:TIMELINE_LIMIT]:
        who = change.run.uploaded_by
        yield TimelineEntry(
            change.happened_on,
            change.summary,
            f"imported by {who.get_full_name() or who.username}",
            f"From the file {change.run.file_name}.",
            "import",
        )


def register() -> None:
    case_registry.add_summary_facts("imports.changes", summary_facts)
    case_registry.add_timeline("imports.changes", timeline)
