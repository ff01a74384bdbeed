"""Reads for the partner directory: a fixed number of queries whatever its length."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet, Subquery

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.models import Site, User
from ipsgate.journey.choices import HEALTH_PATHWAYS, CmhtReferralOutcome
from ipsgate.journey.models import MentalHealthCare, VocationalProfile
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
    median_days_to_response: float | None  # from sending to the first answer, of the referrals answered
    gap: Gap


def _answered_on() -> Subquery:
    """The day of a referral's first answer (acknowledged, accepted, declined, support started or completed)."""
    first = (
        ReferralOutUpdate.objects.filter(referral=OuterRef("pk"), status__in=list(ANSWERED_ANY))
        .order_by()
        .values("referral")
        .annotate(day=Min("happened_on"))
        .values("day")
    )
    return Subquery(first[:1])


def service_map(prison: Site, *, start: datetime.date, end: datetime.date) -> list[MapRow]:
    """For each of the 7 pathways at a prison: its active partners, the referrals out made in the period from the
    prison (`ReferralOut.referred_from`: where the person was when referred, so a referral stays with its prison when
    the person moves or is released), how many got any answer, were accepted or had no response, the median days to
    the first answer, and whether it is a gap. Three queries, whatever the number of referrals (the counts are
    aggregated in SQL per pathway; the medians read one row per answered referral)."""
    partners = list(Partner.objects.active().filter(prisons=prison).prefetch_related("pathways"))
    accepted = ReferralOutUpdate.objects.filter(referral=OuterRef("pk"), status=ReferralOutStatus.ACCEPTED)
    in_period = ReferralOut.objects.filter(referred_from=prison, referred_on__range=(start, end))
    counts = {
        row["pathway"]: row
        for row in in_period.annotate(answered_on=_answered_on(), was_accepted=Exists(accepted))
        .values("pathway")
        .annotate(
            total=Count("pk"),
            answered=Count("pk", filter=Q(answered_on__isnull=False)),
            accepted=Count("pk", filter=Q(was_accepted=True)),
            no_response=Count("pk", filter=Q(status=ReferralOutStatus.NO_RESPONSE)),
        )
        .order_by()
    }
    days: dict[str, list[int]] = {}
    for pathway, sent, answered_on in (
        in_period.annotate(answered_on=_answered_on())
        .filter(answered_on__isnull=False)
        .values_list("pathway", "referred_on", "answered_on")
        .order_by()
    ):
        days.setdefault(pathway, []).append((answered_on - sent).days)
    rows = []
    for pathway in Pathway:
        serving = [p for p in partners if any(x.pathway == pathway for x in p.pathways.all())]
        c = counts.get(pathway.value, {})
        total, got = c.get("total", 0), c.get("answered", 0)
        waits = days.get(pathway.value)
        rows.append(
            MapRow(
                pathway=pathway,
                partners=serving,
                referrals=total,
                answered=got,
                accepted=c.get("accepted", 0),
                no_response=c.get("no_response", 0),
                median_days_to_response=statistics.median(waits) if waits else None,
                gap=pathway_gap(active_partners=len(serving), referrals=total, answered=got),
            )
        )
    return rows


@dataclass(frozen=True)
class CmhtReferrals:
    referred: int
    accepted: int


@dataclass(frozen=True)
class CmhtSources:
    """The CMHT referrals made in a period, from the two records that hold them (`cmht_referral_sources`)."""

    health_page: QuerySet[MentalHealthCare]  # `cmht_referral_outcome` says accepted or not accepted
    referrals_out: QuerySet[Any]  # of ReferralOut, annotated `was_accepted` and `was_declined`


def cmht_referral_sources(start: datetime.date, end: datetime.date) -> CmhtSources:
    """Referrals to a community mental health team made in the period: the one definition of what counts, which
    the service map (`cmht_referrals`) and the outcome figures (`outcomes.metrics.cmht_referrals`) both count, so
    "how many CMHT referrals, how many accepted" has one answer.

    Two records can hold such a referral, and both are counted, once each:
    - the CMHT referral on the person's health-care page (`journey.MentalHealthCare`: its date and outcome);
    - a referral out to a partner marked as a community mental health team (`Partner.community_mental_health_team`),
      accepted once the team accepted it, not accepted once it declined. One made on the same day for the same
      person as the health-care page's referral is that referral recorded twice, and is not counted again.

    Why count both rather than create a referral out whenever the health-care page records one: that page names no
    team, records no consent to share or what was asked (which a referral out requires), and belongs to the journey
    app, which may not call the partners app (the layers). Writing a referral out from it would invent the partner
    and the consent; counting both from one definition invents nothing. No query until the querysets are read."""
    same_referral = MentalHealthCare.objects.filter(
        participant=OuterRef("participant"), cmht_referral_date=OuterRef("referred_on")
    )
    answered = ReferralOutUpdate.objects.filter(referral=OuterRef("pk"))
    return CmhtSources(
        health_page=MentalHealthCare.objects.filter(cmht_referral_date__range=(start, end)),
        referrals_out=ReferralOut.objects.filter(
            partner__community_mental_health_team=True, referred_on__range=(start, end)
        )
        .exclude(Exists(same_referral))
        .annotate(
            was_accepted=Exists(answered.filter(status=ReferralOutStatus.ACCEPTED)),
            was_declined=Exists(answered.filter(status=ReferralOutStatus.DECLINED)),
        ),
    )


def cmht_referrals(*, start: datetime.date, end: datetime.date, prison: Site | None = None) -> CmhtReferrals:
    """CMHT referrals made in the period and how many the team accepted (`cmht_referral_sources`), for the whole
    service or at a prison: there, the referrals out made from it (`referred_from`) and the health-care page
    referrals of the people at it now (that page does not record where the person was). Two queries."""
    sources = cmht_referral_sources(start, end)
    page, out = sources.health_page, sources.referrals_out
    if prison is not None:
        page = page.filter(participant__current_site=prison)
        out = out.filter(referred_from=prison)
    from_page = page.aggregate(
        referred=Count("pk"), accepted=Count("pk", filter=Q(cmht_referral_outcome=CmhtReferralOutcome.ACCEPTED))
    )
    from_partners = out.aggregate(referred=Count("pk"), accepted=Count("pk", filter=Q(was_accepted=True)))
    return CmhtReferrals(
        referred=from_page["referred"] + from_partners["referred"],
        accepted=from_page["accepted"] + from_partners["accepted"],
    )
