"""The demo's partner directory and referrals out (issue 18 §6)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from ipsgate.core.models import Site
from ipsgate.demo.generator import generate_service
from ipsgate.journey.choices import Pathway
from ipsgate.partners.models import Partner, ReferralOut
from ipsgate.partners.selectors import service_map
from ipsgate.rules.referrals_out import WAITING, working_days_before

pytestmark = pytest.mark.django_db


def test_demo_partners_cover_every_pathway_but_one_per_prison_and_referrals_show_every_status():
    today = timezone.localdate()
    generate_service(people=40, seed=2026, as_of=today, demo=True)
    assert 20 <= Partner.objects.count() <= 30
    gaps = {}
    for prison in Site.objects.filter(kind="prison"):
        served = set(Partner.objects.active().filter(prisons=prison).values_list("pathways__pathway", flat=True))
        gaps[prison.prison_code] = set(Pathway.values) - served
    assert gaps == {
        "LEI": {Pathway.CHILDREN_FAMILIES_AND_COMMUNITY},
        "HLI": {Pathway.DRUGS_AND_ALCOHOL},
        "HMI": {Pathway.EDUCATION_SKILLS_AND_WORK},
    }
    statuses = set(ReferralOut.objects.values_list("status", flat=True))
    assert statuses == {
        "sent",
        "acknowledged",
        "accepted",
        "declined",
        "no_response",
        "support_started",
        "completed",
        "closed",
    }
    cutoff = working_days_before(today, 10)
    assert ReferralOut.objects.filter(status__in=list(WAITING), referred_on__lte=cutoff).count() == 2
    # Done when (issue 18): teamleader1 opens the service map for HMP Leeds and sees one marked gap with its reason.
    leeds = Site.objects.get(prison_code="LEI")
    rows = service_map(leeds, start=today - datetime.timedelta(days=365), end=today)
    assert [(row.pathway, row.gap.explanation) for row in rows if row.gap.is_gap] == [
        (Pathway.CHILDREN_FAMILIES_AND_COMMUNITY, "No active partner helps with this pathway at this prison.")
    ]
