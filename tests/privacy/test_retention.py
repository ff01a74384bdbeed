"""`ipsgate retention`: dry run changes nothing; apply anonymises due records only, keeps aggregates, is idempotent."""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.db.models.functions import TruncMonth

from ipsgate.core.models import AuditEvent, User
from ipsgate.employers.models import EmployerContact
from ipsgate.jobs.models import Application, Job
from ipsgate.journey.models import CustodyEvent, SupportContact
from ipsgate.people.models import Episode, Participant, Referral
from ipsgate.privacy.models import DataProtectionRecord
from ipsgate.privacy.services import legal_hold_lift, legal_hold_set
from tests import factories

from .records import Dates, make_full_record, rows_about, snapshot

# A past day (--apply refuses a future one). With 6 years, an episode that ended before 1 January 2019 is due.
TODAY = "2025-01-01"
OLD = Dates()  # episode ended 29 June 2018
RECENT = Dates(
    referral=datetime.date(2024, 1, 8),
    decided=datetime.date(2024, 1, 11),
    job_start=datetime.date(2024, 3, 4),
    job_end=datetime.date(2024, 5, 31),
    episode_end=datetime.date(2024, 6, 28),
)


@dataclass
class Cohort:
    due: Participant
    held: Participant
    open: Participant
    recent: Participant
    leader: User


@pytest.fixture
def cohort(db, settings) -> Cohort:
    settings.IPSGATE_RETENTION_YEARS = 6
    prison = factories.SiteFactory.create()
    leader = factories.TeamLeaderFactory.create(site=prison)
    factories.TeamFactory.create(leader=leader, sites=[prison])
    staff = factories.SpecialistFactory.create(site=prison)
    employer = factories.EmployerFactory.create()
    people = {}
    for tag, dates in (
        ("DUETAG", OLD),
        ("HELDTAG", OLD),
        ("OPENTAG", Dates(episode_end=None)),
        ("RECENTTAG", RECENT),
    ):
        person = factories.ParticipantFactory.create(
            given_name=f"{tag}given", family_name=f"{tag}family", preferred_name=f"{tag}pref", current_site=prison,
            allocated_specialist=staff,
        )  # fmt: skip
        make_full_record(person, tag=tag, staff=staff, employer=employer, released_from=prison, dates=dates)
        people[tag] = person
    legal_hold_set(actor=leader, participant=people["HELDTAG"], reason="HELDTAG claim pending")
    return Cohort(people["DUETAG"], people["HELDTAG"], people["OPENTAG"], people["RECENTTAG"], leader)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def aggregates() -> dict[str, list[tuple[object, ...]]]:
    """What reports count: referrals, episodes, job starts by site and month, applications, contacts, custody."""
    return {
        "referrals": list(
            Referral.objects.annotate(month=TruncMonth("referral_date")).values_list("source", "outcome", "month")
            .annotate(n=Count("id")).order_by("source", "outcome", "month")
        ),
        "episodes": list(
            Episode.objects.values_list("closure_reason", "start_date", "end_date").annotate(n=Count("id"))
            .order_by("closure_reason", "start_date", "end_date")
        ),
        "job_starts": list(
            Job.objects.annotate(month=TruncMonth("start_date")).values_list("released_from", "month", "competitive")
            .annotate(n=Count("id")).order_by("released_from", "month", "competitive")
        ),
        "applications": list(Application.objects.values_list("status").annotate(n=Count("id")).order_by("status")),
        "contacts": list(
            SupportContact.objects.values_list("contact_with", "took_place").annotate(n=Count("id"))
            .order_by("contact_with")
        ),
        "custody": list(
            CustodyEvent.objects.values_list("kind", "event_date").annotate(n=Count("id")).order_by("kind")
        ),
    }  # fmt: skip


