"""`core.forms.FormForMany` checks many sets of answers with one copy of a form's fields (the bulk import's rows).
Whatever the answers and in whatever order, every message and every cleaned value is the one a new form gives, so
the import applies exactly the page's rules; and one row's answers never leak into the next row's check."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipsgate.casework.forms import IntakeLookups, ReferralIntakeForm
from ipsgate.core.forms import FormForMany
from tests import factories

pytestmark = pytest.mark.django_db

FREE_NUMBER = "A1234BC"
IN_SCOPE_NUMBER = "B2345CD"
OUT_OF_SCOPE_NUMBER = "C3456DE"


@pytest.fixture
def world():
    prison = factories.SiteFactory.create(name="HMP Hillside", prison_code="HIL")
    other_prison = factories.SiteFactory.create(name="HMP Lowmoor", prison_code="LOW")
    community = factories.CommunitySiteFactory.create()
    leader = factories.TeamLeaderFactory.create(site=prison)
    team = factories.TeamFactory.create(leader=leader, sites=[prison, community])
    specialist = factories.SpecialistFactory.create(site=prison, team=team)
    other_specialist = factories.SpecialistFactory.create(site=other_prison)
    factories.ParticipantFactory.create(prison_number=IN_SCOPE_NUMBER, current_site=prison)
    factories.ParticipantFactory.create(prison_number=OUT_OF_SCOPE_NUMBER, current_site=other_prison)
    choices = {
        "site": [str(prison.pk), str(other_prison.pk), str(community.pk), "", "999999", "x"],
        "specialist": [str(specialist.pk), str(other_specialist.pk), "", "999999"],
    }
    return leader, choices


def _date(draw, name: str) -> dict[str, str]:
    day, month, year = draw(
        st.sampled_from([("3", "11", "2026"), ("27", "3", "1990"), ("31", "2", "1990"), ("", "3", "1990"),
                         ("1", "1", "2090"), ("14", "2", "2027"), ("", "", ""), ("1", "1", "1900")])
    )  # fmt: skip
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


@st.composite
def answers(draw, choices: dict[str, list[str]]) -> dict[str, str]:
    data = {
        "wants_paid_work": draw(st.sampled_from(["yes", "no", "", "maybe"])),
        "given_name": draw(st.sampled_from(["Sam", "", "=cmd", "x" * 101])),
        "family_name": draw(st.sampled_from(["Example", ""])),
        "preferred_name": draw(st.sampled_from(["", "Sammy", "@home"])),
        "prison_number": draw(
            st.sampled_from([FREE_NUMBER, IN_SCOPE_NUMBER, OUT_OF_SCOPE_NUMBER, "", "BAD", "a1234bc"])
        ),
        "current_site": draw(st.sampled_from(choices["site"])),
        "custody_status": draw(st.sampled_from(["in_custody", "released_on_licence", "in_community", "", "no"])),
        "allocated_specialist": draw(st.sampled_from(choices["specialist"])),
        "source": draw(st.sampled_from(["prison_mental_health", "", "nobody"])),
        "referrer_name": draw(st.sampled_from(["A Nurse", "", "+44"])),
        "referrer_organisation": draw(st.sampled_from(["", "In-reach"])),
        "evaluation_arm": draw(st.sampled_from(["IPS", "SAU", "random", ""])),
        "mentoring": draw(st.sampled_from(["yes", "no", ""])),
        "sex": draw(st.sampled_from(["", "female", "unknown"])),
    }
    for name in ("date_of_birth", "expected_release_date", "referral_date"):
        data.update(_date(draw, name))
    return data


def _outcome(form: ReferralIntakeForm) -> tuple[object, ...]:
    valid = form.is_valid()
    cleaned = {k: getattr(v, "pk", v) for k, v in form.cleaned_data.items()} if valid else None
    known = form.known_participant.pk if form.known_participant is not None else None
    return valid, form.errors.get_json_data(), cleaned, known


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_answer_and_message_is_the_one_a_new_form_gives(world, data):
    leader, choices = world
    rows = data.draw(st.lists(answers(choices), min_size=1, max_size=6))
    lookups = IntakeLookups.for_user(leader, [FREE_NUMBER, IN_SCOPE_NUMBER, OUT_OF_SCOPE_NUMBER])
    many = FormForMany(ReferralIntakeForm, user=leader, lookups=lookups)
    for row in rows:
        assert _outcome(many.bound(row)) == _outcome(ReferralIntakeForm(row, user=leader, lookups=lookups))


def test_one_rows_answers_do_not_reach_the_next_rows_check(world):
    leader, choices = world
    many = FormForMany(ReferralIntakeForm, user=leader, lookups=IntakeLookups.for_user(leader, [IN_SCOPE_NUMBER]))
    known = {"prison_number": IN_SCOPE_NUMBER, "given_name": "", "current_site": choices["site"][0]}
    first = many.bound(known)
    assert not first.is_valid() and first.known_participant is not None and "given_name" in first.errors
    second = many.bound({"prison_number": FREE_NUMBER, "given_name": "Sam"})
    assert not second.is_valid()
    assert second.known_participant is None and "given_name" not in second.errors
    assert second.cleaned_data["given_name"] == "Sam" and first.cleaned_data.get("given_name") is None
