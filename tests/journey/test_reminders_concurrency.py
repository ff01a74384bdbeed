"""Two reminder runs at the same moment (cron overlapping a worker) record each reminder once, without errors.

The race is made deterministic: the second run's check for existing reminders is made blind (as if the first
run had not committed yet when it looked), so only the unique key and the conflict-ignoring insert protect it.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from ipsgate.journey.models import ReminderNotification
from ipsgate.journey.reminders import record_reminders_for
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_run_that_missed_the_other_runs_rows_still_records_each_reminder_once(monkeypatch):
    specialist = factories.SpecialistFactory.create()
    for _ in range(5):  # referred 10 days ago, never contacted: a first-contact task each
        factories.ReferralFactory.create(
            participant__current_site=specialist.site,
            participant__allocated_specialist=specialist,
            referral_date=factories.days_ago(10),
        )
    today = timezone.localdate()
    assert record_reminders_for(specialist, today=today) == (5, 5)

    manager = ReminderNotification.objects
    monkeypatch.setattr(manager, "filter", lambda *args, **kwargs: manager.none())
    record_reminders_for(specialist, today=today)  # must not raise

    monkeypatch.undo()
    assert ReminderNotification.objects.count() == 5
    assert ReminderNotification.objects.values("key").distinct().count() == 5
