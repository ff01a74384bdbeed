"""Writes that span several apps. Each service owns its transaction; the domain services it calls audit their own
records."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from ipsgate.core.models import User
from ipsgate.evaluation.services import allocation_record
from ipsgate.people import services as people_services
from ipsgate.people.models import Referral


@dataclass(frozen=True)
class ReferralDetails(people_services.ReferralDetails):
    """The referral form's answers: the people app's referral plus the evaluation's questions."""

    evaluation_arm: str = ""  # "IPS", "SAU" or "random" (the next in the site's sequence); blank: no arm
    mentoring: bool = False
    override_reason: str = ""  # a team leader choosing the arm while random allocation runs


@transaction.atomic
def participant_refer(*, actor: User, details: ReferralDetails) -> Referral:
    """Record a new participant and their referral (`people.services.participant_refer`) and, when the evaluation
    asks, their arm. One transaction, so a random allocation exists only once the referral is saved, and a refused
    allocation leaves no referral behind."""
    referral = people_services.participant_refer(actor=actor, details=details)
    if details.evaluation_arm:
        allocation_record(
            actor=actor,
            referral=referral,
            choice=details.evaluation_arm,
            mentoring=details.mentoring,
            override_reason=details.override_reason,
        )
    return referral
