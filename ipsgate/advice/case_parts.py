"""What the advice app puts on the participant summary (registered in `AdviceConfig.ready`): links to the
disclosure and better-off tools, each shown only to the roles its page admits."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.case_registry import MENTOR_GROUP, CaseLink, CaseSection, CaseView, case_registry

from .models import BetterOffCheck, ConvictionRecord, LicenceCondition

MENTOR_ROWS_SHOWN = 20


def links(view: CaseView) -> Iterator[CaseLink]:
    pk = view.participant.pk
    can = capabilities_for(view.viewer)
    if can.edit_participants and can.see_offence_data:
        yield CaseLink("Convictions and disclosure", reverse("advice:disclosure", args=[pk]), "advice", 10)
    if can.edit_participants:
        yield CaseLink("Better off in work?", reverse("advice:better-off", args=[pk]), "advice", 20)


def mentor_sections(view: CaseView) -> Iterator[CaseSection]:
    """A peer mentor's view of a mentee (issue 17 §2): offences and benefits, each only when the person's
    data-protection record names that section for their mentor. Two queries at most per consented section."""
    if not capabilities_for(view.viewer).read_own_mentees:
        return
    consented = getattr(view.participant, "mentor_consent", None) or ()
    template = "core/_consented_section.html"
    if "offence" in consented:
        rows = [
            (f"Conviction, {c.conviction_date:%-d %B %Y}", c.description)
            for c in ConvictionRecord.objects.filter(participant=view.participant)[:MENTOR_ROWS_SHOWN]
        ] + [
            ("Licence condition", f"{c.get_kind_display()}{': ' + c.detail if c.detail else ''}")
            for c in LicenceCondition.objects.filter(participant=view.participant)[:MENTOR_ROWS_SHOWN]
        ]
        yield CaseSection(
            template,
            20,
            {"heading": "Offences and licence conditions", "rows": rows, "empty": "None recorded."},
            group=MENTOR_GROUP,
        )
    if "benefits" in consented:
        rows = [
            (
                f"{check.created_at:%-d %b %Y}",
                f"{check.label}: {check.hours_per_week} hours at £{check.hourly_pay} an hour",
            )
            for check in BetterOffCheck.objects.filter(participant=view.participant)[:5]
        ]
        yield CaseSection(
            template,
            30,
            {"heading": "Benefits: better-off-in-work checks", "rows": rows, "empty": "No checks saved."},
            group=MENTOR_GROUP,
        )


def register() -> None:
    case_registry.add_links("advice.tools", links)
    case_registry.add_sections("advice.mentor", mentor_sections)
