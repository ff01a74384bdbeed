"""The batch form of recording arms (`allocations_record`, and the casework referral that asks for them): a batch of N
gives the same arms, sequence positions and audit as N referrals made one at a time, refuses the item one at a time
would refuse, with the same message, and writes nothing then (not even the referrals)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipsgate.casework import services as casework_services
from ipsgate.core.audit import audit_verify
from ipsgate.core.batch_writes import BatchItemInvalid
from ipsgate.evaluation.choices import AllocationMethod
from ipsgate.evaluation.models import Allocation, TrialConfiguration
from ipsgate.evaluation.services import (
    RANDOM,
    AllocationRequest,
    allocation_record,
    allocations_record,
    stratum_key,
    trial_start,
)
from ipsgate.people.choices import CustodyStatus
from ipsgate.rules.randomisation import sequence
from tests import factories
from tests.batch_support import audit_chain, referral_details, refusal_of_single, snapshot, written_by

pytestmark = pytest.mark.django_db

FEW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
REASON = "Clinical team asked for IPS now"


@pytest.fixture
def leader(prison):
    return factories.TeamLeaderFactory.create(site=prison)


@pytest.fixture
def specialist(prison):
    return factories.SpecialistFactory.create(site=prison)


def intake(n: int, site, specialist, *, arm: str = RANDOM, wants: bool = True, reason: str = "", mentoring=False):
    base = referral_details(n, site, specialist, wants_paid_work=wants)
    return casework_services.ReferralDetails(
        **{f: getattr(base, f) for f in base.__dataclass_fields__},
        evaluation_arm=arm,
        mentoring=mentoring,
        override_reason=reason,
    )


def refer_singly(actor, items):
    return [lambda item=item: casework_services.participant_refer(actor=actor, details=item) for item in items]


def refer_batch(actor, items):
    return lambda: casework_services.participants_refer(actor=actor, details=items)


def one_at_a_time(actor, items):
    def write() -> None:
        for call in refer_singly(actor, items):
            call()

    return write


ITEM = st.tuples(
    st.booleans(),  # wants paid work
    st.sampled_from(["", "IPS", "SAU", RANDOM, RANDOM]),
    st.integers(0, 1),  # which site
    st.booleans(),  # mentoring
)


@FEW
@given(items=st.lists(ITEM, min_size=1, max_size=8), trial_running=st.booleans(), earlier=st.integers(0, 3))
def test_a_batch_of_referrals_with_arms_writes_what_one_at_a_time_writes(
    prison, other_prison, leader, specialist, items, trial_running, earlier
):
    with transaction.atomic():  # each example starts from the same records
        TrialConfiguration.objects.update(active=False)
        if trial_running:
            trial_start(name="Trial", seed="batch-seed", block_sizes="2,4")
            for n in range(earlier):  # the sequence at the first site has started already
                casework_services.participant_refer(actor=leader, details=intake(900 + n, prison, specialist))
        details = []
        for n, (wants, arm, site, mentoring) in enumerate(items):
            if arm == RANDOM and not trial_running:
                arm = "IPS"
            reason = REASON if trial_running and arm in ("IPS", "SAU") else ""
            site_of = prison if site == 0 else other_prison
            details.append(intake(n, site_of, specialist, arm=arm, wants=wants, reason=reason, mentoring=mentoring))
        batch = written_by(refer_batch(leader, details))
        assert batch == written_by(one_at_a_time(leader, details))
        overrides = [a for a in batch["audit"] if a[1] == "allocation_override"]
        assert len(overrides) == sum(1 for d in details if d.override_reason)
        transaction.set_rollback(True)


def test_random_positions_continue_each_sites_sequence_across_two_sites_interleaved(
    prison, other_prison, specialist, leader
):
    trial = trial_start(name="Trial", seed="interleaved", block_sizes="2,4,6")
    for n in range(3):  # three drawn already at the first site, one at the second
        casework_services.participant_refer(actor=specialist, details=intake(800 + n, prison, specialist))
    casework_services.participant_refer(actor=specialist, details=intake(810, other_prison, specialist))
    sites = [prison, other_prison, other_prison, prison, prison, other_prison, prison, other_prison, prison]
    details = [intake(n, site, specialist, mentoring=n % 2 == 0) for n, site in enumerate(sites)]

    batch = written_by(refer_batch(specialist, details))
    assert batch == written_by(one_at_a_time(specialist, details))

    referrals = casework_services.participants_refer(actor=specialist, details=details)
    drawn: dict[int, list[tuple[int | None, str]]] = {site.pk: [] for site in (prison, other_prison)}
    for referral, site in zip(referrals, sites, strict=True):
        allocation = Allocation.objects.get(referral=referral)
        assert allocation.method == AllocationMethod.RANDOM and allocation.trial == trial
        drawn[site.pk].append((allocation.sequence_position, allocation.arm))
    for site, already in ((prison, 3), (other_prison, 1)):
        arms = sequence(trial.seed, stratum_key(site.pk), already + len(drawn[site.pk]), trial.block_size_list)
        expected = [(already + i, arm.value) for i, arm in enumerate(arms[already:])]
        assert drawn[site.pk] == expected


def test_allocations_record_returns_the_allocations_in_order_and_nothing_for_no_requests(prison, specialist):
    trial_start(name="Trial", seed="order")
    with CaptureQueriesContext(connection) as captured:
        assert allocations_record(actor=specialist, requests=[]) == []
    assert not [q for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    made = casework_services.participants_refer(
        actor=specialist, details=[intake(n, prison, specialist, arm="") for n in range(3)]
    )
    allocations = allocations_record(
        actor=specialist, requests=[AllocationRequest(r, RANDOM, mentoring=i == 1) for i, r in enumerate(made)]
    )
    assert [a.referral_id for a in allocations] == [r.pk for r in made]
    assert [a.sequence_position for a in allocations] == [0, 1, 2]
    assert [a.mentoring for a in allocations] == [False, True, False]


# --- Refusals ---------------------------------------------------------------------------------------------------


def assert_refused_like_single(actor, items, k: int) -> None:
    expected = refusal_of_single(refer_singly(actor, items), k)
    before, chain = snapshot(), audit_chain()
    with pytest.raises(BatchItemInvalid) as refused:
        refer_batch(actor, items)()
    assert refused.value.index == k
    assert refused.value.messages == expected.messages
    assert refused.value.message_dict == expected.message_dict  # on the same field of the form
    assert snapshot() == before and audit_chain() == chain  # no referral left behind, no allocation drawn
    assert audit_verify().ok


@pytest.mark.parametrize("k", [0, 3])
def test_a_chosen_arm_while_a_trial_runs_is_refused_for_a_role_that_may_not_override(prison, specialist, k):
    trial_start(name="Trial", seed="refuse")
    items = [intake(n, prison, specialist, arm=RANDOM if n % 2 else "") for n in range(5)]
    items[k] = replace(items[k], evaluation_arm="SAU", override_reason=REASON)
    assert_refused_like_single(specialist, items, k)


def test_a_chosen_arm_without_a_reason_is_refused_for_a_team_leader(prison, specialist, leader):
    trial_start(name="Trial", seed="reason")
    items = [intake(n, prison, specialist, arm=RANDOM) for n in range(4)]
    items[2] = replace(items[2], evaluation_arm="IPS", override_reason="   ")
    assert_refused_like_single(leader, items, 2)


@pytest.mark.parametrize("k", [1, 4])
def test_random_with_no_trial_is_refused(prison, specialist, k):
    items = [intake(n, prison, specialist, arm="IPS" if n % 2 else "") for n in range(5)]
    items[k] = replace(items[k], evaluation_arm=RANDOM)
    assert_refused_like_single(specialist, items, k)


def test_an_unknown_arm_is_refused(prison, specialist):
    items = [intake(n, prison, specialist, arm="SAU") for n in range(3)]
    items[1] = replace(items[1], evaluation_arm="XYZ")
    assert_refused_like_single(specialist, items, 1)


def test_a_refused_allocation_after_random_draws_leaves_the_sequence_where_it_was(prison, specialist):
    """Draws made for earlier items of a refused batch are rolled back: the next referral gets position 0."""
    trial_start(name="Trial", seed="rollback")
    items = [intake(n, prison, specialist) for n in range(4)]
    items[3] = replace(items[3], evaluation_arm="IPS")
    with pytest.raises(BatchItemInvalid):
        refer_batch(specialist, items)()
    referral = casework_services.participant_refer(actor=specialist, details=intake(50, prison, specialist))
    assert Allocation.objects.get(referral=referral).sequence_position == 0


def test_the_one_record_allocation_is_refused_as_before(prison, specialist):
    """`allocation_record` is the batch of one: its refusal is an item-0 BatchItemInvalid, still a ValidationError
    on the form's field."""
    [referral] = casework_services.participants_refer(actor=specialist, details=[intake(0, prison, specialist, arm="")])
    with pytest.raises(BatchItemInvalid) as refused:
        allocation_record(actor=specialist, referral=referral, choice=RANDOM, mentoring=False)
    assert refused.value.index == 0
    assert refused.value.message_dict == {
        "evaluation_arm": ["Random allocation is not running now. Choose IPS or service as usual"]
    }


