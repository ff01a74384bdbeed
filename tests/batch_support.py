"""What the batch-service tests compare: the records written, field by field, without ids or timestamps, so a batch of
N can be checked against N one-record calls made from the same starting point."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from ipsgate.core.models import AuditChainHead, AuditEvent
from ipsgate.evaluation.models import Allocation
from ipsgate.people.choices import CustodyStatus, ReferralSource
from ipsgate.people.models import Episode, Participant, Referral
from ipsgate.people.services import ReferralDetails
from tests import factories

PARTICIPANT_FIELDS = (
    "given_name", "family_name", "preferred_name", "date_of_birth", "prison_number", "current_site_id",
    "custody_status", "expected_release_date", "actual_release_date", "allocated_specialist_id",
    "probation_practitioner_id", "sex", "preferred_language",
)  # fmt: skip
REFERRAL_FIELDS = (
    "source", "referral_date", "referrer_name", "referrer_organisation", "wants_paid_work", "outcome", "outcome_date",
    "received_by_id",
)  # fmt: skip
EPISODE_FIELDS = ("start_date", "end_date", "closure_reason")
ALLOCATION_FIELDS = (
    "arm", "mentoring", "method", "trial_id", "stratum_site_id", "sequence_position", "allocated_by_id",
    "override_reason",
)  # fmt: skip


def _person_key(participant_id: int | None, names: dict[int, str]) -> str | None:
    return names.get(participant_id) if participant_id is not None else None


def snapshot() -> dict[str, Any]:
    """Every participant, referral, episode, allocation and audit event, as comparable values: a person is named by
    their (test-unique) given name, never by id."""
    names = dict(Participant.objects.values_list("pk", "given_name"))
    assert len(set(names.values())) == len(names), "the tests give everyone a different first name"
    referral_of = {r.pk: r for r in Referral.objects.all()}

    def referral_key(referral_id: int | None) -> tuple[Any, ...] | None:
        if referral_id is None:
            return None
        referral = referral_of[referral_id]
        return (names[referral.participant_id], referral.referral_date, referral.source, referral.referrer_name)

    people = sorted(tuple(getattr(p, f) for f in PARTICIPANT_FIELDS) for p in Participant.objects.all())
    referrals = sorted(
        (names[r.participant_id], *(getattr(r, f) for f in REFERRAL_FIELDS)) for r in referral_of.values()
    )
    episodes = sorted(
        (names[e.participant_id], referral_key(e.referral_id), *(getattr(e, f) for f in EPISODE_FIELDS))
        for e in Episode.objects.all()
    )
    allocations = sorted(
        (referral_key(a.referral_id), *(getattr(a, f) for f in ALLOCATION_FIELDS)) for a in Allocation.objects.all()
    )
    audit = sorted(
        (e.action, e.object_type, _person_key(e.participant_id, names), e.username, e.detail)
        for e in AuditEvent.objects.all()
    )
    return {"participants": people, "referrals": referrals, "episodes": episodes, "allocations": allocations,
            "audit": audit}  # fmt: skip


def written_by(write: Callable[[], object]) -> dict[str, Any]:
    """What the database holds after `write`, which is then undone (so the next run starts from the same place)."""
    with transaction.atomic():
        write()
        result = snapshot()
        transaction.set_rollback(True)
    return result


def refusal_of_single(calls: list[Callable[[], object]], k: int) -> ValidationError:
    """The error the kth one-record call gives after the ones before it were written one at a time (then undone)."""
    with transaction.atomic():
        for call in calls[:k]:
            call()
        with pytest.raises(ValidationError) as caught:
            calls[k]()
        transaction.set_rollback(True)
    return caught.value


def audit_chain() -> tuple[int, tuple[int, str] | None]:
    head = AuditChainHead.objects.filter(id=1).values_list("last_sequence", "last_hash").first()
    return AuditEvent.objects.count(), head


def counts() -> dict[str, int]:
    return {
        "participants": Participant.objects.count(),
        "referrals": Referral.objects.count(),
        "episodes": Episode.objects.count(),
        "allocations": Allocation.objects.count(),
    }


def referral_details(n: int, site, specialist, **overrides: Any) -> ReferralDetails:
    """The nth new person's referral (people's form of it)."""
    values: dict[str, Any] = {
        "wants_paid_work": True,
        "given_name": f"Batch{n:04d}",
        "family_name": "Example",
        "preferred_name": "",
        "date_of_birth": datetime.date(1990, 1, 1) + datetime.timedelta(days=n),
        "prison_number": factories.prison_number_for(500_000 + n),
        "current_site": site,
        "custody_status": CustodyStatus.IN_CUSTODY,
        "expected_release_date": factories.days_ahead(30 + n),
        "source": ReferralSource.PRISON_MENTAL_HEALTH,
        "referral_date": factories.days_ago(n % 7),
        "referrer_name": f"Referrer {n}",
        "referrer_organisation": "In-reach",
        "allocated_specialist": specialist,
    }
    values.update(overrides)
    return ReferralDetails(**values)
