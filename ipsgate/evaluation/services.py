"""Writes for the evaluation: a referral's arm and mentoring flag, and the trial configuration.

Concealment: a random allocation is generated only here, inside the transaction that saves the referral. Nothing
before the save can see or consume the next allocation, and a failed save rolls the allocation back with it.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from ipsgate.core.audit import AuditTarget, audit_record_many
from ipsgate.core.batch_writes import BatchItemInvalid
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


def allocation_record(
    *, actor: User, referral: Referral, choice: str, mentoring: bool, override_reason: str = ""
) -> Allocation:
    """Record the referral's arm (`allocations_record` with one)."""
    request = AllocationRequest(referral, choice, mentoring, override_reason)
    return allocations_record(actor=actor, requests=[request])[0]


@dataclass(frozen=True)
class AllocationRequest:
    referral: Referral
    choice: str  # "IPS", "SAU" or RANDOM
    mentoring: bool
    override_reason: str = ""


@transaction.atomic
def allocations_record(*, actor: User, requests: Sequence[AllocationRequest]) -> list[Allocation]:
    """Record each referral's arm: the one chosen ("IPS" or "SAU") or the next in its site's random sequence, in the
    order given; all or none (`BatchItemInvalid` says which was refused).

    Two referrals saved at once at the same site get different sequence positions: the active trial's row is
    locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), and a unique
    constraint on (trial, site, position) refuses any duplicate that got past the lock.
    """
    if not requests:
        return []
    trial = TrialConfiguration.objects.select_for_update().filter(active=True).first()
    positions: dict[int, int] = {}
    allocations: list[Allocation] = []
    for index, request in enumerate(requests):
        try:
            allocations.append(_allocation(actor, request, trial, positions, many=len(requests) > 1))
        except ValidationError as error:
            raise BatchItemInvalid(index, error) from None
    Allocation.objects.bulk_create(allocations)
    audit_record_many(
        user=actor,
        action=AuditAction.CREATE,
        targets=[
            AuditTarget("allocation_override", str(allocation.pk), allocation.referral.participant_id)
            for allocation in allocations
            if allocation.override_reason
        ],
    )
    return allocations


def _allocation(
    actor: User, request: AllocationRequest, trial: TrialConfiguration | None, positions: dict[int, int], *, many: bool
) -> Allocation:
    """One referral's allocation; `positions` counts each site's random sequence so far (looked up once a site). In
    a batch of many, the foreign keys are left to the database (they come from records just read or written)."""
    site_id = request.referral.participant.current_site_id
    override_reason = request.override_reason.strip()
    if request.choice in Arm.values:
        # While random allocation runs, choosing the arm by hand would bias the comparison: only a team leader may,
        # with a reason, and it is audited.
        overriding = trial is not None
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
            referral=request.referral,
            arm=request.choice,
            mentoring=request.mentoring,
            method=AllocationMethod.CHOSEN,
            stratum_site_id=site_id,
            allocated_by=actor,
            override_reason=override_reason if overriding else "",
        )
    elif request.choice == RANDOM:
        if trial is None:
            raise ValidationError(
                {"evaluation_arm": "Random allocation is not running now. Choose IPS or service as usual"},
                code="no_trial",
            )
        if site_id not in positions:
            positions[site_id] = Allocation.objects.filter(
                trial=trial, stratum_site_id=site_id, method=AllocationMethod.RANDOM
            ).count()
        position = positions[site_id]
        positions[site_id] += 1
        drawn = randomisation.allocate(trial.seed, stratum_key(site_id), position, trial.block_size_list)
        allocation = Allocation(
            referral=request.referral,
            arm=drawn.arm.value,
            mentoring=request.mentoring,
            method=AllocationMethod.RANDOM,
            trial=trial,
            stratum_site_id=site_id,
            sequence_position=position,
            allocated_by=actor,
        )
    else:
        raise ValidationError({"evaluation_arm": "Select the evaluation arm, or allocate at random"}, code="invalid")
    keys = ["trial", "stratum_site", "allocated_by"] if many else []
    allocation.full_clean(exclude=["referral", *keys], validate_unique=False, validate_constraints=False)
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
