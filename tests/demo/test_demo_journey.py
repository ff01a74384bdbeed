"""The demo exercises every phase and every reminder on specialist1's caseload, and the walkthrough works:
open the person due for release, see why the meeting is due, record it, watch the task go."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ipsgate.casework.selectors import with_case_flags
from ipsgate.core.models import User
from ipsgate.demo.generator import generate_service
from ipsgate.journey.models import CustodyEvent, VocationalProfile
from ipsgate.journey.selectors import phase_of, tasks_of, with_task_facts
from ipsgate.people.models import Participant
from ipsgate.people.selectors import caseload_for
from ipsgate.rules.phase import Phase
from ipsgate.rules.reminders import TaskKind
from tests.conftest import sign_in_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def specialist1() -> User:
    generate_service(people=60, seed=11, as_of=timezone.localdate(), demo=True)
    return User.objects.get(username="specialist1")


def test_every_phase_and_every_reminder_is_on_show(specialist1):
    today = timezone.localdate()
    caseload = list(with_task_facts(caseload_for(specialist1)))
    phases = {phase_of(p, today=today).phase for p in caseload}
    kinds = {task.kind for p in caseload for task in tasks_of(p, today=today)}
    closed = with_task_facts(with_case_flags(Participant.objects.filter(episodes__end_date__isnull=False)))
    phases |= {phase_of(p, today=today).phase for p in closed}
    assert phases == set(Phase)
    assert kinds == set(TaskKind)
    assert CustodyEvent.objects.filter(kind="recalled").exists()
    assert VocationalProfile.objects.count() > 0


def test_walkthrough_record_the_pre_release_meeting(specialist1):
    client = Client()
    sign_in_verified(client, specialist1)
    daniel = Participant.objects.get(prison_number="A4821DQ")
    page = client.get(reverse("people:participant-detail", args=[daniel.pk])).content.decode()
    assert "Meet face to face before release" in page
    todo_rows = client.get(reverse("journey:todo")).content.decode().split("<tr")
    assert any("Daniel Okoro" in row and "Meet face to face before release" in row for row in todo_rows)
    assert f"Release is expected on {daniel.expected_release_date:%-d %B %Y}" in page
    now = timezone.localtime()
    response = client.post(
        reverse("journey:contact-add", args=[daniel.pk]),
        {
            "occurred_on_day": now.day, "occurred_on_month": now.month, "occurred_on_year": now.year,
            "time": f"{now:%H:%M}", "took_place": "yes", "contact_with": "participant", "mode": "in_prison",
            "duration_minutes": "40", "topics": ["release_planning"], "note": "Pre-release meeting on the wing.",
        },
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("people:participant-detail", args=[daniel.pk])).content.decode()
    assert "Meet face to face before release" not in page
    assert "Pre-release meeting on the wing." in page  # on the timeline
    todo_rows = client.get(reverse("journey:todo")).content.decode().split("<tr")
    assert not any("Daniel Okoro" in row and "Meet face to face before release" in row for row in todo_rows)


def test_walkthrough_matching_before_release_and_below_the_minimum_wage(specialist1):
    """Issue 16 items 3 and 4 in the demo: Daniel Okoro, 12 days from release, is offered warehouse work that starts
    after his release although it is not open to ROTL; a vacancy paying £12.63 an hour is ruled out and flagged."""
    client = Client()
    sign_in_verified(client, specialist1)
    daniel = Participant.objects.get(prison_number="A4821DQ")
    html = client.get(reverse("employers:matching", args=[daniel.pk])).content.decode()
    suitable, not_suitable = html.split("Not suitable (")
    row = next(row for row in suitable.split("<tr") if "Warehouse operative (new site opening)" in row)
    assert "After release" in row and "after the expected release" in row
    assert "Picker packer (seasonal)" in not_suitable and "£12.63 an hour is below the minimum wage" in not_suitable
    rows = client.get(reverse("employers:vacancy-list"), {"q": "Picker packer"}).content.decode().split("<tr")
    assert "Below the minimum wage" in next(row for row in rows if "Picker packer (seasonal)" in row)


def test_better_off_in_work_opens_with_the_latest_checks_answers(specialist1):
    """Issue 16 item 13 in the demo: specialist1's person in work has two saved checks; the page starts the next
    "what if" from the latest one's answers."""
    from ipsgate.advice.models import BetterOffCheck

    checks = BetterOffCheck.objects.filter(created_by=specialist1)
    assert checks.count() == 2
    latest = checks.first()
    assert latest is not None and latest.label == "What if 30 hours"
    client = Client()
    sign_in_verified(client, specialist1)
    page = client.get(reverse("advice:better-off", args=[latest.participant_id])).content.decode()
    assert 'value="What if 30 hours"' in page and 'value="475.00"' in page
    assert "Saved checks" in page and page.count("?check=") >= 2