def test_dry_run_changes_nothing_and_prints_counts_and_ids_only(cohort):
    before = snapshot()
    output = run("--dry-run", "--today", TODAY)
    assert snapshot() == before  # every row of every table, the audit trail included
    assert "Due for anonymisation: 1" in output
    assert f"Would anonymise: {cohort.due.pk}" in output
    assert f"on legal hold (kept in full): 1 ({cohort.held.pk})" in output
    assert "Dry run: nothing was changed." in output
    assert "TAG" not in output  # no names or notes


def test_apply_anonymises_the_due_participant(cohort):
    due_rows_before = {label: len(rows) for label, rows in rows_about(cohort.due.pk).items()}
    output = run("--apply", "--today", TODAY)
    assert f"Anonymised 1 participants: {cohort.due.pk}" in output
    person = Participant.objects.get(pk=cohort.due.pk)
    assert person.given_name == "Anonymised"
    assert person.family_name == f"Person {cohort.due.pk}"
    assert person.preferred_name == ""
    assert person.date_of_birth == datetime.date(1988, 1, 1)  # born 15 June 1988
    assert re.fullmatch(r"Z\d{4}[A-Z]{2}", person.prison_number)
    person.full_clean()  # the placeholder passes the NOMIS format check and the uniqueness constraint
    database = repr(snapshot())
    assert "DUETAG" not in database  # every name, note, detail, health and offence text is gone
    assert cohort.due.prison_number not in database
    # Rows are kept (anonymised, not deleted), with their dates and outcomes.
    due_rows_before["privacy.DataProtectionChange"] += 1  # the history gains "anonymised under the policy"
    assert {label: len(rows) for label, rows in rows_about(cohort.due.pk).items()} == due_rows_before
    episode = Episode.objects.get(participant=cohort.due)
    assert (episode.start_date, episode.end_date, episode.closure_reason) == (
        OLD.decided,
        OLD.episode_end,
        "moved_away",
    )
    job = Job.objects.get(participant=cohort.due)
    assert (job.start_date, job.end_date, job.released_from_id) == (
        OLD.job_start,
        OLD.job_end,
        cohort.due.current_site_id,
    )
    assert job.job_title == "Removed"
    assert DataProtectionRecord.objects.get(participant=cohort.due).anonymised_on == datetime.date(2025, 1, 1)
    event = AuditEvent.objects.get(object_type="anonymisation")
    assert (event.participant_id, event.object_id, event.user_id_at_event) == (cohort.due.pk, str(cohort.due.pk), None)


def test_apply_leaves_held_open_and_recent_records_untouched(cohort):
    kept = {p.pk: rows_about(p.pk) for p in (cohort.held, cohort.open, cohort.recent)}
    run("--apply", "--today", TODAY)
    for pk, rows in kept.items():
        assert rows_about(pk) == rows, f"participant {pk} changed"
    assert Participant.objects.get(pk=cohort.held.pk).given_name == "HELDTAGgiven"


def test_aggregates_are_identical_before_and_after(cohort):
    before = aggregates()
    assert before["job_starts"]  # not vacuous
    run("--apply", "--today", TODAY)
    assert aggregates() == before


def test_running_twice_does_nothing_the_second_time(cohort):
    run("--apply", "--today", TODAY)
    after_first = snapshot()
    output = run("--apply", "--today", TODAY)
    assert snapshot() == after_first
    assert "Due for anonymisation: 0" in output
    assert "Anonymised 0 participants: none" in output


def test_lifting_the_hold_lets_the_next_run_anonymise(cohort):
    legal_hold_lift(actor=cohort.leader, participant=cohort.held, reason="Claim settled")
    run("--apply", "--today", TODAY)
    assert Participant.objects.get(pk=cohort.held.pk).given_name == "Anonymised"
    assert "HELDTAG" not in repr(snapshot())


def test_a_shared_employer_contact_keeps_its_note_one_about_the_person_alone_loses_it(cohort):
    shared = EmployerContact.objects.create(
        employer=Job.objects.get(participant=cohort.due).employer, specialist=cohort.due.allocated_specialist,
        contact_date=OLD.job_start, face_to_face=True, purpose="follow_up", note="Joint visit about two people",
    )  # fmt: skip
    shared.participants_discussed.add(cohort.due, cohort.recent)
    run("--apply", "--today", TODAY)
    shared.refresh_from_db()
    assert shared.note == "Joint visit about two people"
    assert not EmployerContact.objects.filter(note__contains="DUETAG").exists()


