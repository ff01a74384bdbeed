"""What the privacy app puts on the participant summary (registered in `PrivacyConfig.ready`): the link to the
person's data protection record."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from ipsgate.core.case_registry import CaseLink, CaseView, case_registry


def links(view: CaseView) -> Iterator[CaseLink]:
    yield CaseLink("Data protection", reverse("privacy:data-protection", args=[view.participant.pk]), "records", 30)


def register() -> None:
    case_registry.add_links("privacy.data_protection", links)
