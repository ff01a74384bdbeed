"""The audit trail: what is recorded, how `audit verify` catches tampering, and ORM immutability."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.urls import reverse

from ipsgate.core.audit import GENESIS_HASH, AuditTarget, audit_record, audit_record_many, audit_verify
from ipsgate.core.choices import AuditAction
from ipsgate.core.management.commands.audit import Command as AuditCommand
from ipsgate.core.models import AuditChainHead, AuditEvent, AuditImmutableError
from tests import factories
from tests.conftest import date_fields, participant_ids_linked

pytestmark = pytest.mark.django_db


def verify_output() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue().strip()


def record_events(n: int, user=None) -> None:
    for i in range(n):
        audit_record(user=user, action=AuditAction.READ, target=AuditTarget("participant", str(i), i))


# --- What gets recorded ------------------------------------------------------------------------------


def test_participant_page_view_writes_a_read_event(specialist, specialist_client):
    participant = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    assert AuditEvent.objects.count() == 0

    response = specialist_client.get(reverse("people:participant-detail", args=[participant.pk]))

    assert response.status_code == 200
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.READ
    assert event.object_type == "participant"
    assert event.object_id == str(participant.pk)
    assert event.participant_id == participant.pk
    assert event.user_id_at_event == specialist.pk
    assert event.username == specialist.username
    assert event.sequence == 1
    assert event.previous_hash == GENESIS_HASH
    assert len(event.request_id) == 32  # a fresh uuid4 hex, as no proxy sent one
    assert response["X-Request-ID"] == event.request_id


def test_each_request_gets_its_own_request_id(specialist, specialist_client):
    participant = factories.ParticipantFactory.create(current_site=specialist.site)
    url = reverse("people:participant-detail", args=[participant.pk])
    first, second = specialist_client.get(url), specialist_client.get(url)
    ids = list(AuditEvent.objects.values_list("request_id", flat=True))
    assert ids == [first["X-Request-ID"], second["X-Request-ID"]]
    assert ids[0] != ids[1]


def test_well_formed_proxy_request_id_is_kept_and_malformed_one_replaced(specialist, specialist_client):
    participant = factories.ParticipantFactory.create(current_site=specialist.site)
    url = reverse("people:participant-detail", args=[participant.pk])

    response = specialist_client.get(url, headers={"X-Request-ID": "proxy-req.0001_abc"})
    assert response["X-Request-ID"] == "proxy-req.0001_abc"
    assert AuditEvent.objects.latest("sequence").request_id == "proxy-req.0001_abc"

    for bad in ("short", "has space in it", "x" * 65, "semi;colon-123"):
        response = specialist_client.get(url, headers={"X-Request-ID": bad})
        assert response["X-Request-ID"] != bad
        assert AuditEvent.objects.latest("sequence").request_id == response["X-Request-ID"]


def test_pages_without_participant_data_write_no_events(specialist_client):
    specialist_client.get(reverse("people:my-caseload"))  # empty caseload
    specialist_client.get(reverse("people:referral-create"))
    assert AuditEvent.objects.count() == 0


def test_out_of_scope_attempt_writes_no_read_event(specialist_client):
    stranger = factories.ParticipantFactory.create()  # at another prison
    response = specialist_client.get(reverse("people:participant-detail", args=[stranger.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.exists()


def edit_data(participant, **overrides) -> dict[str, str]:
    data = {
        "given_name": participant.given_name,
        "family_name": participant.family_name,
        "preferred_name": participant.preferred_name,
        "prison_number": participant.prison_number,
        "current_site": str(participant.current_site_id),
        "custody_status": participant.custody_status,
        "allocated_specialist": str(participant.allocated_specialist_id),
        **date_fields("date_of_birth", participant.date_of_birth),
        **date_fields("expected_release_date", participant.expected_release_date),
        **date_fields("actual_release_date", participant.actual_release_date),
    }
    data.update(overrides)
    return data


def test_edit_writes_an_update_event(make_client, specialist):
    manager = factories.ServiceManagerFactory.create()
    participant = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    client = make_client(manager)
    url = reverse("people:participant-edit", args=[participant.pk])

    response = client.get(url)
    assert response.status_code == 200
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [AuditAction.READ]

    response = client.post(url, edit_data(participant, preferred_name="Jo"))

    assert response.status_code == 302
    assert response["Location"] == participant.get_absolute_url()
    participant.refresh_from_db()
    assert participant.preferred_name == "Jo"
    event = AuditEvent.objects.latest("sequence")
    assert event.sequence == 2
    assert event.action == AuditAction.UPDATE
    assert event.object_type == "participant"
    assert event.participant_id == participant.pk
    assert event.username == manager.username
    assert event.request_id == response["X-Request-ID"]
    assert verify_output() == "ok, 2 events"


def test_invalid_edit_writes_no_update_event(make_client, specialist):
    manager = factories.ServiceManagerFactory.create()
    participant = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    response = make_client(manager).post(
        reverse("people:participant-edit", args=[participant.pk]), edit_data(participant, given_name="")
    )
    assert response.status_code == 200
    assert "Enter the person&#x27;s first name" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()
    participant.refresh_from_db()
    assert participant.given_name != ""


def test_my_caseload_writes_one_read_event_per_participant_shown(specialist, specialist_client):
    participants = [
        factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
        for _ in range(30)
    ]
    for participant in participants:
        factories.ReferralFactory.create(participant=participant)

    response = specialist_client.get(reverse("people:my-caseload"))

    shown = participant_ids_linked(response.content.decode())
    assert len(shown) == 25
    events = list(AuditEvent.objects.all())
    assert len(events) == 25
    assert {e.action for e in events} == {AuditAction.READ}
    assert Counter(e.participant_id for e in events) == Counter(shown)
    assert {e.request_id for e in events} == {response["X-Request-ID"]}
    assert [e.sequence for e in events] == list(range(1, 26))

    response = specialist_client.get(reverse("people:my-caseload"), {"page": 2})
    page_two = participant_ids_linked(response.content.decode())
    assert len(page_two) == 5
    assert Counter(AuditEvent.objects.filter(sequence__gt=25).values_list("participant_id", flat=True)) == Counter(
        page_two
    )
    assert verify_output() == "ok, 30 events"


def test_participant_list_writes_one_read_event_per_row(specialist, specialist_client):
    for _ in range(3):
        factories.ReferralFactory.create(participant__current_site=specialist.site)
    response = specialist_client.get(reverse("people:participant-list"))
    shown = participant_ids_linked(response.content.decode())
    assert len(shown) == 3
    assert Counter(AuditEvent.objects.values_list("participant_id", flat=True)) == Counter(shown)


def test_audit_record_many_with_no_targets_writes_nothing():
    audit_record_many(user=None, action=AuditAction.READ, targets=[])
    assert not AuditEvent.objects.exists()
    assert verify_output() == "ok, 0 events"


# --- `audit verify` ----------------------------------------------------------------------------------


def test_verify_counts_the_events(specialist):
    assert verify_output() == "ok, 0 events"
    record_events(3, user=specialist)
    audit_record_many(user=None, action=AuditAction.EXPORT, targets=[AuditTarget("report", "r1", None)] * 4)
    assert verify_output() == "ok, 7 events"
    head = AuditChainHead.objects.get()
    last = AuditEvent.objects.latest("sequence")
    assert (head.last_sequence, head.last_hash) == (7, last.hash)


def test_verify_detects_a_row_altered_with_raw_sql(specialist):
    record_events(4, user=specialist)
    assert verify_output() == "ok, 4 events"

    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET username = 'mallory' WHERE sequence = 2")

    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify")
    assert caught.value.returncode == 1
    assert "event #2 " in str(caught.value)
    assert "altered" in str(caught.value)
    result = audit_verify()
    assert not result.ok
    assert result.count == 1  # only event #1 checked out


def test_verify_exits_with_status_1_from_the_command_line(specialist, monkeypatch, capsys):
    record_events(3, user=specialist)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'delete' WHERE sequence = 2")
    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test's transaction open

    with pytest.raises(SystemExit) as caught:
        AuditCommand().run_from_argv(["manage.py", "audit", "verify"])

    assert caught.value.code == 1
    assert "event #2 " in capsys.readouterr().err


def test_verify_detects_a_rehashed_row_by_the_broken_link_after_it(specialist):
    """Recomputing the altered row's own hash does not help: the next event no longer links to it."""
    from ipsgate.core.audit import _hash_of

    record_events(3, user=specialist)
    event = AuditEvent.objects.get(sequence=2)
    event.username = "mallory"
    forged_hash = _hash_of(event)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET username = 'mallory', hash = %s WHERE sequence = 2", [forged_hash])
    with pytest.raises(CommandError, match=r"event #3 does not link") as caught:
        call_command("audit", "verify")
    assert caught.value.returncode == 1