# --- Queries ----------------------------------------------------------------------------------------------------


def test_batch_allocations_cost_the_same_for_5_and_50_over_two_sites(prison, other_prison, specialist, leader):
    """A count of the sequence so far once a site, not once a referral."""
    trial_start(name="Trial", seed="queries")
    sites = [prison, other_prison]
    made = casework_services.participants_refer(
        actor=specialist,
        details=[intake(n, sites[n % 2], specialist, arm="", wants=True) for n in range(55)],
    )

    def allocate(referrals) -> int:
        requests = [
            AllocationRequest(r, RANDOM if i % 3 else "IPS", mentoring=False, override_reason=REASON)
            for i, r in enumerate(referrals)
        ]
        with CaptureQueriesContext(connection) as captured:
            allocations_record(actor=leader, requests=requests)
        statements = [q["sql"] for q in captured.captured_queries]
        inserts = [sql for sql in statements if sql.startswith("INSERT")]
        assert len({sql.split("(")[0] for sql in inserts}) <= 2  # the allocations and their audit
        return len(statements) - len(inserts)

    assert allocate(made[5:]) == allocate(made[:5])


def test_batch_referrals_with_arms_cost_the_same_for_5_and_50(prison, other_prison, specialist):
    trial_start(name="Trial", seed="refer-queries")
    sites = [prison, other_prison]

    def refer(numbers) -> int:
        details = [intake(n, sites[n % 2], specialist, arm=RANDOM if n % 3 else "") for n in numbers]
        with CaptureQueriesContext(connection) as captured:
            casework_services.participants_refer(actor=specialist, details=details)
        return len([q for q in captured.captured_queries if not q["sql"].startswith("INSERT")])

    assert refer(range(100, 150)) == refer(range(5))


def test_custody_status_does_not_matter_to_the_arm(prison, community_site, specialist):
    """Zero exclusion in the evaluation too: the arm does not depend on anything about the person but the site."""
    trial = trial_start(name="Trial", seed="zero-exclusion")
    people = [
        replace(intake(n, prison, specialist), custody_status=status)
        for n, status in enumerate([CustodyStatus.IN_CUSTODY, CustodyStatus.RECALLED, CustodyStatus.IN_CUSTODY])
    ]
    referrals = casework_services.participants_refer(actor=specialist, details=people)
    arms = [Allocation.objects.get(referral=r).arm for r in referrals]
    assert arms == [a.value for a in sequence(trial.seed, stratum_key(prison.pk), 3, trial.block_size_list)]
