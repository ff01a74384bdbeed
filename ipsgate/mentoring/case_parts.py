"""What mentoring puts on the participant summary (registered in `MentoringConfig.ready`): the link to the
person's mentoring, for the roles that match people with mentors."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.case_registry import CaseLink, CaseView, case_registry


def links(view: CaseView) -> Iterator[CaseLink]:
    if capabilities_for(view.viewer).edit_participants:
        yield CaseLink(
            "Peer mentoring", reverse("mentoring:participant-mentoring", args=[view.participant.pk]), "records", 35
        )


def register() -> None:
    case_registry.add_links("mentoring.mentoring", links)
