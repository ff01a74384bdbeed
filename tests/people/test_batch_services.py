"""The batch forms of the people services (issue 21's bulk import writes through them): a batch of N writes exactly what
N one-record calls would, refuses the item a one-record call would refuse with the same message and writes nothing
then, and costs a number of queries that does not grow with the batch."""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter
from dataclasses import replace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipsgate.core.audit import audit_verify
from ipsgate.core.batch_writes import BatchItemInvalid
from ipsgate.people.choices import CustodyStatus, ReferralOutcome
from ipsgate.people.models import Episode, Participant
from ipsgate.people.services import (
    LOOKUP_CHUNK,
    Decision,
    participant_refer,
    participant_update,
    participants_refer,
    participants_update,
    referral_decide,
    referrals_decide,
)
from tests import factories
from tests.batch_support import audit_chain, referral_details, refusal_of_single, snapshot, written_by

pytestmark = pytest.mark.django_db

FEW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def specialist(prison):
    return factories.SpecialistFactory.create(site=prison)


def assert_refused_like_single(batch, singles, k: int) -> None:
    """The batch is refused at item k with the message the kth one-record call gives, and writes nothing."""
    expected = refusal_of_single(singles, k)
    before, chain = snapshot(), audit_chain()
    with pytest.raises(BatchItemInvalid) as refused:
        batch()
    assert refused.value.index == k
    assert refused.value.messages == expected.messages
    assert snapshot() == before and audit_chain() == chain
    assert audit_verify().ok


# --- New referrals ----------------------------------------------------------------------------------------------


@FEW
@given(wants=st.lists(st.booleans(), min_size=1, max_size=6), numbered=st.lists(st.booleans(), min_size=6, max_size=6))
def test_a_batch_of_referrals_writes_what_one_at_a_time_writes(prison, community_site, specialist, wants, numbered):
    items = []
    for n, wants_work in enumerate(wants):
        in_prison = numbered[n]
        items.append(
            referral_details(
                n,
                prison if in_prison else community_site,
                specialist,
                wants_paid_work=wants_work,
                prison_number=factories.prison_number_for(600_000 + n) if in_prison else "",
                custody_status=CustodyStatus.IN_CUSTODY if in_prison else CustodyStatus.IN_COMMUNITY,
                expected_release_date=factories.days_ahead(10 + n) if in_prison else None,
            )
        )

    def one_at_a_time() -> None:
        for item in items:
            participant_refer(actor=specialist, details=item)

    batch = written_by(lambda: participants_refer(actor=specialist, details=items))
    assert batch == written_by(one_at_a_time)
    declined = [r for r in batch["referrals"] if r[0].startswith("Batch") and not r[5]]
    assert len(declined) == wants.count(False)  # zero exclusion: only not wanting work decides anything


def test_the_batch_returns_the_referrals_in_order_saved(prison, specialist):
    items = [referral_details(n, prison, specialist, wants_paid_work=n != 1) for n in range(3)]
    referrals = participants_refer(actor=specialist, details=items)
    assert [r.participant.given_name for r in referrals] == ["Batch0000", "Batch0001", "Batch0002"]
    assert all(r.pk and r.participant.pk for r in referrals)
    assert [r.outcome for r in referrals] == ["", ReferralOutcome.DECLINED_BY_PERSON, ""]
    assert audit_verify().ok


@pytest.mark.parametrize("k", [1, 2, 4])
def test_a_prison_number_twice_in_the_batch_is_refused_at_the_second(prison, specialist, k):
    items = [referral_details(n, prison, specialist) for n in range(5)]
    items[k] = replace(items[k], prison_number=items[0].prison_number)
    singles = [lambda item=item: participant_refer(actor=specialist, details=item) for item in items]
    assert_refused_like_single(lambda: participants_refer(actor=specialist, details=items), singles, k)


