"""`capabilities_for`: what each role may do, nothing for anyone not signed in and active; the `can` context
processor and the navigation built on it."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from ipsgate.core import capabilities
from ipsgate.core.capabilities import NOTHING, Capabilities, capabilities_for, roles_text, roles_with
from ipsgate.core.choices import Role
from ipsgate.core.context_processors import capabilities as can_processor
from ipsgate.core.context_processors import navigation
from ipsgate.core.models import User

# What each role may do, written out in full (a flag not listed is False).
EXPECTED: dict[Role, set[str]] = {
    Role.SPECIALIST: {
        "see_case_records", "see_case_history", "see_health_data", "see_offence_data", "edit_participants",
        "edit_health_data", "take_referrals", "find_matching_vacancies", "see_my_caseload", "use_todo",
        "read_employers", "edit_employers", "see_employment_register", "read_fidelity", "see_small_numbers",
        "menu_own_caseload", "see_contact_details", "read_partners",
    },
    Role.TEAM_LEADER: {
        "see_case_records", "see_case_history", "see_health_data", "see_offence_data", "edit_participants",
        "edit_health_data", "take_referrals", "find_matching_vacancies", "manage_legal_hold",
        "export_subject_access", "see_my_caseload", "use_todo", "see_team_caseloads", "reallocate_caseloads",
        "see_service_overview",
        "read_employers", "edit_employers", "see_employment_register", "see_employer_contacts_report",
        "read_fidelity", "record_fidelity", "see_outcomes", "see_figures_by_specialist", "see_evaluation",
        "see_small_numbers", "manage_mentors", "menu_team_caseloads", "see_contact_details", "read_partners",
        "manage_partners",
    },
    # The service manager oversees the whole service without health or offence details.
    Role.SERVICE_MANAGER: {
        "see_case_records", "see_case_history", "edit_participants", "take_referrals", "manage_legal_hold",
        "export_subject_access", "see_my_caseload", "use_todo", "see_team_caseloads", "reallocate_caseloads",
        "see_service_overview",
        "read_employers", "edit_employers", "see_employment_register", "see_employer_contacts_report",
        "read_fidelity", "record_fidelity", "see_all_teams", "see_outcomes", "see_figures_by_specialist",
        "see_evaluation", "see_small_numbers", "manage_mentors", "decide_staff_access", "menu_service_overview",
        "see_contact_details", "read_partners", "manage_partners",
    },
    Role.CLINICIAN: {
        "see_case_records", "see_case_history", "see_health_data", "see_my_caseload", "read_employers",
        "see_employment_register", "see_small_numbers", "read_partners",
    },
    Role.PROBATION_PRACTITIONER: {
        "see_case_records", "see_my_caseload", "read_employers", "see_employment_register", "see_small_numbers",
        "read_partners",
    },
    Role.ANALYST: {
        "see_service_overview", "see_employment_register", "read_fidelity", "see_all_teams", "see_outcomes",
        "see_evaluation", "menu_service_overview",
    },
    Role.ADMINISTRATOR: {
        "see_service_overview", "read_employers", "see_employment_register", "use_configuration",
        "menu_service_overview",
    },
    # A peer mentor (issue 17 §2): their current mentees' narrow view and their own sessions, nothing else.
    Role.MENTOR: {"read_own_mentees", "log_own_mentoring_sessions"},
}  # fmt: skip


def held(can: Capabilities) -> set[str]:
    return {name for name, value in asdict(can).items() if value}


def staff(role: str, *, active: bool = True) -> User:
    return User(username=f"u-{role}", role=role, is_active=active)


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_each_role_has_exactly_its_capabilities(role):
    assert held(capabilities_for(staff(role))) == EXPECTED[role]


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_an_inactive_user_may_do_nothing(role):
    assert capabilities_for(staff(role, active=False)) == NOTHING
    assert held(NOTHING) == set()


def test_anonymous_no_user_and_an_unknown_role_may_do_nothing():
    assert capabilities_for(AnonymousUser()) == NOTHING
    assert capabilities_for(None) == NOTHING
    assert capabilities_for(staff("")) == NOTHING
    assert capabilities_for(staff("superuser")) == NOTHING


def test_capabilities_are_frozen():
    with pytest.raises(AttributeError):
        capabilities_for(staff(Role.SPECIALIST)).see_offence_data = False  # type: ignore[misc]


def test_roles_with_and_roles_text():
    assert roles_with("see_offence_data") == {Role.SPECIALIST, Role.TEAM_LEADER}
    assert roles_with("use_configuration") == {Role.ADMINISTRATOR}
    assert roles_text("see_offence_data") == "employment specialists and team leaders"
    assert roles_text("see_health_data") == "employment specialists, team leaders and clinicians"
    assert roles_text("use_configuration") == "administrators"
    with pytest.raises(ValueError, match="No such capability"):
        roles_with("see_everything")


def test_the_module_docstring_table_is_the_table():
    """The table at the top of `core/capabilities.py` is what readers see first: it must say what the code does."""
    lines = (capabilities.__doc__ or "").splitlines()
    header = next(line for line in lines if line.strip().startswith("capability "))
    columns = {
        role: header.index(abbr, 10)
        for role, abbr in zip(Role, ("S ", "TL", "SM", "C ", "P ", "AN", "AD", " M"), strict=True)
    }
    columns[Role.MENTOR] += 1  # the mentor's column is the "M" after its leading space (not the M of "SM")
    shown: dict[str, set[Role]] = {}
    for line in lines[lines.index(header) + 1 :]:
        if not line.strip():
            break
        shown[line.split()[0]] = {role for role, at in columns.items() if line[at : at + 1] == "x"}
    permissions = [name for name in capabilities.CAPABILITY_NAMES if not name.startswith("menu_")]
    assert list(shown) == permissions
    for name in permissions:
        assert shown[name] == roles_with(name), name


def _request(user: User | AnonymousUser, path: str = "/participants/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def _verified(role: str, *, active: bool = True) -> User:
    """A member of staff who has done the second factor (django-otp's middleware adds `is_verified`)."""
    user = staff(role, active=active)
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    return user


def test_can_is_the_users_capabilities_once_the_second_factor_is_done():
    assert can_processor(_request(_verified(Role.CLINICIAN))) == {"can": capabilities_for(staff(Role.CLINICIAN))}
    assert can_processor(_request(staff(Role.CLINICIAN))) == {"can": NOTHING}  # second factor not done
    assert can_processor(_request(AnonymousUser())) == {"can": NOTHING}


# The navigation each role has always had; every entry is a page the role may open.
NAVIGATION = {
    Role.SPECIALIST: ["My caseload", "To do", "Participants", "New referral", "Employers", "Vacancies", "Partners"],
    Role.TEAM_LEADER: [
        "Team caseloads", "Team To do", "Participants", "New referral", "Employers", "Vacancies", "Partners",
        "Fidelity reviews", "Outcomes", "Evaluation", "Mentors",
    ],
    Role.SERVICE_MANAGER: [
        "Participants", "New referral", "Service overview", "Employers", "Vacancies", "Partners", "Fidelity reviews",
        "Outcomes", "Evaluation", "Mentors", "Security log",
    ],
    Role.CLINICIAN: ["Participants", "Employers", "Vacancies", "Partners"],
    Role.PROBATION_PRACTITIONER: ["Participants", "Employers", "Vacancies", "Partners"],
    Role.ANALYST: ["Service overview", "Outcomes", "Evaluation"],
    Role.ADMINISTRATOR: ["Service overview", "Configuration", "Employers", "Vacancies"],
    Role.MENTOR: ["My mentees"],
}  # fmt: skip


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_navigation_by_role(role):
    items = navigation(_request(_verified(role)))["nav_items"]
    assert [item.label for item in items] == NAVIGATION[role]
    assert [item.label for item in items if item.active] == (
        ["Participants"] if "Participants" in NAVIGATION[role] else []
    )


def test_no_navigation_before_the_second_factor_or_when_inactive():
    assert navigation(_request(staff(Role.SPECIALIST)))["nav_items"] == []
    assert navigation(_request(AnonymousUser()))["nav_items"] == []
    assert navigation(_request(_verified(Role.SPECIALIST, active=False)))["nav_items"] == []
