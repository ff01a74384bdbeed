"""Reads for the partner directory: a fixed number of queries whatever its length."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.models import Site, User
from ipsgate.journey.choices import HEALTH_PATHWAYS
from ipsgate.journey.models import VocationalProfile
from ipsgate.people.models import Participant
from ipsgate.rules.referrals_out import Candidate, Suggestion, suggest

from .models import Partner, PartnerQuerySet, ReferralOut


def partner_search(
    *,
    text: str = "",
    pathway: str = "",
    prison: Site | None = None,
    area: str = "",
    include_closed: bool = False,
) -> PartnerQuerySet:
    """Partners matching every filter given: name or eligibility text, a pathway they help with, a prison they work
    in, an area they serve (a postcode district such as LS9 also finds a partner listing "LS9, LS10"). Active
    partners only unless `include_closed`."""
    partners = Partner.objects.all()
    if not include_closed:
        partners = partners.active()
    if text:
        partners = partners.filter(Q(name__icontains=text) | Q(eligibility__icontains=text))
    if pathway:
        partners = partners.filter(pathways__pathway=pathway)
    if prison is not None:
        partners = partners.filter(prisons=prison)
    if area:
        partners = partners.filter(areas__icontains=area.strip())
    return partners.distinct().prefetch_related("pathways", Prefetch("prisons", queryset=Site.objects.order_by("name")))


def suggestions(participant: Participant, pathway: str) -> list[Suggestion]:
    """Active partners for the pathway, ranked for this person (`rules.referrals_out.suggest`): two queries."""
    partners = Partner.objects.active().filter(pathways__pathway=pathway).prefetch_related("prisons", "pathways")
    profile = VocationalProfile.objects.filter(participant=participant).values_list("postcode_district", flat=True)
    district = next(iter(profile), "") or ""
    candidates = [
        Candidate(
            partner_id=p.pk,
            name=p.name,
            pathways=frozenset(x.pathway for x in p.pathways.all()),
            prison_codes=frozenset(site.prison_code for site in p.prisons.all()),
            areas=p.area_list,
            active=p.is_active,
        )
        for p in partners
    ]
    return suggest(candidates, pathway=pathway, prison_code=participant.current_site.prison_code, district=district)


def referrals_out_for(participant: Participant, viewer: User) -> QuerySet[ReferralOut]:
    """The person's referrals out, newest first; health pathways only for roles with health access."""
    referrals = participant.referrals_out.select_related("partner", "need").prefetch_related("updates__recorded_by")
    if not capabilities_for(viewer).see_health_data:
        referrals = referrals.exclude(pathway__in=HEALTH_PATHWAYS)
    return referrals
