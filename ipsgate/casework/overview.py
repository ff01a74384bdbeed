"""Service-wide counts by site, computed in SQL. No names leave this module."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef

from ipsgate.core.models import Site
from ipsgate.jobs.models import Job
from ipsgate.people.models import Episode, Participant, Referral
from ipsgate.rules.suppression import shown


@dataclass(frozen=True)
class SiteFigures:
    site: str
    kind: str
    referrals_last_year: str
    receiving_support: str
    in_work: str


def site_overview(*, today: date, suppress_small: bool) -> list[SiteFigures]:
    year_ago = today - timedelta(days=365)
    open_episode = Exists(Episode.objects.filter(participant=OuterRef("pk"), end_date__isnull=True))
    current_job = Exists(Job.objects.filter(participant=OuterRef("pk"), end_date__isnull=True))
    supported = Participant.objects.filter(open_episode)
    by_site_supported = dict(
        supported.values_list("current_site").annotate(n=Count("pk")).values_list("current_site", "n")
    )
    by_site_in_work = dict(
        supported.filter(current_job)
        .values_list("current_site")
        .annotate(n=Count("pk"))
        .values_list("current_site", "n")
    )
    by_site_referrals = dict(
        Referral.objects.filter(referral_date__gt=year_ago)
        .values("participant__current_site")
        .annotate(n=Count("pk"))
        .values_list("participant__current_site", "n")
    )
    return [
        SiteFigures(
            site=site.name,
            kind=site.get_kind_display(),
            referrals_last_year=shown(by_site_referrals.get(site.pk, 0), suppress_small=suppress_small),
            receiving_support=shown(by_site_supported.get(site.pk, 0), suppress_small=suppress_small),
            in_work=shown(by_site_in_work.get(site.pk, 0), suppress_small=suppress_small),
        )
        for site in Site.objects.all()
    ]