@pytest.mark.parametrize(
    ("ended", "due"),
    [
        (datetime.date(2019, 1, 1), False),  # exactly 6 years before 1 January 2025: kept through that day
        (datetime.date(2018, 12, 31), True),  # 6 years and a day
        (datetime.date(2019, 1, 2), False),
    ],
)
def test_boundary_at_exactly_the_retention_period(db, settings, ended, due):
    settings.IPSGATE_RETENTION_YEARS = 6
    person = factories.ParticipantFactory.create(given_name="Boundary")
    referral = factories.AcceptedReferralFactory.create(
        participant=person, referral_date=datetime.date(2018, 6, 1), outcome_date=datetime.date(2018, 6, 5)
    )
    Episode.objects.create(
        participant=person, referral=referral, start_date=datetime.date(2018, 6, 5), end_date=ended,
        closure_reason="moved_away",
    )  # fmt: skip
    run("--apply", "--today", TODAY)
    assert (Participant.objects.get(pk=person.pk).given_name == "Anonymised") is due


def test_a_later_referral_decision_restarts_the_period(db, settings):
    settings.IPSGATE_RETENTION_YEARS = 6
    person = factories.ParticipantFactory.create(given_name="Rereferred")
    factories.ClosedEpisodeFactory.create(participant=person, referral__referral_date=datetime.date(2016, 1, 1))
    factories.ReferralFactory.create(participant=person, declined=True, referral_date=datetime.date(2022, 1, 1))
    run("--apply", "--today", TODAY)
    assert Participant.objects.get(pk=person.pk).given_name == "Rereferred"


def test_either_dry_run_or_apply_is_required(db):
    with pytest.raises(CommandError):
        run("--today", TODAY)
    with pytest.raises(CommandError):
        run("--dry-run", "--today", "1 January 2025")


def test_apply_refuses_a_day_in_the_future_but_a_dry_run_may_look_ahead(cohort):
    before = snapshot()
    with pytest.raises(CommandError, match="cannot be later than today"):
        run("--apply", "--today", "2999-01-01")
    assert snapshot() == before
    assert "Due for anonymisation: 2" in run("--dry-run", "--today", "2999-01-01")  # not the open or held ones


def test_blank_text_suits_plain_and_encrypted_fields(settings):
    settings.SALT_KEY = getattr(settings, "SALT_KEY", "test-salt")  # the package reads it when a field is made
    from django.db import models
    from encrypted_fields.fields import EncryptedCharField, EncryptedTextField

    from ipsgate.privacy.retention import blank_text

    assert blank_text(models.TextField(blank=True)) == ""
    assert blank_text(models.CharField(max_length=10)) == "Removed"
    # Encrypted fields store "" as NULL: NULL where allowed, otherwise the placeholder (never a NOT NULL error).
    assert blank_text(EncryptedTextField(blank=True, null=True)) is None
    assert blank_text(EncryptedTextField(blank=True)) == "Removed"
    assert blank_text(EncryptedCharField(max_length=50)) == "Removed"


def test_no_unique_free_text_field_would_be_blanked():
    """Blanking a unique text field on many records would break its constraint: each must be kept on purpose."""
    from ipsgate.privacy.discovery import related_models
    from ipsgate.privacy.retention import KEPT_FIELDS, blanking_updates

    for related in related_models():
        updates = blanking_updates(related.model)
        for field in related.model._meta.concrete_fields:
            if field.unique and not field.primary_key and field.name in updates:
                pytest.fail(f"{related.label}.{field.name} is unique but would be blanked; add it to KEPT_FIELDS")
        for label, fields in KEPT_FIELDS.items():
            model_fields = {f.name for f in apps.get_model(label)._meta.concrete_fields}
            assert set(fields) <= model_fields, f"{label}: KEPT_FIELDS names a field that does not exist"
