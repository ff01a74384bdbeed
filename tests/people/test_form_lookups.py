"""The participant forms checked against lookups loaded once (`ParticipantFormLookups`, `IntakeLookups`: what a bulk
import uses for thousands of rows) give exactly the errors, cleaned data, known person, audit reads and security
events the same forms give when they query for themselves."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models import Model

from ipsgate.casework.forms import IntakeLookups, ReferralIntakeForm
from ipsgate.core.choices import SecurityEventKind
from ipsgate.core.forms import PreloadedModelChoiceField
from ipsgate.core.models import AuditEvent, SecurityEvent, Site
from ipsgate.evaluation.services import RANDOM, trial_start
from ipsgate.people.forms import ParticipantEditForm, ParticipantFormLookups, ReferralForm
from ipsgate.people.services import PRISON_NUMBER_CHECK_WITH_TEAM_LEADER
from tests import factories
from tests.conftest import date_fields

pytestmark = pytest.mark.django_db

IN_SCOPE_NUMBER = "A1234BC"
OUT_OF_SCOPE_NUMBER = "B2345CD"


@pytest.fixture
def world(prison, other_prison, community_site):
    specialist = factories.SpecialistFactory.create(site=prison)
    elsewhere = factories.SpecialistFactory.create(site=other_prison)
    factories.ParticipantFactory.create(given_name="Known", prison_number=IN_SCOPE_NUMBER, current_site=prison)
    factories.ParticipantFactory.create(
        given_name="Hidden", prison_number=OUT_OF_SCOPE_NUMBER, current_site=other_prison
    )
    return {
        "specialist": specialist,
        "elsewhere": elsewhere,
        "prison": prison,
        "other_prison": other_prison,
        "community": community_site,
    }


def referral_data(world, **changes: Any) -> dict[str, str]:
    today = factories.today()
    data = {
        "wants_paid_work": "yes",
        "given_name": "Alex",
        "family_name": "Example",
        "preferred_name": "",
        **date_fields("date_of_birth", datetime.date(1990, 3, 27)),
        "prison_number": "C3456DE",
        "current_site": str(world["prison"].pk),
        "custody_status": "in_custody",
        **date_fields("expected_release_date", today + datetime.timedelta(days=60)),
        "source": "prison_mental_health",
        **date_fields("referral_date", today),
        "referrer_name": "Dr Ref",
        "referrer_organisation": "In-reach",
        "allocated_specialist": str(world["specialist"].pk),
        "sex": "",
    }
    data.update(changes)
    return data


def comparable(value: Any) -> Any:
    return (type(value).__name__, value.pk) if isinstance(value, Model) else value


def checked(make_form, user) -> dict[str, Any]:
    """Everything a form's check shows or records."""
    events_before = set(SecurityEvent.objects.values_list("pk", flat=True))
    audit_before = set(AuditEvent.objects.values_list("pk", flat=True))
    form = make_form()
    valid = form.is_valid()
    probes = SecurityEvent.objects.exclude(pk__in=events_before)
    reads = AuditEvent.objects.exclude(pk__in=audit_before)
    return {
        "valid": valid,
        "errors": form.errors.get_json_data(),
        "cleaned": {name: comparable(value) for name, value in form.cleaned_data.items()},
        "known": comparable(form.known_participant),
        "probes": sorted((p.kind, p.user_id) for p in probes),
        "reads": sorted((e.action, e.object_type, e.participant_id, e.username) for e in reads),
    }


REFERRAL_CASES = {
    "valid": {},
    "site outside scope": {"current_site": "other_prison"},
    "site that does not exist": {"current_site": "999999"},
    "site not a number": {"current_site": "abc"},
    "site as a decimal": {"current_site": "1.0"},
    "site left blank": {"current_site": ""},
    "community site while in custody": {"current_site": "community"},
    "specialist outside scope": {"allocated_specialist": "elsewhere"},
    "specialist not a number": {"allocated_specialist": "x1"},
    "specialist left blank": {"allocated_specialist": ""},
    "number held in scope": {"prison_number": IN_SCOPE_NUMBER},
    "number held in scope, typed in lower case with spaces": {"prison_number": " a1234 bc "},
    "number held out of scope": {"prison_number": OUT_OF_SCOPE_NUMBER},
    "number held out of scope, typed in lower case": {"prison_number": OUT_OF_SCOPE_NUMBER.lower()},
    "number badly formed": {"prison_number": "12345"},
    "number missing in custody": {"prison_number": ""},
    "release before birth": date_fields("expected_release_date", datetime.date(1980, 1, 1)),
    "several problems": {"current_site": "other_prison", "allocated_specialist": "elsewhere", "given_name": ""},
}