@pytest.mark.parametrize("k", [0, 3])
def test_a_prison_number_already_on_record_is_refused(prison, specialist, k):
    held = factories.ParticipantFactory.create(given_name="Holder", current_site=prison)
    items = [referral_details(n, prison, specialist) for n in range(5)]
    items[k] = replace(items[k], prison_number=held.prison_number)
    singles = [lambda item=item: participant_refer(actor=specialist, details=item) for item in items]
    assert_refused_like_single(lambda: participants_refer(actor=specialist, details=items), singles, k)


def test_with_several_refused_items_the_first_is_named(prison, specialist):
    """As one at a time would stop at the first: numbers on record at items 1 and 3 (the later one sorting first),
    and a repeat inside the batch at item 4."""
    early = factories.ParticipantFactory.create(given_name="Early", prison_number="Z1111ZZ", current_site=prison)
    late = factories.ParticipantFactory.create(given_name="Late", prison_number="A1111AA", current_site=prison)
    items = [referral_details(n, prison, specialist) for n in range(5)]
    items[1] = replace(items[1], prison_number=early.prison_number)
    items[3] = replace(items[3], prison_number=late.prison_number)
    items[4] = replace(items[4], prison_number=items[0].prison_number)
    singles = [lambda item=item: participant_refer(actor=specialist, details=item) for item in items]
    assert_refused_like_single(lambda: participants_refer(actor=specialist, details=items), singles, 1)

    items[1] = replace(items[1], prison_number=factories.prison_number_for(700_001))
    items[2] = replace(items[2], prison_number=items[0].prison_number)  # a repeat before the number on record
    assert_refused_like_single(
        lambda: participants_refer(actor=specialist, details=items), singles_for(items, specialist), 2
    )


def singles_for(items, specialist):
    return [lambda item=item: participant_refer(actor=specialist, details=item) for item in items]


def test_a_record_check_left_to_the_database_in_a_batch_still_writes_nothing(prison, specialist):
    """One record is checked fully (a release date before the date of birth is refused with the model's message). In
    a batch of many, the checks that cost a query a record are left to the database (`check_records`): the form each
    row goes through refuses such a row first; if one got through, the whole batch fails and nothing is written."""
    items = [referral_details(n, prison, specialist) for n in range(4)]
    items[2] = replace(items[2], expected_release_date=items[2].date_of_birth - datetime.timedelta(days=1))
    with pytest.raises(BatchItemInvalid) as refused:
        participant_refer(actor=specialist, details=items[2])
    assert refused.value.index == 0
    before, chain = snapshot(), audit_chain()
    with pytest.raises(IntegrityError):
        participants_refer(actor=specialist, details=items)
    assert snapshot() == before and audit_chain() == chain


# --- Decisions --------------------------------------------------------------------------------------------------


def pending_referrals(n: int, site, specialist):
    return [
        factories.ReferralFactory.create(
            participant=factories.ParticipantFactory.create(current_site=site, allocated_specialist=specialist),
            referral_date=factories.days_ago(20 + i),
        )
        for i in range(n)
    ]


OUTCOMES = st.sampled_from(
    [ReferralOutcome.ACCEPTED, ReferralOutcome.UNABLE_TO_CONTACT, ReferralOutcome.WITHDRAWN, ReferralOutcome.ACCEPTED]
)


@FEW
@given(choices=st.lists(st.tuples(OUTCOMES, st.integers(0, 19)), min_size=1, max_size=6))
def test_a_batch_of_decisions_writes_what_one_at_a_time_writes(prison, specialist, choices):
    referrals = pending_referrals(len(choices), prison, specialist)
    decisions = [
        Decision(referral, outcome, referral.referral_date + datetime.timedelta(days=days))
        for referral, (outcome, days) in zip(referrals, choices, strict=True)
    ]

    def one_at_a_time() -> None:
        for d in decisions:
            referral_decide(actor=specialist, referral=d.referral, outcome=d.outcome, outcome_date=d.outcome_date)

    def batch() -> None:
        episodes = referrals_decide(actor=specialist, decisions=decisions)
        assert [e is not None for e in episodes] == [o == ReferralOutcome.ACCEPTED for o, _ in choices]

    assert written_by(batch) == written_by(one_at_a_time)


