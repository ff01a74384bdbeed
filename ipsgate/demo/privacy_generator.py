"""Synthetic data protection records: most people have a lawful basis and a privacy notice recorded, a few do not
yet, so the "Record the lawful basis and privacy notice" task and banner show where they should (issue 16 item 12).

Demo data only: a public-task basis with the health-or-social-care and statutory conditions, and the notice given a
few days after the referral.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db.models import Min

from ipsgate.people.models import Referral
from ipsgate.privacy.choices import HealthCondition, LawfulBasis, OffenceCondition
from ipsgate.privacy.models import DataProtectionRecord

RECORDED_SHARE = 0.92
BATCH = 2_000


def write_data_protection(*, seed: int, as_of: date) -> int:
    """A record for most people who have been referred (those without one keep theirs missing); returns how many."""
    rng = random.Random(seed * 13 + 5)  # noqa: S311  # reproducible demo data, not security
    have = set(DataProtectionRecord.objects.values_list("participant_id", flat=True))
    referred = (
        Referral.objects.values("participant_id")
        .annotate(first=Min("referral_date"))
        .order_by("participant_id")
        .values_list("participant_id", "first")
    )
    records = [
        DataProtectionRecord(
            participant_id=participant_id,
            lawful_basis=LawfulBasis.PUBLIC_TASK,
            health_condition=HealthCondition.HEALTH_SOCIAL_CARE,
            offence_condition=OffenceCondition.STATUTORY,
            privacy_notice_date=min(first + timedelta(days=rng.randint(0, 10)), as_of),
        )
        for participant_id, first in referred
        if participant_id not in have and rng.random() < RECORDED_SHARE
    ]
    DataProtectionRecord.objects.bulk_create(records, batch_size=BATCH)
    return len(records)
