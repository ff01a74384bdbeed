"""Arms at referral and random allocation: recorded inside the referral's transaction, concealed until saved."""

from __future__ import annotations

import datetime
import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse

from ipsgate.casework import services as casework_services
from ipsgate.evaluation.choices import AllocationMethod
from ipsgate.evaluation.models import Allocation, TrialConfiguration
from ipsgate.evaluation.services import RANDOM, allocation_record, stratum_key, trial_start
from ipsgate.people.choices import CustodyStatus, ReferralSource
from ipsgate.people.models import Participant, Referral
from ipsgate.rules.randomisation import Arm, sequence
from tests import factories
from tests.conftest import date_fields

REFERRAL_URL = reverse("people:referral-create")


def seed_for(site_id: int, first: Arm) -> str:
    for n in range(100):
        seed = f"seed-{n}"
        if sequence(seed, stratum_key(site_id), 1)[0] == first:
            return seed
    raise AssertionError("no seed found")


@pytest.fixture
def referral_data(specialist):
    today = factories.today()
    return {
        "wants_paid_work": "yes",
        "given_name": "Alex",
        "family_name": "Example",
        "preferred_name": "",
        **date_fields("date_of_birth", datetime.date(1990, 3, 27)),
        "prison_number": "A1234BC",
        "current_site": str(specialist.site_id),
        "custody_status": "in_custody",
        **date_fields("expected_release_date", today + datetime.timedelta(days=60)),
        "source": "prison_mental_health",
        **date_fields("referral_date", today),
        "referrer_name": "Dr Ref",
        "referrer_organisation": "In-reach",
        "allocated_specialist": str(specialist.pk),
        "evaluation_arm": RANDOM,
        "mentoring": "yes",
    }


def details(specialist, site, n: int, *, arm: str = RANDOM, mentoring: bool = False, reason: str = ""):
    return casework_services.ReferralDetails(
        wants_paid_work=True,
        given_name=f"Person{n}",
        family_name="Example",
        preferred_name="",
        date_of_birth=datetime.date(1990, 1, 1),
        prison_number="",
        current_site=site,
        custody_status=CustodyStatus.IN_COMMUNITY,
        expected_release_date=None,
        source=ReferralSource.SELF,
        referral_date=factories.today(),
        referrer_name="Self",
        referrer_organisation="",
        allocated_specialist=specialist,
        evaluation_arm=arm,
        mentoring=mentoring,
        override_reason=reason,
    )


