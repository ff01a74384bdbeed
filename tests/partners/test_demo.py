"""The demo's partner directory and referrals out (issue 18 §6)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from ipsgate.core.bank_holidays import england_and_wales
from ipsgate.core.models import Site, User
from ipsgate.demo.generator import generate_service
from ipsgate.journey.choices import Pathway
from ipsgate.journey.selectors import todo_for
from ipsgate.partners.models import Partner, ReferralOut
from ipsgate.partners.selectors import cmht_referrals, service_map
from ipsgate.rules.referrals_out import WAITING, chase_cutoff
from ipsgate.rules.reminders import TaskKind

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
    cutoff = chase_cutoff(today, england_and_wales(today))
    assert ReferralOut.objects.filter(status__in=list(WAITING), referred_on__lte=cutoff).count() == 2
    # ... and they are "Chase a referral to a partner" tasks in specialist1's To do.
    specialist1 = User.objects.get(username="specialist1")
    chases = [row for row in todo_for(specialist1, today=today) if row.task.kind is TaskKind.CHASE_PARTNER_REFERRAL]
    assert len(chases) == 2 and all(row.overdue or row.task.due == today for row in chases)
    # The CMHTs are marked, and a referral out to one counts with the health-care page's CMHT referrals.
    assert Partner.objects.filter(community_mental_health_team=True).count() == 3
    from_partners = ReferralOut.objects.filter(partner__community_mental_health_team=True).count()
    assert from_partners == 1
    year_ago = today - datetime.timedelta(days=365)
    assert cmht_referrals(start=year_ago, end=today).referred >= from_partners
    # Done when (issue 18): teamleader1 opens the service map for HMP Leeds and sees one marked gap with its reason.
    leeds = Site.objects.get(prison_code="LEI")
    rows = service_map(leeds, start=today - datetime.timedelta(days=365), end=today)
    assert [(row.pathway, row.gap.explanation) for row in rows if row.gap.is_gap] == [
        (Pathway.CHILDREN_FAMILIES_AND_COMMUNITY, "No active partner helps with this pathway at this prison.")
    ]