@pytest.mark.parametrize(
    ("deleted", "message"),
    [
        (1, "event #1 is missing"),
        (2, "event #2 is missing (found #3)"),
        (4, "the chain ends at #3 but the head records #4"),
    ],
)
def test_verify_detects_a_row_deleted_with_raw_sql(specialist, deleted, message):
    record_events(4, user=specialist)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE sequence = %s", [deleted])
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify")
    assert caught.value.returncode == 1
    assert message in str(caught.value)


def test_verify_detects_all_rows_deleted(specialist):
    record_events(2, user=specialist)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent")
    with pytest.raises(CommandError, match="head records #2"):
        call_command("audit", "verify")


def test_verify_detects_swapped_rows(specialist):
    record_events(3, user=specialist)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET sequence = 100 WHERE sequence = 2")
        cursor.execute("UPDATE core_auditevent SET sequence = 2 WHERE sequence = 3")
        cursor.execute("UPDATE core_auditevent SET sequence = 3 WHERE sequence = 100")
    with pytest.raises(CommandError, match="event #2 "):
        call_command("audit", "verify")


# --- Immutability through the ORM --------------------------------------------------------------------


@pytest.fixture
def events(specialist):
    record_events(3, user=specialist)
    return list(AuditEvent.objects.all())