def without_csrf(html: str) -> str:
    """The page without what changes on every response anyway: the CSRF token and any CSP nonce."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


@pytest.mark.django_db
def test_random_option_only_while_a_trial_is_active(specialist_client):
    html = specialist_client.get(REFERRAL_URL).content.decode()
    assert 'value="IPS"' in html and 'value="SAU"' in html
    assert f'value="{RANDOM}"' not in html
    trial_start(name="Trial", seed="s")
    html = specialist_client.get(REFERRAL_URL).content.decode()
    assert f'value="{RANDOM}"' in html


@pytest.mark.django_db
def test_the_form_page_is_the_same_whatever_the_next_allocation_and_consumes_nothing(specialist_client, specialist):
    pages = []
    for first in (Arm.IPS, Arm.SAU):
        TrialConfiguration.objects.update(active=False)
        seed = seed_for(specialist.site_id, first)
        trial_start(name=f"Trial {first}", seed=seed)
        html = specialist_client.get(REFERRAL_URL).content.decode()
        assert seed not in html
        pages.append(without_csrf(html))
    assert pages[0] == pages[1], "the referral form must not depend on the next allocation"
    assert Allocation.objects.count() == 0


@pytest.mark.django_db
def test_an_invalid_form_consumes_no_allocation(specialist_client, specialist, referral_data):
    trial = trial_start(name="Trial", seed="seed-x")
    bad = {**referral_data, "given_name": ""}
    response = specialist_client.post(REFERRAL_URL, bad)
    assert response.status_code == 200
    assert Allocation.objects.count() == 0 and Referral.objects.count() == 0
    html = response.content.decode()
    assert "Evaluation arm:" not in html  # no arm was drawn, so none can be shown

    response = specialist_client.post(REFERRAL_URL, referral_data, follow=True)
    allocation = Allocation.objects.get()
    expected = sequence("seed-x", stratum_key(specialist.site_id), 1)[0]
    assert (allocation.sequence_position, allocation.arm) == (0, expected.value)
    assert allocation.trial == trial and allocation.method == AllocationMethod.RANDOM
    assert allocation.mentoring is True and allocation.allocated_by == specialist
    assert allocation.stratum_site_id == specialist.site_id
    # Shown only now, after saving.
    label = "IPS (Individual Placement and Support)" if expected == Arm.IPS else "Service as usual"
    assert f"Evaluation arm: {label} (random allocation)" in response.content.decode()


@pytest.mark.django_db
def test_missing_arm_is_a_form_error(specialist_client, referral_data):
    del referral_data["evaluation_arm"]
    del referral_data["mentoring"]
    html = specialist_client.post(REFERRAL_URL, referral_data).content.decode()
    assert "Select the evaluation arm, or allocate at random" in html
    assert "Select yes if the person will be offered peer mentoring" in html
    assert Participant.objects.count() == 0


@pytest.mark.django_db
def test_random_without_an_active_trial_is_refused_and_writes_nothing(specialist_client, referral_data):
    # The choice is not offered with no trial; a stale form posting it gets the field error and nothing is saved.
    html = specialist_client.post(REFERRAL_URL, referral_data).content.decode()
    assert "Select the evaluation arm, or allocate at random" in html
    assert Participant.objects.count() == 0


@pytest.mark.django_db
def test_trial_stopped_between_form_and_save_rolls_the_referral_back(specialist, prison):
    with pytest.raises(ValidationError):
        casework_services.participant_refer(actor=specialist, details=details(specialist, prison, 1))
    assert Participant.objects.count() == 0 and Referral.objects.count() == 0


@pytest.mark.django_db
def test_chosen_arm_is_recorded_without_a_trial_position(specialist, prison):
    referral = casework_services.participant_refer(
        actor=specialist, details=details(specialist, prison, 1, arm="SAU", mentoring=True)
    )
    allocation = referral.allocation
    assert (allocation.arm, allocation.method, allocation.trial, allocation.sequence_position) == (
        "SAU",
        AllocationMethod.CHOSEN,
        None,
        None,
    )
    assert allocation.mentoring


@pytest.mark.django_db
def test_allocations_follow_each_sites_own_sequence(specialist, prison, other_prison):
    trial_start(name="Trial", seed="per-site", block_sizes="4,6")
    for n in range(14):
        casework_services.participant_refer(actor=specialist, details=details(specialist, prison, n))
    for n in range(5):
        casework_services.participant_refer(actor=specialist, details=details(specialist, other_prison, 100 + n))
    at_prison = Allocation.objects.filter(stratum_site=prison).order_by("sequence_position")
    assert [a.sequence_position for a in at_prison] == list(range(14))
    assert [a.arm for a in at_prison] == [arm.value for arm in sequence("per-site", stratum_key(prison.pk), 14)]
    at_other = Allocation.objects.filter(stratum_site=other_prison).order_by("sequence_position")
    assert [a.arm for a in at_other] == [arm.value for arm in sequence("per-site", stratum_key(other_prison.pk), 5)]


@pytest.mark.django_db
def test_a_sequence_position_cannot_be_used_twice(specialist, prison):
    trial = trial_start(name="Trial", seed="s")
    referral = casework_services.participant_refer(actor=specialist, details=details(specialist, prison, 1))
    other = factories.ReferralFactory.create(participant__current_site=prison)
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(
            referral=other,
            arm="IPS",
            mentoring=False,
            method=AllocationMethod.RANDOM,
            trial=trial,
            stratum_site=prison,
            sequence_position=referral.allocation.sequence_position,
            allocated_by=specialist,
        )


@pytest.mark.django_db
def test_unknown_choice_is_refused(specialist, prison):
    referral = factories.ReferralFactory.create(participant__current_site=prison)
    with pytest.raises(ValidationError):
        allocation_record(actor=specialist, referral=referral, choice="placebo", mentoring=False)


@pytest.mark.django_db
def test_trial_command_starts_and_stops(capsys):
    call_command("evaluation_trial", "start", "Pilot", "--blocks", "4,6")
    trial = TrialConfiguration.objects.get(active=True)
    assert trial.name == "Pilot" and len(trial.seed) == 32
    assert trial.seed not in capsys.readouterr().out  # the seed is recorded, not printed
    call_command("evaluation_trial", "stop")
    assert not TrialConfiguration.objects.filter(active=True).exists()


@pytest.mark.django_db
def test_odd_block_sizes_are_refused():
    with pytest.raises(ValidationError):
        trial_start(name="Bad", block_sizes="3,5")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs real concurrent connections; SQLite's in-memory test database serialises in one process",
)
def test_referrals_saved_at_once_get_distinct_positions():
    site = factories.SiteFactory.create()
    specialist = factories.SpecialistFactory.create(site=site)
    trial_start(name="Trial", seed="concurrent")
    writers = 6
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(n: int) -> None:
        try:
            start.wait()
            casework_services.participant_refer(actor=specialist, details=details(specialist, site, n))
        except BaseException as error:  # noqa: BLE001 - reported to the main thread below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    positions = sorted(p for p in Allocation.objects.values_list("sequence_position", flat=True) if p is not None)
    assert positions == list(range(writers))


# Issue 15 §9: while a trial runs, the arm is drawn, not chosen; only a team leader may override, with a reason.


@pytest.mark.django_db
@pytest.mark.parametrize("arm", ["IPS", "SAU"])
def test_while_a_trial_runs_a_specialist_cannot_choose_the_arm(specialist, prison, arm):
    trial_start(name="Trial", seed="s")
    with pytest.raises(ValidationError) as refused:
        casework_services.participant_refer(actor=specialist, details=details(specialist, prison, 1, arm=arm))
    assert refused.value.message_dict == {"evaluation_arm": ["Random allocation is running. Allocate at random"]}
    assert Participant.objects.count() == 0 and Allocation.objects.count() == 0


@pytest.mark.django_db
def test_while_a_trial_runs_the_form_offers_a_specialist_random_allocation_only(specialist_client, referral_data):
    trial_start(name="Trial", seed="s")
    html = specialist_client.get(REFERRAL_URL).content.decode()
    assert f'value="{RANDOM}"' in html
    assert 'value="IPS"' not in html and 'value="SAU"' not in html
    assert "override_reason" not in html
    response = specialist_client.post(REFERRAL_URL, {**referral_data, "evaluation_arm": "IPS"})
    assert "Select the evaluation arm, or allocate at random" in response.content.decode()
    assert Participant.objects.count() == 0


@pytest.mark.django_db
def test_a_team_leader_overrides_with_a_reason_and_it_is_audited(make_client, prison, referral_data):
    from ipsgate.core.models import AuditEvent

    leader = factories.TeamLeaderFactory.create(site=prison)
    team = factories.TeamFactory.create(leader=leader, sites=[prison])
    member = factories.SpecialistFactory.create(site=prison, team=team)
    client = make_client(leader)
    trial_start(name="Trial", seed="s")
    html = client.get(REFERRAL_URL).content.decode()
    assert 'value="IPS"' in html and "override_reason" in html
    data = {**referral_data, "current_site": str(prison.pk), "allocated_specialist": member.pk, "evaluation_arm": "SAU"}

    response = client.post(REFERRAL_URL, data)
    assert "Enter why you are choosing the arm instead of allocating at random" in response.content.decode()
    assert Participant.objects.count() == 0

    client.post(REFERRAL_URL, {**data, "override_reason": "Judge's order names the service"})
    allocation = Allocation.objects.get()
    assert (allocation.arm, allocation.method, allocation.trial) == ("SAU", AllocationMethod.CHOSEN, None)
    assert allocation.override_reason == "Judge's order names the service"
    assert AuditEvent.objects.filter(object_type="allocation_override", object_id=str(allocation.pk)).count() == 1


@pytest.mark.django_db
def test_random_allocation_by_a_team_leader_records_no_override(make_client, prison, referral_data):
    leader = factories.TeamLeaderFactory.create(site=prison)
    team = factories.TeamFactory.create(leader=leader, sites=[prison])
    member = factories.SpecialistFactory.create(site=prison, team=team)
    trial_start(name="Trial", seed="s")
    data = {**referral_data, "current_site": prison.pk, "allocated_specialist": member.pk, "override_reason": "typo"}
    make_client(leader).post(REFERRAL_URL, data)
    allocation = Allocation.objects.get()
    assert allocation.method == AllocationMethod.RANDOM and allocation.override_reason == ""
