"""`ipsgate reminders`: records a notification per live task, once; the enqueued path (run at once by the test
settings' ImmediateBackend) records the same; To do shows new reminders once."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ipsgate.core.models import User
from ipsgate.journey.models import ReminderNotification
from ipsgate.rules.reminders import TaskKind
from tests import factories
from tests.journey.test_tasks_on_pages import setup_due_soon

pytestmark = pytest.mark.django_db

TODO_URL = reverse("journey:todo")


@pytest.fixture
def caseloads(specialist):
    """Two specialists with live tasks, one with nothing to do, and one inactive specialist with tasks."""
    due_soon = setup_due_soon(specialist)  # meet before release, get back in touch, start the profile
    colleague = factories.SpecialistFactory.create(site=specialist.site)
    new_referral = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=colleague)
    factories.ReferralFactory.create(participant=new_referral, referral_date=factories.days_ago(2))  # first contact
    idle = factories.SpecialistFactory.create(site=specialist.site)
    finished = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=idle)
    factories.ClosedEpisodeFactory.create(participant=finished)  # support ended: no tasks
    gone = factories.SpecialistFactory.create(site=specialist.site, is_active=False)
    factories.ReferralFactory.create(
        participant=factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=gone),
        referral_date=factories.days_ago(2),
    )
    return {"specialist": specialist, "colleague": colleague, "idle": idle, "due_soon": due_soon,
            "new_referral": new_referral}  # fmt: skip


def expected_rows(caseloads) -> set[tuple[int, int, str, datetime.date]]:
    today = factories.today()
    specialist, colleague = caseloads["specialist"], caseloads["colleague"]
    due_soon, new_referral = caseloads["due_soon"], caseloads["new_referral"]
    return {
        (specialist.pk, due_soon.pk, TaskKind.PRE_RELEASE_MEETING.value, today + datetime.timedelta(days=11)),
        (specialist.pk, due_soon.pk, TaskKind.KEEP_IN_TOUCH.value, today - datetime.timedelta(days=21)),
        (specialist.pk, due_soon.pk, TaskKind.START_PROFILE.value, today - datetime.timedelta(days=21)),
        # Nothing on the ready-for-release checklist, release in 12 days: due a week before release (issue 16).
        (specialist.pk, due_soon.pk, TaskKind.RELEASE_CHECKLIST.value, today + datetime.timedelta(days=5)),
        (colleague.pk, new_referral.pk, TaskKind.FIRST_CONTACT.value, today + datetime.timedelta(days=5)),
    }


def rows() -> set[tuple[int, int, str, datetime.date]]:
    return set(ReminderNotification.objects.values_list("recipient_id", "participant_id", "task_kind", "due_date"))


def run(*args: str) -> str:
    out = StringIO()
    call_command("reminders", *args, stdout=out)
    return out.getvalue()


def active_specialists() -> int:
    return User.objects.filter(role="specialist", is_active=True).count()


def test_now_records_one_reminder_per_live_task_and_rerunning_records_none(caseloads):
    first = run("--now")
    assert rows() == expected_rows(caseloads)
    assert first.strip() == f"{active_specialists()} specialists, 5 tasks due, 5 new reminders recorded."
    reminder = ReminderNotification.objects.get(task_kind=TaskKind.PRE_RELEASE_MEETING.value)
    assert reminder.read_at is None
    assert reminder.reason.startswith("Release is expected on")
    assert reminder.key == f"u{caseloads['specialist'].pk}:p{caseloads['due_soon'].pk}:pre-release-meeting:" + (
        factories.days_ahead(11).isoformat()
    )

    snapshot = list(ReminderNotification.objects.order_by("pk").values())
    second = run("--now")
    assert second.strip() == f"{active_specialists()} specialists, 5 tasks due, 0 new reminders recorded."
    assert list(ReminderNotification.objects.order_by("pk").values()) == snapshot


def test_a_new_task_after_a_run_is_the_only_new_reminder(caseloads):
    run("--now")
    later = factories.ParticipantFactory.create(
        current_site=caseloads["specialist"].site, allocated_specialist=caseloads["specialist"]
    )
    factories.ReferralFactory.create(participant=later, referral_date=factories.today())
    assert "6 tasks due, 1 new reminders recorded." in run("--now")
    assert ReminderNotification.objects.filter(participant=later).count() == 1


def test_enqueued_run_records_the_same_reminders(caseloads):
    out = run()
    assert out.strip() == (f"Enqueued reminders for {active_specialists()} specialists; `ipsgate worker` records them.")
    assert rows() == expected_rows(caseloads)
    assert "0 new reminders recorded." in run("--now")  # the same keys: nothing twice


def test_today_option_moves_the_horizon(caseloads):
    """Twelve days from now the release is past due, the first contact is overdue; nothing is recorded twice."""
    run("--today", factories.days_ahead(12).isoformat(), "--now")
    kinds = {kind for _, _, kind, _ in rows()}
    assert TaskKind.PRE_RELEASE_MEETING.value in kinds
    assert TaskKind.FIRST_CONTACT.value in kinds


def test_a_date_before_anything_opens_records_nothing(caseloads):
    assert "0 tasks due, 0 new reminders recorded." in run("--today", "2000-01-01", "--now")
    assert not ReminderNotification.objects.exists()


@pytest.mark.parametrize("bad", ["2026-13-01", "25/11/2026", "tomorrow"])
def test_a_bad_today_is_refused(caseloads, bad):
    with pytest.raises(CommandError, match="--today must be a date like"):
        run("--today", bad, "--now")
    with pytest.raises(CommandError):
        run("--today", bad)
    assert not ReminderNotification.objects.exists()


def test_todo_shows_new_reminders_once_and_marks_them_read(make_client, caseloads):
    run("--now")
    specialist, colleague = caseloads["specialist"], caseloads["colleague"]
    client = make_client(specialist)

    page = client.get(TODO_URL).content.decode()
    assert "4 new reminders since you last looked." in page
    # Reading the page writes nothing: the reminders stay new until the person marks them read.
    assert (
        ReminderNotification.objects.filter(recipient=specialist, read_at__isnull=True).count() == 4
    )  # a GET writes nothing
    assert "4 new reminders" in client.get(TODO_URL).content.decode()
    assert client.post(TODO_URL).status_code == 302  # "Mark as read"
    assert not ReminderNotification.objects.filter(recipient=specialist, read_at__isnull=True).exists()
    assert ReminderNotification.objects.filter(recipient=colleague, read_at__isnull=True).count() == 1  # not theirs

    page = client.get(TODO_URL).content.decode()
    assert "since you last looked" not in page
    assert "Meet face to face before release" in page  # the tasks themselves stay until they are done

    colleague_page = make_client(colleague).get(TODO_URL).content.decode()
    assert "1 new reminder since you last looked." in colleague_page


def test_reading_todo_before_the_next_run_shows_only_the_newer_reminders(make_client, caseloads):
    specialist = caseloads["specialist"]
    run("--now")
    client = make_client(specialist)
    client.post(TODO_URL)
    later = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    factories.ReferralFactory.create(participant=later, referral_date=factories.today())
    run("--now")
    assert "1 new reminder since you last looked." in client.get(TODO_URL).content.decode()
