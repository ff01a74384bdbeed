"""What the advice app puts on the participant summary (registered in `AdviceConfig.ready`): links to the
disclosure and better-off tools, each shown only to the roles its page admits."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.case_registry import CaseLink, CaseView, case_registry


def links(view: CaseView) -> Iterator[CaseLink]:
    pk = view.participant.pk
    can = capabilities_for(view.viewer)
    if can.edit_participants and can.see_offence_data:
        yield CaseLink("Convictions and disclosure", reverse("advice:disclosure", args=[pk]), "advice", 10)
    if can.edit_participants:
        yield CaseLink("Better off in work?", reverse("advice:better-off", args=[pk]), "advice", 20)


def register() -> None:
    case_registry.add_links("advice.tools", links)
