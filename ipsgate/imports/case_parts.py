"""What imports put on the casework pages (registered in `ImportsConfig.ready`): each participant record an import
created or changed, on the person's timeline (for example a release date moved by the prison's release list)."""

from __future__ import annotations

from collections.abc import Iterator

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.case_registry import CaseView, TimelineEntry, case_registry

from .models import ImportedChange

TIMELINE_LIMIT = 200


def timeline(view: CaseView) -> Iterator[TimelineEntry]:
    """One query: the imports that created or changed this person's record, and who ran them."""
    if not capabilities_for(view.viewer).see_case_records:
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
    case_registry.add_timeline("imports.changes", timeline)