def decide_singles(decisions, actor):
    return [
        lambda d=d: referral_decide(actor=actor, referral=d.referral, outcome=d.outcome, outcome_date=d.outcome_date)
        for d in decisions
    ]


@pytest.mark.parametrize("k", [0, 2])
def test_a_decision_dated_before_its_referral_is_refused(prison, specialist, k):
    referrals = pending_referrals(4, prison, specialist)
    decisions = [Decision(r, ReferralOutcome.ACCEPTED, r.referral_date) for r in referrals]
    decisions[k] = replace(decisions[k], outcome_date=referrals[k].referral_date - datetime.timedelta(days=1))
    batch = lambda: referrals_decide(actor=specialist, decisions=decisions)  # noqa: E731
    assert_refused_like_single(batch, decide_singles(decisions, specialist), k)


def test_a_referral_already_decided_is_refused(prison, specialist):
    referrals = pending_referrals(3, prison, specialist)
    decided = factories.AcceptedReferralFactory.create(
        participant=factories.ParticipantFactory.create(given_name="Decided", current_site=prison)
    )
    decisions = [Decision(r, ReferralOutcome.WITHDRAWN, factories.today()) for r in [*referrals[:2], decided]]
    batch = lambda: referrals_decide(actor=specialist, decisions=decisions)  # noqa: E731
    assert_refused_like_single(batch, decide_singles(decisions, specialist), 2)


def test_the_same_referral_twice_in_a_batch_is_refused_at_the_second(prison, specialist):
    referrals = pending_referrals(3, prison, specialist)
    decisions = [Decision(r, ReferralOutcome.ACCEPTED, factories.today()) for r in referrals]
    decisions.append(Decision(referrals[1], ReferralOutcome.WITHDRAWN, factories.today()))
    batch = lambda: referrals_decide(actor=specialist, decisions=decisions)  # noqa: E731
    assert_refused_like_single(batch, decide_singles(decisions, specialist), 3)


def test_accepting_for_someone_with_an_open_episode_is_refused(prison, specialist):
    referrals = pending_referrals(3, prison, specialist)
    supported = factories.EpisodeFactory.create(
        participant=factories.ParticipantFactory.create(given_name="Supported", current_site=prison)
    ).participant
    again = factories.ReferralFactory.create(participant=supported, referral_date=factories.days_ago(5))
    decisions = [
        Decision(r, ReferralOutcome.ACCEPTED, factories.today()) for r in [referrals[0], again, *referrals[1:]]
    ]
    batch = lambda: referrals_decide(actor=specialist, decisions=decisions)  # noqa: E731
    assert_refused_like_single(batch, decide_singles(decisions, specialist), 1)


def test_two_acceptances_for_one_person_in_a_batch_are_refused_at_the_second(prison, specialist):
    referrals = pending_referrals(2, prison, specialist)
    second = factories.ReferralFactory.create(participant=referrals[0].participant, referral_date=factories.days_ago(9))
    decisions = [Decision(r, ReferralOutcome.ACCEPTED, factories.today()) for r in [referrals[0], referrals[1], second]]
    batch = lambda: referrals_decide(actor=specialist, decisions=decisions)  # noqa: E731
    assert_refused_like_single(batch, decide_singles(decisions, specialist), 2)


# --- Details changes --------------------------------------------------------------------------------------------


def people(n: int, site, specialist):
    return [factories.ParticipantFactory.create(current_site=site, allocated_specialist=specialist) for _ in range(n)]


CHANGES = st.fixed_dictionaries(
    {},
    optional={
        "family_name": st.sampled_from(["Example", "Other"]),
        "expected_release_date": st.sampled_from([None, factories.days_ahead(40)]),
        "prison_number": st.integers(0, 3).map(lambda n: factories.prison_number_for(800_000 + n)),
        "custody_status": st.sampled_from([CustodyStatus.IN_CUSTODY, CustodyStatus.RECALLED]),
    },
)


