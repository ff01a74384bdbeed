"""Service-wide counts by site, computed in SQL. No names leave this module."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef

from ipsgate.core.models import Site
from ipsgate.jobs.models import Job
from ipsgate.people.models import Episode, Participant, Referral
from ipsgate.rules.suppression import Line, primary, show_all, suppress

Figure = tuple[int | None, str]  # (site id, or None for the whole service; which figure)


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
    sites = list(Site.objects.all())
    # Small numbers (rules.suppression): each column adds up to the whole service's figure, which is treated as
    # published (the outcome dashboard gives the referrals), so no site's "<5" is the total minus the others.
    columns = {"referrals": by_site_referrals, "people supported": by_site_supported, "people in work": by_site_in_work}
    counts: dict[Figure, int] = {
        (site.pk, name): column.get(site.pk, 0) for site in sites for name, column in columns.items()
    }
    totals: dict[Figure, int] = {
        (None, name): sum(column.get(s.pk, 0) for s in sites) for name, column in columns.items()
    }
    lines: list[Line[Figure]] = [
        Line(f"{n} by site", tuple((s.pk, n) for s in sites), (None, n)) for n in columns if sites
    ]
    decided = {key: primary(total) for key, total in totals.items()}
    shown = suppress(counts | totals, lines, decided=decided) if suppress_small else show_all(counts)
    return [
        SiteFigures(
            site=site.name,
            kind=site.get_kind_display(),
            referrals_last_year=shown.text((site.pk, "referrals")),
            receiving_support=shown.text((site.pk, "people supported")),
            in_work=shown.text((site.pk, "people in work")),
        )
        for site in sites
    ]