def resolved(world, changes: dict[str, Any]) -> dict[str, Any]:
    """Names of fixtures in a case replaced by their ids."""
    out = {}
    for name, value in changes.items():
        out[name] = str(world[value].pk) if isinstance(value, str) and value in world else value
    return out


@pytest.mark.parametrize("case", list(REFERRAL_CASES))
def test_the_referral_form_checks_the_same_with_lookups(world, case):
    user = world["specialist"]
    data = referral_data(world, **resolved(world, REFERRAL_CASES[case]))
    without = checked(lambda: ReferralForm(data=data, user=user), user)
    # Looked up as a caller would, from the numbers as typed in the rows.
    lookups = ParticipantFormLookups.for_user(user, [data["prison_number"]])
    with_lookups = checked(lambda: ReferralForm(data=data, user=user, lookups=lookups), user)
    assert with_lookups == without
    if case == "number held out of scope":
        assert without["errors"]["prison_number"][0]["message"] == PRISON_NUMBER_CHECK_WITH_TEAM_LEADER
        assert without["probes"] == [(SecurityEventKind.PRISON_NUMBER_OUT_OF_SCOPE, user.pk)]  # once a check
        assert without["reads"] == []
    if case == "number held in scope":
        assert without["known"][0] == "Participant" and len(without["reads"]) == 1
    if case in ("valid", "site outside scope", "specialist outside scope"):
        assert without["valid"] is (case == "valid")


def test_lookups_answer_for_many_forms_each_check_recorded_once(world):
    """One set of lookups for many rows: every out-of-scope check is its own security event, every known person its
    own audited read, as when each form looks up for itself."""
    user = world["specialist"]
    rows = [referral_data(world, prison_number=n) for n in (OUT_OF_SCOPE_NUMBER, IN_SCOPE_NUMBER, OUT_OF_SCOPE_NUMBER)]
    lookups = ParticipantFormLookups.for_user(user, [row["prison_number"] for row in rows])
    results = [checked(lambda row=row: ReferralForm(data=row, user=user, lookups=lookups), user) for row in rows]
    assert [len(r["probes"]) for r in results] == [1, 0, 1]
    assert [len(r["reads"]) for r in results] == [0, 1, 0]


INTAKE_CASES = {
    "no trial, chosen arm": ({"evaluation_arm": "IPS"}, False, "specialist"),
    "no trial, random": ({"evaluation_arm": RANDOM}, False, "specialist"),
    "trial, random": ({"evaluation_arm": RANDOM}, True, "specialist"),
    "trial, chosen by a specialist": ({"evaluation_arm": "SAU"}, True, "specialist"),
    "trial, chosen by a team leader without a reason": ({"evaluation_arm": "SAU"}, True, "leader"),
    "trial, chosen by a team leader with a reason": (
        {"evaluation_arm": "SAU", "override_reason": "Asked by the clinical team"},
        True,
        "leader",
    ),
    "trial, random by a team leader with a reason typed": (
        {"evaluation_arm": RANDOM, "override_reason": "Typed then changed my mind"},
        True,
        "leader",
    ),
    "no arm": ({"evaluation_arm": ""}, False, "specialist"),
}


@pytest.mark.parametrize("case", list(INTAKE_CASES))
def test_the_intake_form_checks_the_same_with_lookups(world, case):
    changes, trial_running, who = INTAKE_CASES[case]
    if trial_running:
        trial_start(name="Trial", seed="lookups")
    if who == "leader":
        team = factories.TeamFactory.create()
        user = factories.TeamLeaderFactory.create(site=world["prison"])
        team.leader = user
        team.save()
        team.sites.add(world["prison"])
        world["specialist"].team = team
        world["specialist"].save()
    else:
        user = world["specialist"]
    data = {**referral_data(world), "mentoring": "yes", **changes}
    without = checked(lambda: ReferralIntakeForm(data=data, user=user), user)
    lookups = IntakeLookups.for_user(user, [data["prison_number"]])
    with_lookups = checked(lambda: ReferralIntakeForm(data=data, user=user, lookups=lookups), user)
    assert with_lookups == without
    shown, queried = ReferralIntakeForm(user=user, lookups=lookups), ReferralIntakeForm(user=user)
    assert shown.fields["evaluation_arm"].choices == queried.fields["evaluation_arm"].choices  # type: ignore[attr-defined]
    assert ("override_reason" in shown.fields) == ("override_reason" in queried.fields)


