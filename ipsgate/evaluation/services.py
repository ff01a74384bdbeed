"""Writes for the evaluation: a referral's arm and mentoring flag, and the trial configuration.

Concealment: a random allocation is generated only here, inside the transaction that saves the referral. Nothing
before the save can see or consume the next allocation, and a failed save rolls the allocation back with it.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction

from ipsgate.core.audit import AuditTarget, audit_record
from ipsgate.core.choices import AuditAction, Role
from ipsgate.core.models import User
from ipsgate.people.models import Referral
from ipsgate.rules import randomisation

from .choices import AllocationMethod, Arm
from .models import Allocation, TrialConfiguration

RANDOM = "random"  # the referral form's "allocate at random" choice


def stratum_key(site_id: int) -> str:
    """The stratum of a site in the random sequence. The site's id never changes, unlike its name."""
    return f"site:{site_id}"


def active_trial() -> TrialConfiguration | None:
    return TrialConfiguration.objects.filter(active=True).first()


OVERRIDE_ROLES = frozenset({Role.TEAM_LEADER})  # who may choose the arm by hand while a trial runs


def may_override_allocation(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role in OVERRIDE_ROLES


@transaction.atomic
def allocation_record(
    *, actor: User, referral: Referral, choice: str, mentoring: bool, override_reason: str = ""
) -> Allocation:
    """Record the referral's arm: the one chosen ("IPS" or "SAU") or the next in its site's random sequence.

    Two referrals saved at once at the same site get different sequence positions: the active trial's row is
    locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), and a unique
    constraint on (trial, site, position) refuses any duplicate that got past the lock.
    """
    site_id = referral.participant.current_site_id
    override_reason = override_reason.strip()
    if choice in Arm.values:
        # While random allocation runs, choosing the arm by hand would bias the comparison: only a team leader may,
        # with a reason, and it is audited.
        overriding = TrialConfiguration.objects.filter(active=True).exists()
        if overriding and not may_override_allocation(actor):
            raise ValidationError(
                {"evaluation_arm": "Random allocation is running. Allocate at random"}, code="trial_running"
            )
        if overriding and not override_reason:
            raise ValidationError(
                {"override_reason": "Enter why you are choosing the arm instead of allocating at random"},
                code="no_reason",
            )
        allocation = Allocation(
            referral=referral,
            arm=choice,
            mentoring=mentoring,
            method=AllocationMethod.CHOSEN,
            stratum_site_id=site_id,
            allocated_by=actor,
            override_reason=override_reason if overriding else "",
        )
    elif choice == RANDOM:
        trial = TrialConfiguration.objects.select_for_update().filter(active=True).first()
        if trial is None:
            raise ValidationError(
                {"evaluation_arm": "Random allocation is not running now. Choose IPS or service as usual"},
                code="no_trial",
            )
        position = Allocation.objects.filter(
            trial=trial, stratum_site_id=site_id, method=AllocationMethod.RANDOM
        ).count()
        drawn = randomisation.allocate(trial.seed, stratum_key(site_id), position, trial.block_size_list)
        allocation = Allocation(
            referral=referral,
            arm=drawn.arm.value,
            mentoring=mentoring,
            method=AllocationMethod.RANDOM,
            trial=trial,
            stratum_site_id=site_id,
            sequence_position=position,
            allocated_by=actor,
        )
    else:
        raise ValidationError({"evaluation_arm": "Select the evaluation arm, or allocate at random"}, code="invalid")
    allocation.full_clean(exclude=["referral"], validate_unique=False, validate_constraints=False)
    allocation.save()
    if allocation.override_reason:
        audit_record(
            user=actor,
            action=AuditAction.CREATE,
            target=AuditTarget("allocation_override", str(allocation.pk), referral.participant_id),
        )
    return allocation


def parse_block_sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
        return randomisation.check_block_sizes(sizes)
    except ValueError as error:
        raise ValidationError({"block_sizes": f"Enter even block sizes separated by commas ({error})"}) from None


@transaction.atomic
def trial_start(*, name: str, block_sizes: str = "4,6", seed: str | None = None) -> TrialConfiguration:
    """Start a random allocation trial (ending any active one). The seed is generated unless given."""
    parse_block_sizes(block_sizes)
    TrialConfiguration.objects.select_for_update().filter(active=True).update(active=False)
    trial = TrialConfiguration(name=name, seed=seed or secrets.token_hex(16), block_sizes=block_sizes, active=True)
    trial.full_clean()
    trial.save()
    return trial


@transaction.atomic
def trial_stop() -> int:
    return TrialConfiguration.objects.select_for_update().filter(active=True).update(active=False)