def test_saving_an_existing_event_is_refused(events):
    event = events[1]
    event.username = "mallory"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.save(update_fields=["username"])
    assert AuditEvent.objects.get(sequence=2).username != "mallory"


def test_deleting_an_event_is_refused(events):
    with pytest.raises(AuditImmutableError):
        events[0].delete()
    assert AuditEvent.objects.count() == 3


def test_queryset_update_is_refused(events):
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(sequence=2).update(username="mallory")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().update(username="mallory")
    assert not AuditEvent.objects.filter(username="mallory").exists()


def test_queryset_delete_is_refused(events):
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(sequence=2).delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 3


def test_bulk_update_is_refused(events):
    events[0].username = "mallory"
    with transaction.atomic(), pytest.raises(AuditImmutableError):  # bulk_update's own atomic block is spoilt
        AuditEvent.objects.bulk_update([events[0]], ["username"])
    assert verify_output() == "ok, 3 events"


def test_chain_is_intact_after_refused_changes(events):
    for attempt in (
        lambda: events[0].delete(),
        lambda: AuditEvent.objects.update(action="delete"),
        lambda: AuditEvent.objects.all().delete(),
    ):
        with pytest.raises(AuditImmutableError):
            attempt()
    assert verify_output() == "ok, 3 events"


def test_saving_a_new_instance_over_an_existing_pk_is_refused(events):
    original = events[1]
    forged = AuditEvent(
        pk=original.pk,
        sequence=original.sequence,
        occurred_at=original.occurred_at,
        user_id_at_event=original.user_id_at_event,
        username="mallory",
        action=original.action,
        object_type=original.object_type,
        object_id=original.object_id,
        participant_id=original.participant_id,
        request_id=original.request_id,
        previous_hash=original.previous_hash,
        hash=original.hash,
    )
    try:
        forged.save()
    except AuditImmutableError:
        pass
    except Exception as error:  # noqa: BLE001 - an IntegrityError would also mean the row was not overwritten
        pytest.fail(f"unexpected {error!r}")
    if AuditEvent.objects.get(pk=original.pk).username == "mallory":
        pytest.fail("an existing audit event was overwritten through the ORM")


def test_bulk_create_upsert_over_an_existing_event_is_refused(events):
    forged = AuditEvent.objects.get(sequence=2)
    forged.pk = None
    forged.username = "mallory"
    try:
        with transaction.atomic():
            AuditEvent.objects.bulk_create(
                [forged], update_conflicts=True, unique_fields=["sequence"], update_fields=["username"]
            )
    except AuditImmutableError:
        pass
    if AuditEvent.objects.get(sequence=2).username == "mallory":
        pytest.fail("an existing audit event was overwritten through bulk_create(update_conflicts=True)")
