"""The evaluation's service-as-usual (SAU) group does not count in IPS fidelity indicators (issue 16 item 2).

The rule table: for each indicator, whether a person in the SAU group counts. Every indicator computed from the
team's participants leaves them out; the employer-contact rate is a count of the specialists' own log entries, not
of people, so it is as it was. The check: add to the hand-built team of `test_indicators` one SAU person who has
everything an indicator could count (an open episode, a referral, a job start with a better-off check, a profile
with a disclosure plan, employer contacts, follow-along and face-to-face contacts), and every figure stays the same.
The same person allocated to IPS changes the figures, so the test is not passing for want of data.
"""

from __future__ import annotations

import datetime

import pytest

from ipsgate.evaluation.choices import AllocationMethod, Arm
from ipsgate.evaluation.models import Allocation
from ipsgate.fidelity import indicators as ind
from ipsgate.journey.choices import ContactMode, ContactWith
from ipsgate.people.choices import ReferralOutcome
from tests import factories as f
from tests.fidelity.test_indicators import PERIOD, better_off, contact, episode, noon, referral, world  # noqa: F401

D = datetime.date

# indicator -> does a person in the service-as-usual group count in it?
COUNTS_SAU = {
    ind.caseload_per_specialist: False,
    ind.referrals_not_accepted: False,
    ind.benefits_planning_before_start: False,
    ind.disclosure_plans_recorded: False,
    ind.rapid_job_search: False,
    ind.employer_contacts_per_week: False,  # the specialists' own log entries: no person is counted
    ind.job_type_diversity: False,
    ind.employer_diversity: False,
    ind.competitive_job_share: False,
    ind.follow_along_contacts: False,
    ind.community_contact_share: False,
}


def test_the_table_covers_every_indicator():
    assert set(COUNTS_SAU) == set(ind.INDICATORS)


def add_person_with_everything(team, arm: str) -> None:
    s1 = team.members.filter(role="specialist", is_active=True).order_by("pk").first()
    person = f.ParticipantFactory.create(current_site=s1.site, allocated_specialist=s1)
    made = referral(person, D(2026, 1, 12), ReferralOutcome.ACCEPTED)
    Allocation.objects.create(
        referral=made,
        arm=arm,
        mentoring=False,
        method=AllocationMethod.CHOSEN,
        stratum_site=s1.site,
        allocated_by=s1,
    )
    episode(person, D(2026, 1, 12))
    f.VocationalProfileFactory.create(participant=person, started_at=noon(D(2026, 1, 14)), disclosure_share="both")
    employer = f.EmployerFactory.create()
    better_off(person, D(2026, 2, 1))
    job = f.JobFactory.create(participant=person, employer=employer, job_title="Gardener", start_date=D(2026, 2, 2))
    contact(person, D(2026, 1, 20), ContactMode.AT_WORKPLACE, with_=ContactWith.EMPLOYER, employer=employer)
    contact(person, D(2026, 2, 3), ContactMode.PHONE, job=job)
    contact(person, D(2026, 1, 15), ContactMode.IN_COMMUNITY)


@pytest.mark.parametrize("compute", list(COUNTS_SAU), ids=lambda c: c.__name__)
def test_service_as_usual_counts_only_where_the_table_says(world, compute):  # noqa: F811
    before = compute(world, PERIOD).value
    add_person_with_everything(world, Arm.SAU)
    after = compute(world, PERIOD).value
    assert (after != before) is COUNTS_SAU[compute], (before, after)


@pytest.mark.parametrize(
    "compute", [c for c in COUNTS_SAU if c is not ind.employer_contacts_per_week], ids=lambda c: c.__name__
)
def test_the_same_person_in_the_ips_arm_counts(world, compute):  # noqa: F811
    before = compute(world, PERIOD).value
    add_person_with_everything(world, Arm.IPS)
    assert compute(world, PERIOD).value != before