@FEW
@given(changes=st.lists(CHANGES, min_size=1, max_size=6))
def test_a_batch_of_details_changes_writes_what_one_at_a_time_writes(prison, specialist, changes):
    # Distinct new prison numbers, so every example is a valid batch (refusals are tested below).
    numbers = [c.get("prison_number") for c in changes if "prison_number" in c]
    if len(numbers) != len(set(numbers)):
        changes = [c for c in changes if "prison_number" not in c] or [{}]
    everyone = people(len(changes), prison, specialist)

    def one_at_a_time() -> list[list[str]]:
        return [
            participant_update(actor=specialist, participant=p, changes=c)
            for p, c in zip(everyone, changes, strict=True)
        ]

    def batch() -> list[list[str]]:
        return participants_update(actor=specialist, updates=list(zip(fresh(everyone), changes, strict=True)))

    changed: dict[str, list[list[str]]] = {}
    batch_written = written_by(lambda: changed.setdefault("batch", batch()))
    singles_written = written_by(lambda: changed.setdefault("singles", one_at_a_time()))
    assert batch_written == singles_written
    assert changed["batch"] == changed["singles"]


def fresh(participants):
    """The same people read again (a service may change the objects it is given)."""
    return [type(p).objects.get(pk=p.pk) for p in participants]


def update_batch(actor, updates):
    """The details batch, given the people read afresh (the services change the objects they are given)."""
    return lambda: participants_update(
        actor=actor, updates=[(p, c) for p, (_, c) in zip(fresh_of(updates), updates, strict=True)]
    )


def update_singles(actor, updates):
    return [
        lambda p=p, c=c: participant_update(actor=actor, participant=type(p).objects.get(pk=p.pk), changes=c)
        for p, c in updates
    ]


def fresh_of(updates):
    return fresh([p for p, _ in updates])


def test_a_details_change_to_a_number_on_record_is_refused(prison, specialist):
    everyone = people(4, prison, specialist)
    holder = factories.ParticipantFactory.create(given_name="Holder", current_site=prison)
    updates = [(p, {"family_name": "Changed"}) for p in everyone]
    updates[2] = (everyone[2], {"prison_number": holder.prison_number})

    assert_refused_like_single(update_batch(specialist, updates), update_singles(specialist, updates), 2)


def test_the_same_new_number_twice_in_a_details_batch_is_refused_at_the_second(prison, specialist):
    everyone = people(5, prison, specialist)
    number = factories.prison_number_for(900_000)
    updates = [(p, {"family_name": "Changed"}) for p in everyone]
    for i in (1, 3, 4):
        updates[i] = (everyone[i], {"prison_number": number})

    assert_refused_like_single(update_batch(specialist, updates), update_singles(specialist, updates), 3)


def test_taking_the_number_of_someone_else_in_the_batch_is_refused_like_one_at_a_time(prison, specialist):
    """Person 2 takes person 0's number while person 0 stays (only their name changes): one at a time refuses
    person 2; so must the batch (not fail in the database)."""
    everyone = people(3, prison, specialist)
    updates = [
        (everyone[0], {"family_name": "Changed"}),
        (everyone[1], {"family_name": "Changed"}),
        (everyone[2], {"prison_number": everyone[0].prison_number}),
    ]

    assert_refused_like_single(update_batch(specialist, updates), update_singles(specialist, updates), 2)


def test_a_number_freed_earlier_in_the_batch_may_be_taken_later(prison, specialist):
    """Person 0 moves to a new number, then person 1 takes person 0's old one: fine one at a time, so in a batch."""
    everyone = people(2, prison, specialist)
    old = everyone[0].prison_number
    updates = [
        (everyone[0], {"prison_number": factories.prison_number_for(910_000)}),
        (everyone[1], {"prison_number": old}),
    ]
    singles_written = written_by(lambda: [call() for call in update_singles(specialist, updates)])
    batch_written = written_by(update_batch(specialist, updates))
    assert batch_written == singles_written


def test_unknown_fields_are_refused_before_anything_is_written(prison, specialist):
    everyone = people(2, prison, specialist)
    before = snapshot()
    with pytest.raises(ValueError, match="Not editable here: id"):
        participants_update(actor=specialist, updates=[(everyone[0], {"family_name": "X"}), (everyone[1], {"id": 1})])
    assert snapshot() == before


