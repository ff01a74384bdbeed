"""Released with ID, a bank account and settled accommodation (issue 16 item 17) and job starts for women and men
(item 18) on the outcome dashboard, on a small hand-built service with the answers worked out by hand.

Period: 1 January to 30 June 2025.
Released (release readiness):
  A released 10 Feb: photo ID obtained 1 Feb, bank account opened 5 Feb, settled accommodation: all three.
  B released 1 Mar: ID obtained 5 Mar (after release: not released with ID), bank opened 20 Feb, temporary.
  C released 1 Apr: nothing on the checklist, settled accommodation.
  D released 1 Aug (after the period): not counted.
  -> released 3; with ID 1; with a bank account 2; settled 2; all three 1.
By sex (all on the caseload from 1 Dec 2024, none in work at the start):
  women W1 (job start 10 Mar), W2 (none); men M1 (1 Feb), M2 (1 May), M3 (none);
  not recorded U1 (1 Mar), not said U2 (none).
  -> women 1 into work, 1 start, 1 of 2 (50%); men 2, 2, 2 of 3 (66.7%); others 1, 1, 1 of 2 (50%).
"""

from __future__ import annotations

import datetime

import pytest

from ipsgate.outcomes import metrics as m
from ipsgate.outcomes.metrics import Period
from ipsgate.outcomes.tables import build_dashboard
from ipsgate.people.models import Participant
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date
PERIOD = Period(D(2025, 1, 1), D(2025, 6, 30))


def released(on: datetime.date, **kwargs) -> Participant:
    return factories.ParticipantFactory.create(released=True, actual_release_date=on, **kwargs)


def checklist(person, *, id_on=None, bank_on=None):
    from ipsgate.journey.models import ReleaseChecklist

    specialist = factories.SpecialistFactory.create()
    ReleaseChecklist.objects.create(
        participant=person,
        id_document="passport" if id_on else "",
        id_status="done" if id_on else "not_started",
        id_on=id_on,
        bank_account_status="done" if bank_on else "not_started",
        bank_account_on=bank_on,
        updated_by=specialist,
        updated_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )


@pytest.fixture
def readiness_service():
    a = released(D(2025, 2, 10))
    checklist(a, id_on=D(2025, 2, 1), bank_on=D(2025, 2, 5))
    factories.ContactDetailsFactory.create(participant=a, accommodation_status="settled")
    b = released(D(2025, 3, 1))
    checklist(b, id_on=D(2025, 3, 5), bank_on=D(2025, 2, 20))
    factories.ContactDetailsFactory.create(participant=b, accommodation_status="temporary")
    c = released(D(2025, 4, 1))
    factories.ContactDetailsFactory.create(participant=c, accommodation_status="settled")
    d = released(D(2025, 8, 1))
    checklist(d, id_on=D(2025, 7, 1), bank_on=D(2025, 7, 1))
    factories.ContactDetailsFactory.create(participant=d, accommodation_status="settled")


def test_release_readiness_counts(readiness_service):
    found = m.release_readiness(Participant.objects.all(), PERIOD)
    assert found == m.ReleaseReadiness(released=3, with_id=1, with_bank_account=2, settled=2, all_three=1)


@pytest.fixture
def sex_service():
    def person(sex: str, job_on: datetime.date | None) -> None:
        participant = factories.ParticipantFactory.create(released=True, sex=sex)
        factories.EpisodeFactory.create(participant=participant, start_date=D(2024, 12, 1))
        if job_on:
            factories.JobFactory.create(participant=participant, start_date=job_on, first_four_paid_hours_done=job_on)

    for sex, job_on in (
        ("female", D(2025, 3, 10)),
        ("female", None),
        ("male", D(2025, 2, 1)),
        ("male", D(2025, 5, 1)),
        ("male", None),
        ("", D(2025, 3, 1)),
        ("not_said", None),
    ):
        person(sex, job_on)


def test_job_starts_for_women_and_men(sex_service):
    groups = dict(m.by_sex(Participant.objects.all(), PERIOD))
    women, men, others = groups["Women"], groups["Men"], groups["Not recorded, or prefers not to say"]
    assert (women.job_starts.people, women.job_starts.starts, women.employment_rate) == (1, 1, m.Ratio(1, 2))
    assert (men.job_starts.people, men.job_starts.starts, men.employment_rate) == (2, 2, m.Ratio(2, 3))
    assert (others.job_starts.people, others.job_starts.starts, others.employment_rate) == (1, 1, m.Ratio(1, 2))


def test_the_tables_show_them_with_small_numbers_suppressed_for_analysts(sex_service, readiness_service):
    everyone = Participant.objects.all()
    shown = build_dashboard(everyone, PERIOD, m.GroupBy.SERVICE, suppress=False)
    assert shown.by_sex is not None and shown.release is not None
    by_sex = {row[0].text: [cell.text for cell in row[1:]] for row in shown.by_sex.rows}
    assert by_sex["Men"] == ["2", "2", "3", "2", "66.7%"]
    release = {row[0].text: [cell.text for cell in row[1:]] for row in shown.release.rows}
    assert release["Released in the period"][0] == "3"  # the sex table's people were released 30 days ago
    assert release["With all three"] == ["1", "33.3%"]
    hidden = build_dashboard(everyone, PERIOD, m.GroupBy.SERVICE, suppress=True)
    assert hidden.by_sex is not None
    by_sex = {row[0].text: [cell.text for cell in row[1:]] for row in hidden.by_sex.rows}
    assert by_sex["Men"] == ["<5", "<5", "<5", "<5", "not shown"]
    assert {table.slug for table in hidden.tables} >= {"release-readiness", "by-sex"}
