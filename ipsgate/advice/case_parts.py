"""What the advice app puts on the participant summary (registered in `AdviceConfig.ready`): links to the
disclosure and better-off tools, each shown only to the roles its page admits."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from ipsgate.core.case_registry import CaseLink, CaseView, case_registry
from ipsgate.core.scoping import may_edit_participants, may_see_offence_data


def links(view: CaseView) -> Iterator[CaseLink]:
    pk = view.participant.pk
    if may_edit_participants(view.viewer) and may_see_offence_data(view.viewer):
        yield CaseLink("Convictions and disclosure", reverse("advice:disclosure", args=[pk]), "advice", 10)
    if may_edit_participants(view.viewer):
        yield CaseLink("Better off in work?", reverse("advice:better-off", args=[pk]), "advice", 20)


def register() -> None:
    case_registry.add_links("advice.tools", links)
