"""Demo evaluation arms for the demo service's referrals (`ipsgate demo`).

Demo data only, not evidence. Referrals made before the demo trial started (120 days before today) carry an arm
"chosen at referral", leaning towards IPS for people who went on to find work, so that the demo report shows a
visible difference with both arms, job starts and censoring. Later referrals are allocated by the demo trial's
permuted-block sequence for their site, exactly as the referral form would allocate them.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from ipsgate.evaluation.choices import AllocationMethod, Arm
from ipsgate.evaluation.models import Allocation, TrialConfiguration
from ipsgate.evaluation.services import stratum_key
from ipsgate.jobs.models import Job
from ipsgate.people.models import Referral
from ipsgate.rules import randomisation

TRIAL_DAYS = 120
MENTORING_SHARE = 0.3


@transaction.atomic
def write_allocations(*, seed: int, as_of: date) -> int:
    """Give every referral without one an arm and a mentoring flag; returns how many were written."""
    rng = random.Random(seed * 7 + 6)  # noqa: S311  # reproducible demo data, not security
    trial = TrialConfiguration.objects.create(name="Demo trial", seed=f"demo-{seed}", block_sizes="4,6", active=True)
    trial_start = as_of - timedelta(days=TRIAL_DAYS)
    found_work = set(Job.objects.values_list("participant_id", flat=True))
    positions: dict[int, int] = {}
    allocations = []
    referrals = (
        Referral.objects.filter(allocation__isnull=True).select_related("participant").order_by("referral_date", "id")
    )
    for referral in referrals:
        site_id = referral.participant.current_site_id
        common = {
            "referral": referral,
            "mentoring": rng.random() < MENTORING_SHARE,
            "stratum_site_id": site_id,
            "allocated_by_id": referral.received_by_id,
        }
        if referral.referral_date < trial_start:
            leaning = 0.7 if referral.participant_id in found_work else 0.4
            arm = Arm.IPS if rng.random() < leaning else Arm.SAU
            allocations.append(Allocation(arm=arm, method=AllocationMethod.CHOSEN, **common))
        else:
            position = positions.get(site_id, 0)
            positions[site_id] = position + 1
            drawn = randomisation.allocate(trial.seed, stratum_key(site_id), position, trial.block_size_list)
            allocations.append(
                Allocation(
                    arm=drawn.arm.value,
                    method=AllocationMethod.RANDOM,
                    trial=trial,
                    sequence_position=position,
                    **common,
                )
            )
    Allocation.objects.bulk_create(allocations)
    return len(allocations)