# --- Queries ----------------------------------------------------------------------------------------------------


def queries(write) -> int:
    """The queries a write makes, the INSERTs of a table counted as one when the database had to split a bulk insert
    (SQLite takes at most 999 values a statement, so Django inserts 100 audit events in two) and no more."""
    models = {model._meta.db_table: model for model in apps.get_models()}
    before = {table: model._default_manager.count() for table, model in models.items()}
    with CaptureQueriesContext(connection) as captured:
        write()
    statements = [q["sql"] for q in captured.captured_queries]
    inserts = Counter(match[1] for match in map(INSERT_INTO.match, statements) if match)
    for table, times in inserts.items():
        model = models[table]
        rows = model._default_manager.count() - before[table]
        fields = [f for f in model._meta.concrete_fields if not f.primary_key or not f.auto_created]
        allowed = math.ceil(rows / connection.ops.bulk_batch_size(fields, [None] * rows))
        assert times <= max(allowed, 1), f"{times} INSERTs into {table} for {rows} rows"
    return len(statements) - sum(inserts.values()) + len(inserts)


INSERT_INTO = re.compile(r'INSERT INTO "?(\w+)"?')


def test_batch_referrals_cost_the_same_for_5_and_50(prison, specialist):
    small = queries(
        lambda: participants_refer(
            actor=specialist, details=[referral_details(n, prison, specialist) for n in range(5)]
        )
    )
    large = queries(
        lambda: participants_refer(
            actor=specialist, details=[referral_details(n, prison, specialist) for n in range(100, 150)]
        )
    )
    assert large == small


def test_batch_decisions_cost_the_same_for_5_and_50(prison, specialist):
    referrals = pending_referrals(55, prison, specialist)
    day = factories.today()
    small = queries(
        lambda: referrals_decide(
            actor=specialist, decisions=[Decision(r, ReferralOutcome.ACCEPTED, day) for r in referrals[:5]]
        )
    )
    large = queries(
        lambda: referrals_decide(
            actor=specialist, decisions=[Decision(r, ReferralOutcome.ACCEPTED, day) for r in referrals[5:]]
        )
    )
    assert large == small


def test_batch_details_changes_cost_the_same_for_5_and_50(prison, specialist):
    everyone = people(55, prison, specialist)
    release = factories.days_ahead(45)

    def change(group):
        return participants_update(
            actor=specialist, updates=[(p, {"expected_release_date": release, "family_name": "Moved"}) for p in group]
        )

    assert queries(lambda: change(everyone[5:])) == queries(lambda: change(everyone[:5]))


def test_batch_prison_number_changes_cost_a_query_per_distinct_change(prison, specialist):
    """Every new prison number is a different change, so one UPDATE each; everything else stays constant."""
    everyone = people(55, prison, specialist)

    def renumber(group, start):
        updates = [(p, {"prison_number": factories.prison_number_for(start + i)}) for i, p in enumerate(group)]
        return participants_update(actor=specialist, updates=updates)

    small = queries(lambda: renumber(everyone[:5], 920_000))
    large = queries(lambda: renumber(everyone[5:], 930_000))
    assert large - small == 45


def test_two_people_swapping_numbers_are_refused_like_one_at_a_time(prison, specialist):
    """One at a time, the first of a swap takes a number still held by the second, and is refused; so is the batch
    (with the message, not with an error from the database)."""
    a, b = people(2, prison, specialist)
    updates = [(a, {"prison_number": b.prison_number}), (b, {"prison_number": a.prison_number})]
    assert_refused_like_single(update_batch(specialist, updates), update_singles(specialist, updates), 0)


# --- Properties: a batch is refused exactly where one at a time first fails --------------------------------------

NUMBER_POOL = [factories.prison_number_for(950_000 + n) for n in range(5)]  # the first two are on record


def first_failure(calls) -> tuple[int | None, list[str]]:
    """Where writing one at a time first fails, and its messages (undone either way)."""
    with transaction.atomic():
        found: tuple[int | None, list[str]] = (None, [])
        for index, call in enumerate(calls):
            try:
                call()
            except ValidationError as error:
                found = (index, error.messages)
                break
        transaction.set_rollback(True)
    return found