# --- The edit form ----------------------------------------------------------------------------------------------


def edit_data(person, **changes: Any) -> dict[str, str]:
    data = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "preferred_name": person.preferred_name,
        **date_fields("date_of_birth", person.date_of_birth),
        "prison_number": person.prison_number,
        "current_site": str(person.current_site_id),
        "custody_status": person.custody_status,
        **date_fields("expected_release_date", person.expected_release_date),
        **date_fields("actual_release_date", person.actual_release_date),
        "allocated_specialist": str(person.allocated_specialist_id or ""),
        "sex": person.sex,
        "preferred_language": person.preferred_language,
    }
    data.update(changes)
    return data


@pytest.fixture
def edited(world):
    """Someone the specialist may see (at their prison) who is allocated to a specialist outside their scope, and
    someone on their caseload placed at a site outside their scope."""
    return {
        "their specialist elsewhere": factories.ParticipantFactory.create(
            current_site=world["prison"], allocated_specialist=world["elsewhere"]
        ),
        "their site elsewhere": factories.ParticipantFactory.create(
            current_site=world["other_prison"], allocated_specialist=world["specialist"]
        ),
    }


EDIT_CASES = {
    "unchanged": {},
    "own number kept": {},  # the person's own number is not someone else's
    "site outside scope": {"current_site": "other_site"},
    "specialist outside scope": {"allocated_specialist": "other_specialist"},
    "number held in scope": {"prison_number": IN_SCOPE_NUMBER},
    "number held out of scope": {"prison_number": OUT_OF_SCOPE_NUMBER},
    "released without a date": {"custody_status": "in_community", "current_site": "community"},
}


@pytest.mark.parametrize("who", ["their specialist elsewhere", "their site elsewhere"])
@pytest.mark.parametrize("case", list(EDIT_CASES))
def test_the_edit_form_checks_the_same_with_lookups(world, edited, who, case):
    user = world["specialist"]
    person = edited[who]
    stranger_site = factories.SiteFactory.create()
    stranger = factories.SpecialistFactory.create(site=stranger_site)
    names = {**world, "other_site": stranger_site, "other_specialist": stranger}
    changes = {k: str(names[v].pk) if v in names else v for k, v in EDIT_CASES[case].items()}
    data = edit_data(person, **changes)
    without = checked(lambda: ParticipantEditForm(data=data, user=user, participant=person), user)
    lookups = ParticipantFormLookups.for_user(user, [data["prison_number"]])
    with_lookups = checked(lambda: ParticipantEditForm(data=data, user=user, participant=person, lookups=lookups), user)
    assert with_lookups == without
    if case == "unchanged":  # the person's own site and specialist stay selectable either way
        assert without["valid"], without["errors"]
        assert without["cleaned"]["current_site"] == ("Site", person.current_site_id)
        assert without["cleaned"]["allocated_specialist"] == ("User", person.allocated_specialist_id)


# --- The preloaded field itself ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", None, "1", " 1 ", "01", "1.0", "abc", "-1", "999999", "١", "1e0", [], "[1]"])
def test_a_preloaded_choice_answers_as_the_queryset_would(world, value):
    site = world["prison"]
    known = {site.pk: site}
    typed = value.replace("1", str(site.pk)) if isinstance(value, str) else value

    def field(preloaded):
        f = PreloadedModelChoiceField(queryset=Site.objects.filter(pk=site.pk), required=False)
        f.preloaded = preloaded
        return f

    def answer(f):
        try:
            return ("ok", comparable(f.clean(typed)))
        except Exception as error:  # noqa: BLE001 (the same kind of refusal is what is compared)
            return ("refused", type(error).__name__, getattr(error, "code", None))

    assert answer(field(known)) == answer(field(None))
