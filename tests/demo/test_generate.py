"""`ipsgate generate` is deterministic for a seed and builds a coherent service."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ipsgate.core.models import Site, Team, User
from ipsgate.employers.models import Employer, Vacancy
from ipsgate.jobs.models import Application, Job
from ipsgate.journey.models import SupportContact
from ipsgate.people.models import Episode, Participant, Referral

pytestmark = pytest.mark.django_db

AS_OF = "2026-11-25"


def snapshot() -> dict[str, list[tuple]]:
    """Every generated row by natural keys (database ids differ between runs, so they are left out)."""
    return {
        "sites": list(Site.objects.order_by("name").values_list("name", "kind", "prison_code")),
        "staff": list(User.objects.order_by("username").values_list("username", "role", "site__name", "team__name")),
        "teams": list(Team.objects.order_by("name").values_list("name", "leader__username", "sites__name")),
        "participants": list(
            Participant.objects.order_by("prison_number").values_list(
                "prison_number",
                "given_name",
                "family_name",
                "preferred_name",
                "date_of_birth",
                "current_site__name",
                "custody_status",
                "expected_release_date",
                "actual_release_date",
                "allocated_specialist__username",
                "probation_practitioner__username",
            )
        ),
        "referrals": list(
            Referral.objects.order_by("participant__prison_number").values_list(
                "participant__prison_number",
                "source",
                "referral_date",
                "referrer_name",
                "wants_paid_work",
                "outcome",
                "outcome_date",
                "received_by__username",
            )
        ),
        "episodes": list(
            Episode.objects.order_by("participant__prison_number").values_list(
                "participant__prison_number", "start_date", "end_date", "closure_reason"
            )
        ),
        "jobs": list(
            Job.objects.order_by("participant__prison_number", "start_date", "job_title", "employer__name").values_list(
                "participant__prison_number",
                "employer__name",
                "job_title",
                "start_date",
                "end_date",
                "hours_per_week",
                "hourly_pay",
                "competitive",
            )
        ),
        "contacts": list(
            # Ordered by every compared column: two contacts can share a time, and ties have no order.
            SupportContact.objects.order_by(
                "participant__prison_number",
                "occurred_at",
                "mode",
                "contact_with",
                "took_place",
                "duration_minutes",
                "recorded_by__username",
            ).values_list(
                "participant__prison_number",
                "occurred_at",
                "contact_with",
                "mode",
                "took_place",
                "duration_minutes",
                "recorded_by__username",
            )
        ),
    }


def wipe() -> None:
    SupportContact.objects.all().delete()
    Job.objects.all().delete()
    Application.objects.all().delete()
    Vacancy.objects.all().delete()
    Employer.objects.all().delete()
    Episode.objects.all().delete()
    Referral.objects.all().delete()
    Participant.objects.all().delete()
    Team.objects.all().delete()
    User.objects.all().delete()
    Site.objects.all().delete()


def generate(seed: int, people: int = 300) -> str:
    out = StringIO()
    call_command(
        "generate", "--people", str(people), "--seed", str(seed), "--as-of", AS_OF, "--no-progress", stdout=out
    )
    return out.getvalue()


def test_same_seed_gives_identical_data():
    generate(seed=1)
    first = snapshot()
    wipe()
    generate(seed=1)
    assert snapshot() == first
    assert len(first["participants"]) == 300


def test_different_seed_gives_different_data():
    generate(seed=1)
    first = snapshot()
    wipe()
    generate(seed=2)
    assert snapshot()["participants"] != first["participants"]


def test_generated_service_is_coherent():
    output = generate(seed=7, people=500)
    assert "Generated 500 participants" in output
    as_of = datetime.date.fromisoformat(AS_OF)
    # Every stage of the journey is present.
    assert Referral.objects.filter(outcome="").exists()  # referred, awaiting a decision
    assert Participant.objects.filter(custody_status="in_custody", episodes__end_date__isnull=True).exists()
    assert Participant.objects.filter(actual_release_date__gte=as_of - datetime.timedelta(days=14)).exists()
    assert Job.objects.filter(end_date__isnull=True).exists()
    assert Episode.objects.filter(end_date__isnull=False).exists()
    # Release dates are spread either side of the as-of day.
    assert Participant.objects.filter(expected_release_date__gt=as_of).exists()
    assert Participant.objects.filter(actual_release_date__lt=as_of).exists()
    # Nothing is dated in the future except expected releases.
    assert not Referral.objects.filter(referral_date__gt=as_of).exists()
    assert not Job.objects.filter(start_date__gt=as_of).exists()
    assert not Participant.objects.filter(actual_release_date__gt=as_of).exists()
    # Everyone in custody is at a prison and allocated to a specialist.
    assert not Participant.objects.filter(custody_status="in_custody").exclude(current_site__kind="prison").exists()
    assert not Participant.objects.filter(allocated_specialist__isnull=True).exists()
    # Generated staff cannot log in.
    assert not any(user.has_usable_password() for user in User.objects.all())


def test_refuses_a_database_that_already_holds_a_service():
    generate(seed=1, people=20)
    with pytest.raises(CommandError, match="empty database"):
        generate(seed=1, people=20)


@pytest.mark.parametrize("people", ["0", "-5", "1000001"])
def test_rejects_out_of_range_people(people):
    with pytest.raises(CommandError, match="--people"):
        call_command("generate", "--people", people, "--no-progress", stdout=StringIO())
    assert not Participant.objects.exists()


def test_national_preset_takes_explicit_flags_over_its_own():
    out = StringIO()
    call_command(
        "generate", "--national", "--people", "40", "--employers", "3", "--vacancies", "25", "--contacts-per-person",
        "2", "--as-of", AS_OF, "--no-progress", stdout=out,
    )  # fmt: skip
    assert "Generated 40 participants" in out.getvalue()
    assert Vacancy.objects.count() == 25
    assert Employer.objects.count() == 16 + 3  # the employers jobs need, then the extra ones


def test_national_preset_means_the_national_dataset():
    from ipsgate.demo.management.commands.generate import NATIONAL

    assert NATIONAL == {"people": 100_000, "contacts_per_person": 24.0, "employers": 20_000, "vacancies": 200_000}


def test_people_or_national_is_required():
    with pytest.raises(CommandError, match="--national"):
        call_command("generate", "--no-progress", stdout=StringIO())