@FEW
@given(picks=st.lists(st.integers(-1, len(NUMBER_POOL) - 1), min_size=1, max_size=7))
def test_property_new_referrals_are_refused_where_one_at_a_time_first_fails(prison, specialist, picks):
    with transaction.atomic():
        for number in NUMBER_POOL[:2]:
            factories.ParticipantFactory.create(prison_number=number, current_site=prison)
        items = [
            referral_details(n, prison, specialist, prison_number=NUMBER_POOL[pick] if pick >= 0 else "")
            for n, pick in enumerate(picks)
        ]
        index, messages = first_failure(singles_for(items, specialist))
        if index is None:
            assert written_by(lambda: participants_refer(actor=specialist, details=items)) == written_by(
                lambda: [call() for call in singles_for(items, specialist)]
            )
        else:
            before, chain = snapshot(), audit_chain()
            with pytest.raises(BatchItemInvalid) as refused:
                participants_refer(actor=specialist, details=items)
            assert (refused.value.index, refused.value.messages) == (index, messages)
            assert snapshot() == before and audit_chain() == chain
        transaction.set_rollback(True)


@FEW
@given(picks=st.lists(st.tuples(st.integers(0, 3), st.integers(-1, len(NUMBER_POOL) - 1)), min_size=1, max_size=7))
def test_property_number_changes_are_refused_where_one_at_a_time_first_fails(prison, specialist, picks):
    """Four people, the first two holding the pool's first two numbers; each change gives one of them a number from
    the pool (or none, or a name change), in any order, several changes to one person included."""
    with transaction.atomic():
        everyone = [
            factories.ParticipantFactory.create(prison_number=NUMBER_POOL[i] if i < 2 else "", current_site=prison)
            for i in range(4)
        ]
        updates = []
        seen = set()
        for who, pick in picks:
            if who in seen:  # one change per person in a batch, as the import sends
                continue
            seen.add(who)
            change = {"prison_number": NUMBER_POOL[pick]} if pick >= 0 else {"family_name": "Renamed"}
            updates.append((everyone[who], change))
        index, messages = first_failure(update_singles(specialist, updates))
        if index is None:
            assert written_by(update_batch(specialist, updates)) == written_by(
                lambda: [call() for call in update_singles(specialist, updates)]
            )
        else:
            before, chain = snapshot(), audit_chain()
            with pytest.raises(BatchItemInvalid) as refused:
                update_batch(specialist, updates)()
            assert (refused.value.index, refused.value.messages) == (index, messages)
            assert snapshot() == before and audit_chain() == chain
        transaction.set_rollback(True)


def test_a_batch_larger_than_a_lookup_chunk_is_written_whole(prison, specialist):
    """Thousands of rows, as an import sends: the lookups go 2,000 ids or numbers at a time (within every database's
    limit on parameters), and everything is written."""
    size = LOOKUP_CHUNK + 1
    items = [referral_details(n, prison, specialist) for n in range(size)]
    with CaptureQueriesContext(connection) as captured:
        referrals = participants_refer(actor=specialist, details=items)
    number_checks = [q for q in captured.captured_queries if "prison_number" in q["sql"] and "IN (" in q["sql"]]
    assert len(number_checks) == 2
    day = factories.today()
    with CaptureQueriesContext(connection) as captured:
        episodes = referrals_decide(
            actor=specialist, decisions=[Decision(r, ReferralOutcome.ACCEPTED, day) for r in referrals]
        )
    updates = [q for q in captured.captured_queries if q["sql"].startswith("UPDATE") and "people_referral" in q["sql"]]
    assert len(updates) == 2
    release = factories.days_ahead(5_000)  # nobody's release date already
    changed = participants_update(
        actor=specialist, updates=[(r.participant, {"expected_release_date": release}) for r in referrals]
    )
    assert all(names == ["expected_release_date"] for names in changed)
    assert Participant.objects.filter(expected_release_date=release).count() == size
    assert Episode.objects.count() == size and all(episodes)
    assert audit_verify().ok
