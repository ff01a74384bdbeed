"""Reads for the partner directory: a fixed number of queries whatever its length."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.models import Site, User
from ipsgate.journey.choices import HEALTH_PATHWAYS
from ipsgate.journey.models import VocationalProfile
from ipsgate.people.models import Participant
from ipsgate.rules.referrals_out import Candidate, Gap, Suggestion, pathway_gap, suggest
from ipsgate.rules.referrals_out import Status as RuleStatus

from .choices import Pathway, ReferralOutStatus
from .models import Partner, PartnerQuerySet, ReferralOut, ReferralOutUpdate

ANSWERED_ANY = frozenset(
    {
        RuleStatus.ACKNOWLEDGED,
        RuleStatus.ACCEPTED,
        RuleStatus.DECLINED,
        RuleStatus.SUPPORT_STARTED,
        RuleStatus.COMPLETED,
    }
)


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
    referrals = (
        ReferralOut.objects.filter(participant=participant)
        .select_related("partner", "need")
        .prefetch_related("updates__recorded_by")
    )
    if not capabilities_for(viewer).see_health_data:
        referrals = referrals.exclude(pathway__in=HEALTH_PATHWAYS)
    return referrals


@dataclass(frozen=True)
class MapRow:
    pathway: Pathway
    partners: list[Partner]
    referrals: int
    answered: int
    accepted: int
    no_response: int
    gap: Gap


def service_map(prison: Site, *, start: datetime.date, end: datetime.date) -> list[MapRow]:
    """For each of the 7 pathways at a prison: its active partners, the referrals out made in the period for people
    at the prison, how many got any answer, were accepted or had no response, and whether it is a gap. Two
    queries, whatever the number of referrals (the referral counts are aggregated in SQL per pathway)."""
    partners = list(Partner.objects.active().filter(prisons=prison).prefetch_related("pathways"))
    answered = ReferralOutUpdate.objects.filter(referral=OuterRef("pk"), status__in=list(ANSWERED_ANY))
    accepted = ReferralOutUpdate.objects.filter(referral=OuterRef("pk"), status=ReferralOutStatus.ACCEPTED)
    counts = {
        row["pathway"]: row
        for row in ReferralOut.objects.filter(participant__current_site=prison, referred_on__range=(start, end))
        .annotate(was_answered=Exists(answered), was_accepted=Exists(accepted))
        .values("pathway")
        .annotate(
            total=Count("pk"),
            answered=Count("pk", filter=Q(was_answered=True)),
            accepted=Count("pk", filter=Q(was_accepted=True)),
            no_response=Count("pk", filter=Q(status=ReferralOutStatus.NO_RESPONSE)),
        )
        .order_by()
    }
    rows = []
    for pathway in Pathway:
        serving = [p for p in partners if any(x.pathway == pathway for x in p.pathways.all())]
        c = counts.get(pathway.value, {})
        total, got = c.get("total", 0), c.get("answered", 0)
        rows.append(
            MapRow(
                pathway=pathway,
                partners=serving,
                referrals=total,
                answered=got,
                accepted=c.get("accepted", 0),
                no_response=c.get("no_response", 0),
                gap=pathway_gap(active_partners=len(serving), referrals=total, answered=got),
            )
        )
    return rows
