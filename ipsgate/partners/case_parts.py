"""What referrals out put on the casework pages (registered in `PartnersConfig.ready`): a link to the person's
referrals to partners, each status change on the timeline, and "Partner referral to chase" on every participant list
when a referral has had no answer for 10 working days. Referrals out are the working record (see_case_history);
health-pathway referrals only for roles with health access."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from ipsgate.core.bank_holidays import england_and_wales
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.case_registry import AttentionFlag, CaseLink, CaseView, TimelineEntry, case_registry
from ipsgate.journey.choices import HEALTH_PATHWAYS
from ipsgate.rules.referrals_out import WAITING, chase_cutoff

from .models import ReferralOut, ReferralOutUpdate

TIMELINE_LIMIT = 200


def annotate(participants: QuerySet[Any]) -> QuerySet[Any]:
    """`partner_referral_to_chase`: a referral sent or acknowledged whose chase day (`rules.referrals_out.chase_on`,
    bank holidays in England and Wales not counted) has come (one subquery). Health-pathway referrals are counted
    too; the flag names no pathway. The same rule makes the "Chase a referral to a partner" task in To do."""
    today = timezone.localdate()
    cutoff = chase_cutoff(today, england_and_wales(today))
    waiting = ReferralOut.objects.filter(participant=OuterRef("pk"), status__in=list(WAITING), referred_on__lte=cutoff)
    return participants.annotate(partner_referral_to_chase=Exists(waiting))


def flags(view: CaseView) -> Iterator[AttentionFlag]:
    if capabilities_for(view.viewer).see_case_history and getattr(view.participant, "partner_referral_to_chase", False):
        yield AttentionFlag("Partner referral to chase", "yellow", 45)


def links(view: CaseView) -> Iterator[CaseLink]:
    if capabilities_for(view.viewer).see_case_history:
        yield CaseLink(
            "Referrals to partners", reverse("partners:referrals", args=[view.participant.pk]), "records", 25
        )


def timeline(view: CaseView) -> Iterator[TimelineEntry]:
    """Each status change of each referral out: one query."""
    can = capabilities_for(view.viewer)
    if not can.see_case_history:
        return
    updates = ReferralOutUpdate.objects.filter(referral__participant=view.participant).select_related(
        "referral__partner", "recorded_by"
    )
    if not can.see_health_data:
        updates = updates.exclude(referral__pathway__in=HEALTH_PATHWAYS)
    for update in updates[:TIMELINE_LIMIT]:
        referral = update.referral
        yield TimelineEntry(
            update.happened_on,
            f"Referral to {referral.partner.name}: {update.get_status_display().lower()}",
            f"recorded by {update.recorded_by.get_full_name()}",
            update.note or referral.get_pathway_display(),
            "partner-referral",
        )


def register() -> None:
    case_registry.add_annotations("partners.referral_to_chase", annotate)
    case_registry.add_flags("partners.referral_to_chase", flags)
    case_registry.add_links("partners.referrals", links)
    case_registry.add_timeline("partners.referrals", timeline)
