"""Writes that span several apps. Each service owns its transaction; the domain services it calls audit their own
records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from ipsgate.core.batch_writes import BatchItemInvalid
from ipsgate.core.models import User
from ipsgate.evaluation.services import AllocationRequest, allocations_record
from ipsgate.people import services as people_services
from ipsgate.people.models import Referral


@dataclass(frozen=True)
class ReferralDetails(people_services.ReferralDetails):
    """The referral form's answers: the people app's referral plus the evaluation's questions."""

    evaluation_arm: str = ""  # "IPS", "SAU" or "random" (the next in the site's sequence); blank: no arm
    mentoring: bool = False
    override_reason: str = ""  # a team leader choosing the arm while random allocation runs


def participant_refer(*, actor: User, details: ReferralDetails) -> Referral:
    """Record a new participant and their referral and, when the evaluation asks, their arm (`participants_refer`
    with one)."""
    return participants_refer(actor=actor, details=[details])[0]


@transaction.atomic
def participants_refer(*, actor: User, details: Sequence[ReferralDetails]) -> list[Referral]:
    """Record new participants and their referrals (`people.services.participants_refer`) and, when the evaluation
    asks, their arms, in the order given. One transaction, so a random allocation exists only once its referral is
    saved, and a refused allocation leaves no referral behind."""
    referrals = people_services.participants_refer(actor=actor, details=details)
    asked = [index for index, item in enumerate(details) if item.evaluation_arm]
    requests = [
        AllocationRequest(referrals[i], details[i].evaluation_arm, details[i].mentoring, details[i].override_reason)
        for i in asked
    ]
    try:
        allocations_record(actor=actor, requests=requests)
    except BatchItemInvalid as refused:
        raise BatchItemInvalid(asked[refused.index], refused) from None
    return referrals
