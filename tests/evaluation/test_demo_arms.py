"""`ipsgate demo` gives every referral an arm, so the evaluation report has something to compare."""

from __future__ import annotations

import pytest

from ipsgate.demo.evaluation_generator import write_allocations
from ipsgate.demo.generator import generate_service
from ipsgate.evaluation.choices import AllocationMethod
from ipsgate.evaluation.models import Allocation
from ipsgate.evaluation.report import build_report
from ipsgate.evaluation.selectors import evaluation_rows
from ipsgate.evaluation.services import stratum_key
from ipsgate.people.models import Referral
from ipsgate.rules.randomisation import sequence
from tests import factories

pytestmark = pytest.mark.django_db


def test_demo_referrals_get_arms_and_the_report_compares_them():
    today = factories.today()
    generate_service(people=120, seed=2026, as_of=today, demo=True)
    walkthrough = Allocation.objects.count()  # the named walkthrough people have fixed arms (one in each)
    assert set(Allocation.objects.values_list("arm", flat=True)) == {"IPS", "SAU"}
    written = write_allocations(seed=2026, as_of=today)
    assert written + walkthrough == Referral.objects.count() == Allocation.objects.count()
    random_ones = Allocation.objects.filter(method=AllocationMethod.RANDOM).order_by("sequence_position")
    assert random_ones.exists()
    for site_id in set(random_ones.values_list("stratum_site_id", flat=True)):
        arms = [a.arm for a in random_ones.filter(stratum_site_id=site_id)]
        assert arms == [arm.value for arm in sequence("demo-2026", stratum_key(site_id), len(arms))]
    manager = factories.ServiceManagerFactory.create()
    report = build_report(evaluation_rows(manager, today=today), today=today, suppress=False)
    assert report.survival is not None and set(report.survival.groups) == {"IPS", "SAU"}
    assert all(group.events > 0 for group in report.survival.groups.values())
    assert any(not o.event for o in report.observations)  # some censoring
    assert report.six_month is not None and report.six_month.comparison is not None
