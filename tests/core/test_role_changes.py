"""Changes to staff accounts' role, site, team and activation (issue 15 item 1).

Nobody changes their own role, site, team or permissions; a change that leaves an account able to read case data
needs a second person of the other kind (an administrator's request is approved by a service manager, a service
manager's by an administrator), and every request, decision and applied change is a security event and an event
in the audit hash chain with who, whom, from and to.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ipsgate.api.services import api_token_create
from ipsgate.core.account_views import REAUTH_SESSION_KEY
from ipsgate.core.choices import AuditAction, Role, RoleChangeStatus, SecurityEventKind
from ipsgate.core.models import AuditEvent, RoleChangeRequest, SecurityEvent, User
from ipsgate.core.services import access_change, role_change_decide
from ipsgate.rules.staff_access import OWN_ACCOUNT, Access
from tests import factories
from tests.conftest import sign_in_verified

pytestmark = pytest.mark.django_db


def configuration_permissions() -> Any:
    """What the demo grants administrators (staff, sites, teams and the event logs)."""
    return Permission.objects.filter(
        Q(content_type__app_label="core", content_type__model__in=("user", "site", "team"))
        | Q(content_type__app_label="core", codename__in=("view_securityevent", "view_rolechangerequest"))
    )


@pytest.fixture
def administrator() -> User:
    user = factories.AdministratorFactory.create()
    user.user_permissions.set(configuration_permissions())
    return user


def admin_change_data(user: User, **changes: Any) -> dict[str, Any]:
    """Everything the admin's user-change form posts, as it is now, with `changes` on top."""
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined_0": f"{user.date_joined:%Y-%m-%d}",
        "date_joined_1": f"{user.date_joined:%H:%M:%S}",
        "last_login_0": f"{user.last_login:%Y-%m-%d}" if user.last_login else "",
        "last_login_1": f"{user.last_login:%H:%M:%S}" if user.last_login else "",
        "role": user.role,
        "site": user.site_id or "",
        "team": user.team_id or "",
        "groups": [g.pk for g in user.groups.all()],
        "user_permissions": [p.pk for p in user.user_permissions.all()],
    }
    for flag in ("is_active", "is_staff", "is_superuser", "is_service_account"):  # checkboxes: sent only when on
        if getattr(user, flag):
            data[flag] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_finding_an_administrator_cannot_give_themselves_case_access(make_client, administrator):
    """The reproduction: an administrator posts their own user-change form with role=service_manager (and the
    superuser flag), then tries to list participants and download a subject-access export."""
    participant = factories.ParticipantFactory.create()
    client = make_client(administrator)

    response = client.post(
        reverse("admin:core_user_change", args=[administrator.pk]),
        admin_change_data(administrator, role=Role.SERVICE_MANAGER, is_superuser="on"),
    )

    administrator.refresh_from_db()
    assert administrator.role == Role.ADMINISTRATOR
    assert not administrator.is_superuser
    assert response.status_code == 200
    assert "You cannot change your own role, site, team, access or permissions" in response.content.decode()
    assert client.get(reverse("people:participant-list")).status_code == 403
    export = client.get(reverse("privacy:subject-access", args=[participant.pk]))
    assert export.status_code in (403, 404)


# --- Helpers -------------------------------------------------------------------------------------------------------


def reauthenticated(client: Client) -> Client:
    """As if the person had just confirmed their password and a fresh code (account/confirm/)."""
    session = client.session
    session[REAUTH_SESSION_KEY] = timezone.now().timestamp()
    session.save()
    return client


@pytest.fixture
def manager() -> User:
    return factories.ServiceManagerFactory.create()


@pytest.fixture
def analyst() -> User:
    return factories.AnalystFactory.create()


def ask_for_specialist(client: Client, account: User, site: Any, reason: str = "Joined the Leeds team") -> Any:
    """The administrator's change form: make `account` a specialist at `site`."""
    return client.post(
        reverse("admin:core_user_change", args=[account.pk]),
        admin_change_data(account, role=Role.SPECIALIST, site=site.pk, access_change_reason=reason),
    )


def decide(client: Client, change: RoleChangeRequest, decision: str) -> Any:
    return client.post(reverse("role-change-decision", args=[change.pk]), {"decision": decision})


def events(kind: SecurityEventKind) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=kind).order_by("id"))


def audit_details() -> list[tuple[str, str, str]]:
    return list(
        AuditEvent.objects.filter(object_type="staff_access_change")
        .order_by("sequence")
        .values_list("username", "action", "detail")
    )


# --- Nobody changes their own access -------------------------------------------------------------------------------


def test_ones_own_role_site_team_and_permissions_are_read_only(make_client, administrator):
    client = make_client(administrator)
    page = client.get(reverse("admin:core_user_change", args=[administrator.pk])).content.decode()
    for name in ("role", "site", "team", "is_active", "is_staff", "is_superuser", "user_permissions", "groups"):
        assert f'name="{name}"' not in page, name
    assert 'name="first_name"' in page  # the rest of one's own record can still be edited

    data = admin_change_data(administrator, first_name="Renamed")
    for name in ("role", "site", "team", "is_active", "is_staff", "is_superuser", "user_permissions", "groups"):
        data.pop(name, None)
    response = client.post(reverse("admin:core_user_change", args=[administrator.pk]), data)
    assert response.status_code == 302
    administrator.refresh_from_db()
    assert administrator.first_name == "Renamed"
    assert administrator.role == Role.ADMINISTRATOR
    assert not RoleChangeRequest.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"site": "SITE"},
        {"team": "TEAM"},
        {"user_permissions": ["PERMISSION"]},
        {"is_superuser": "on"},
    ],
)
def test_a_superuser_cannot_change_their_own_access_either(make_client, changes):
    superuser = factories.AdministratorFactory.create(is_superuser=True)
    site, team = factories.SiteFactory.create(), factories.TeamFactory.create()
    permission = Permission.objects.get(codename="view_participant")
    values = {"SITE": site.pk, "TEAM": team.pk}
    posted = {
        key: [permission.pk] if value == ["PERMISSION"] else values.get(value, value) for key, value in changes.items()
    }
    response = make_client(superuser).post(
        reverse("admin:core_user_change", args=[superuser.pk]), admin_change_data(superuser, **posted)
    )
    assert response.status_code == 200
    assert OWN_ACCOUNT in response.content.decode()
    superuser.refresh_from_db()
    assert (superuser.site_id, superuser.team_id) == (None, None)
    assert not superuser.user_permissions.exists()


# --- Two people for case access ------------------------------------------------------------------------------------


def test_giving_case_access_waits_for_a_service_manager(make_client, administrator, analyst):
    prison = factories.SiteFactory.create()
    factories.ParticipantFactory.create(current_site=prison)
    analyst_client = make_client(analyst)

    response = ask_for_specialist(make_client(administrator), analyst, prison)

    assert response.status_code == 302
    [told] = [str(m) for m in get_messages(response.wsgi_request) if "waits" in str(m)]
    assert "waits for a service manager to approve it on the security log" in told
    analyst.refresh_from_db()
    assert (analyst.role, analyst.site_id) == (Role.ANALYST, None)  # not applied yet
    assert analyst_client.get(reverse("people:participant-list")).status_code == 403
    change = RoleChangeRequest.objects.get()
    assert change.status == RoleChangeStatus.PENDING
    assert (change.requested_by, change.requested_by_role, change.subject) == (
        administrator,
        Role.ADMINISTRATOR,
        analyst,
    )
    assert (change.from_role, change.from_site, change.to_role, change.to_site) == (
        Role.ANALYST,
        None,
        Role.SPECIALIST,
        prison,
    )
    assert change.reason == "Joined the Leeds team"
    [requested] = events(SecurityEventKind.ROLE_CHANGE_REQUESTED)
    assert requested.user == analyst
    assert administrator.username in requested.detail
    assert "Analyst" in requested.detail and f"Employment specialist at {prison}" in requested.detail
    [(who, action, detail)] = audit_details()
    assert (who, action) == (administrator.username, AuditAction.CREATE)
    assert f"whom=user {analyst.pk} {analyst.username}" in detail
    assert "from=analyst/site -/team -/on" in detail
    assert f"to=specialist/site {prison.pk}/team -/on" in detail


def test_a_change_of_access_needs_a_reason(make_client, administrator, analyst):
    response = ask_for_specialist(make_client(administrator), analyst, factories.SiteFactory.create(), reason="")
    assert response.status_code == 200
    assert "Enter why the role, site, team or access is changing" in response.content.decode()
    assert not RoleChangeRequest.objects.exists()


def test_a_service_manager_approves_on_the_security_log_and_the_change_applies(
    make_client, administrator, analyst, manager
):
    prison = factories.SiteFactory.create()
    participant = factories.ParticipantFactory.create(current_site=prison)
    ask_for_specialist(make_client(administrator), analyst, prison)
    change = RoleChangeRequest.objects.get()
    manager_client = reauthenticated(make_client(manager))

    page = manager_client.get(reverse("security-log")).content.decode()
    assert f'action="{reverse("role-change-decision", args=[change.pk])}"' in page
    assert "Joined the Leeds team" in page
    response = decide(manager_client, change, "approve")

    assert response.status_code == 302
    analyst.refresh_from_db()
    assert (analyst.role, analyst.site) == (Role.SPECIALIST, prison)
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (RoleChangeStatus.APPROVED, manager)
    assert change.decided_at is not None
    [approved] = events(SecurityEventKind.ROLE_CHANGE_APPROVED)
    [applied] = events(SecurityEventKind.ROLE_CHANGED)
    assert approved.user == applied.user == analyst
    assert manager.username in approved.detail and administrator.username in approved.detail
    assert [(who, action, detail.split(";")[0]) for who, action, detail in audit_details()] == [
        (administrator.username, AuditAction.CREATE, "requested"),
        (manager.username, AuditAction.UPDATE, "approved"),
        (manager.username, AuditAction.UPDATE, "applied"),
    ]
    response = make_client(analyst).get(reverse("people:participant-detail", args=[participant.pk]))
    assert response.status_code == 200  # a participant at their new site


def test_a_refused_change_is_never_applied(make_client, administrator, analyst, manager):
    ask_for_specialist(make_client(administrator), analyst, factories.SiteFactory.create())
    change = RoleChangeRequest.objects.get()

    assert decide(reauthenticated(make_client(manager)), change, "refuse").status_code == 302

    analyst.refresh_from_db()
    assert analyst.role == Role.ANALYST
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (RoleChangeStatus.REFUSED, manager)
    assert [e.user for e in events(SecurityEventKind.ROLE_CHANGE_REFUSED)] == [analyst]
    assert not events(SecurityEventKind.ROLE_CHANGED)
    assert [detail.split(";")[0] for _, _, detail in audit_details()] == ["requested", "refused"]


def test_nobody_decides_their_own_request_and_only_the_other_kind_decides(manager, analyst):
    """A service manager's request is decided by an administrator: not by its requester, nor another manager."""
    prison = factories.SiteFactory.create()
    change = access_change(
        actor=manager, subject=analyst, after=Access(Role.SPECIALIST, prison.pk, None, True), reason="Covering"
    )
    assert change is not None and change.status == RoleChangeStatus.PENDING

    with pytest.raises(ValidationError, match="You asked for this change"):
        role_change_decide(actor=manager, change_id=change.pk, approve=True)
    with pytest.raises(ValidationError, match="must be decided by an administrator"):
        role_change_decide(actor=factories.ServiceManagerFactory.create(), change_id=change.pk, approve=True)
    with pytest.raises(ValidationError, match="your own account"):
        role_change_decide(actor=analyst, change_id=change.pk, approve=True)

    analyst.refresh_from_db()
    assert analyst.role == Role.ANALYST
    role_change_decide(actor=factories.AdministratorFactory.create(), change_id=change.pk, approve=True)
    analyst.refresh_from_db()
    assert analyst.role == Role.SPECIALIST


def test_a_service_manager_cannot_approve_a_change_to_their_own_account(make_client, administrator, manager):
    team = factories.TeamFactory.create()
    make_client(administrator).post(
        reverse("admin:core_user_change", args=[manager.pk]),
        admin_change_data(manager, team=team.pk, access_change_reason="Moved to the north team"),
    )
    change = RoleChangeRequest.objects.get(subject=manager)
    own_client = reauthenticated(make_client(manager))

    page = own_client.get(reverse("security-log")).content.decode()
    assert f'action="{reverse("role-change-decision", args=[change.pk])}"' not in page
    assert "This change is to your own account" in page
    response = decide(own_client, change, "approve")
    assert response.status_code == 200
    assert "This change is to your own account, so someone else must decide it" in response.content.decode()
    manager.refresh_from_db()
    assert manager.team_id is None

    decide(reauthenticated(make_client(factories.ServiceManagerFactory.create())), change, "approve")
    manager.refresh_from_db()
    assert manager.team == team


def test_an_administrator_decides_a_service_managers_request_in_the_configuration_screens(
    make_client, administrator, manager, analyst
):
    change = access_change(
        actor=manager, subject=analyst, after=Access(Role.CLINICIAN, None, None, True), reason="Clinical lead"
    )
    assert change is not None
    changelist = reverse("admin:core_rolechangerequest_changelist")
    action = {"action": "approve", "_selected_action": [change.pk]}
    client = make_client(administrator)

    assert client.get(changelist).status_code == 200
    response = client.post(changelist, action)  # not confirmed recently: sent to confirm first
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reauthenticate"))
    analyst.refresh_from_db()
    assert analyst.role == Role.ANALYST

    assert reauthenticated(client).post(changelist, action).status_code == 302
    analyst.refresh_from_db()
    assert analyst.role == Role.CLINICIAN
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (RoleChangeStatus.APPROVED, administrator)


def test_an_administrator_cannot_approve_another_administrators_request(make_client, administrator, analyst):
    change = access_change(
        actor=administrator, subject=analyst, after=Access(Role.CLINICIAN, None, None, True), reason="Clinical lead"
    )
    assert change is not None
    colleague = factories.AdministratorFactory.create()
    colleague.user_permissions.set(configuration_permissions())
    client = reauthenticated(make_client(colleague))
    response = client.post(
        reverse("admin:core_rolechangerequest_changelist"), {"action": "approve", "_selected_action": [change.pk]}
    )
    assert response.status_code == 302
    analyst.refresh_from_db()
    assert analyst.role == Role.ANALYST
    change.refresh_from_db()
    assert change.status == RoleChangeStatus.PENDING


def test_making_a_case_role_account_a_service_account_waits_for_approval(make_client, administrator, specialist):
    """Otherwise an administrator could mark a specialist as a service account, issue its token and read the
    specialist's caseload through the API."""
    response = make_client(administrator).post(
        reverse("admin:core_user_change", args=[specialist.pk]),
        admin_change_data(specialist, is_service_account="on", access_change_reason="Reporting feed"),
    )
    assert response.status_code == 302
    specialist.refresh_from_db()
    assert not specialist.is_service_account
    assert specialist.has_usable_password()
    change = RoleChangeRequest.objects.get()
    assert (change.status, change.from_service_account, change.to_service_account) == (
        RoleChangeStatus.PENDING,
        False,
        True,
    )
    assert "(service account)" in change.to_description
    with pytest.raises(ValidationError, match="not a service account"):
        api_token_create(actor=administrator, user=specialist)


# --- Changes that give no case access ------------------------------------------------------------------------------


def test_taking_case_access_away_applies_at_once_and_is_recorded(make_client, administrator, specialist):
    client = make_client(administrator)
    specialist_client = make_client(specialist)
    response = client.post(
        reverse("admin:core_user_change", args=[specialist.pk]),
        admin_change_data(specialist, role=Role.ANALYST, access_change_reason="Moved to the data team"),
    )
    assert response.status_code == 302
    specialist.refresh_from_db()
    assert specialist.role == Role.ANALYST
    change = RoleChangeRequest.objects.get()
    assert (change.status, change.decided_by, change.from_role, change.to_role) == (
        RoleChangeStatus.APPLIED,
        None,
        Role.SPECIALIST,
        Role.ANALYST,
    )
    assert [e.user for e in events(SecurityEventKind.ROLE_CHANGED)] == [specialist]
    assert [detail.split(";")[0] for _, _, detail in audit_details()] == ["applied"]
    assert specialist_client.get(reverse("people:participant-list")).status_code == 403


def test_switching_an_account_off_applies_at_once_ends_its_sessions_and_is_recorded(
    make_client, administrator, specialist
):
    specialist_client = make_client(specialist)
    data = admin_change_data(specialist, access_change_reason="Left the service")
    del data["is_active"]
    response = make_client(administrator).post(reverse("admin:core_user_change", args=[specialist.pk]), data)
    assert response.status_code == 302
    specialist.refresh_from_db()
    assert not specialist.is_active
    assert RoleChangeRequest.objects.get().to_description.endswith("(switched off)")
    assert [e.user for e in events(SecurityEventKind.ROLE_CHANGED)] == [specialist]
    assert [e.user for e in events(SecurityEventKind.ACCOUNT_DISABLED)] == [specialist]
    assert specialist_client.get(reverse("people:my-caseload")).status_code == 302


def test_switching_a_case_role_account_back_on_waits_for_approval(make_client, administrator, specialist):
    User.objects.filter(pk=specialist.pk).update(is_active=False)
    specialist.refresh_from_db()
    response = make_client(administrator).post(
        reverse("admin:core_user_change", args=[specialist.pk]),
        admin_change_data(specialist, is_active="on", access_change_reason="Back from leave"),
    )
    assert response.status_code == 302
    specialist.refresh_from_db()
    assert not specialist.is_active
    assert RoleChangeRequest.objects.get().status == RoleChangeStatus.PENDING


# --- New accounts --------------------------------------------------------------------------------------------------


def new_account(client: Client, username: str, role: Role, reason: str = "New starter") -> Any:
    return client.post(
        reverse("admin:core_user_add"),
        {
            "username": username,
            "usable_password": "true",
            "password1": "Long-enough-pass-1",
            "password2": "Long-enough-pass-1",
            "role": role,
            "access_change_reason": reason,
        },
    )


def test_a_new_account_with_a_case_role_stays_switched_off_until_approved(make_client, administrator, manager):
    response = new_account(make_client(administrator), "new.specialist", Role.SPECIALIST)
    assert response.status_code == 302
    account = User.objects.get(username="new.specialist")
    assert (account.role, account.is_active) == (Role.SPECIALIST, False)
    change = RoleChangeRequest.objects.get(subject=account)
    assert (change.status, change.from_active, change.to_active) == (RoleChangeStatus.PENDING, False, True)

    decide(reauthenticated(make_client(manager)), change, "approve")
    account.refresh_from_db()
    assert account.is_active


def test_a_new_account_without_case_access_is_switched_on_at_once_and_recorded(make_client, administrator):
    assert new_account(make_client(administrator), "new.analyst", Role.ANALYST).status_code == 302
    account = User.objects.get(username="new.analyst")
    assert account.is_active
    assert RoleChangeRequest.objects.get(subject=account).status == RoleChangeStatus.APPLIED


def test_a_new_account_needs_a_reason(make_client, administrator):
    response = new_account(make_client(administrator), "no.reason", Role.ANALYST, reason="")
    assert response.status_code == 200
    assert not User.objects.filter(username="no.reason").exists()


# --- One waiting change at a time; stale approvals -----------------------------------------------------------------


def test_one_waiting_change_per_account(make_client, administrator, analyst):
    client = make_client(administrator)
    ask_for_specialist(client, analyst, factories.SiteFactory.create())
    response = ask_for_specialist(client, analyst, factories.SiteFactory.create())
    assert response.status_code == 200
    assert "already waiting for approval" in response.content.decode()
    assert RoleChangeRequest.objects.count() == 1


def test_a_change_cannot_be_approved_once_the_account_has_changed(make_client, administrator, analyst, manager):
    client = make_client(administrator)
    ask_for_specialist(client, analyst, factories.SiteFactory.create())
    change = RoleChangeRequest.objects.get()
    data = admin_change_data(analyst, access_change_reason="Left the service")
    del data["is_active"]
    client.post(reverse("admin:core_user_change", args=[analyst.pk]), data)  # switched off directly meanwhile

    response = decide(reauthenticated(make_client(manager)), change, "approve")

    assert response.status_code == 200
    assert "has changed since this was asked for" in response.content.decode()
    analyst.refresh_from_db()
    assert (analyst.role, analyst.is_active) == (Role.ANALYST, False)
    change.refresh_from_db()
    assert change.status == RoleChangeStatus.PENDING


# --- The security log page -----------------------------------------------------------------------------------------


def test_deciding_needs_a_recent_confirmation_of_identity(make_client, administrator, analyst, manager):
    ask_for_specialist(make_client(administrator), analyst, factories.SiteFactory.create())
    change = RoleChangeRequest.objects.get()
    response = decide(make_client(manager), change, "approve")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reauthenticate"))
    change.refresh_from_db()
    assert change.status == RoleChangeStatus.PENDING


def test_deciding_needs_the_csrf_token(administrator, analyst, manager):
    ask_for_specialist(_client_for(administrator), analyst, factories.SiteFactory.create())
    change = RoleChangeRequest.objects.get()
    client = reauthenticated(_client_for(manager, enforce_csrf_checks=True))
    response = decide(client, change, "approve")
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.status == RoleChangeStatus.PENDING


def _client_for(user: User, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    sign_in_verified(client, user)
    return client


def test_a_decision_other_than_approve_or_refuse_is_answered_with_a_message(
    make_client, administrator, analyst, manager
):
    ask_for_specialist(make_client(administrator), analyst, factories.SiteFactory.create())
    change = RoleChangeRequest.objects.get()
    response = decide(reauthenticated(make_client(manager)), change, "maybe")
    assert response.status_code == 200
    assert "Choose whether to approve or refuse the change" in response.content.decode()
    change.refresh_from_db()
    assert change.status == RoleChangeStatus.PENDING


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SERVICE_MANAGER])
def test_only_service_managers_see_the_security_log(make_client, role):
    user = factories.UserFactory.create(role=role, is_staff=role == Role.ADMINISTRATOR)
    assert make_client(user).get(reverse("security-log")).status_code == 403


def test_the_security_log_lists_changes_in_a_fixed_number_of_queries(
    make_client, administrator, manager, django_assert_max_num_queries
):
    prison = factories.SiteFactory.create()
    team = factories.TeamFactory.create()
    for n in range(30):
        account = factories.AnalystFactory.create()
        change = access_change(
            actor=administrator,
            subject=account,
            after=Access(Role.SPECIALIST, prison.pk, team.pk, True),
            reason=f"Reason {n}",
        )
        assert change is not None
        if n % 3:
            role_change_decide(actor=manager, change_id=change.pk, approve=n % 2 == 0)
    client = make_client(manager)
    with django_assert_max_num_queries(9):  # session, user, device; waiting; count and page; session save (3)
        response = client.get(reverse("security-log"))
    page = response.content.decode()
    assert page.count('name="decision" value="approve"') == 10
    assert "Reason 29" in page
    assert "Page 1 of" not in page or "Next" in page


# --- The audit chain -----------------------------------------------------------------------------------------------


def test_the_audit_chain_holds_who_whom_from_and_to_and_still_verifies(make_client, administrator, analyst, manager):
    ask_for_specialist(make_client(administrator), analyst, factories.SiteFactory.create())
    decide(reauthenticated(make_client(manager)), RoleChangeRequest.objects.get(), "approve")
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert out.getvalue().startswith("ok, ")

    event = AuditEvent.objects.filter(object_type="staff_access_change").last()
    assert event is not None
    with connection.cursor() as cursor:  # the ORM refuses updates: go round it, as an attacker would
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET detail = %s WHERE id = %s",  # noqa: S608 - fixed table name
            [event.detail.replace("to=specialist", "to=analyst"), event.pk],
        )
    with pytest.raises(CommandError, match="has been altered"):
        call_command("audit", "verify", stdout=StringIO())


def test_changes_to_staff_flags_and_permissions_on_others_are_recorded(make_client, administrator, analyst):
    response = make_client(administrator).post(
        reverse("admin:core_user_change", args=[analyst.pk]), admin_change_data(analyst, is_staff="on")
    )
    assert response.status_code == 302
    [event] = events(SecurityEventKind.PERMISSIONS_CHANGED)
    assert event.user == analyst
    assert "is_staff on" in event.detail and administrator.username in event.detail
    detail = AuditEvent.objects.get(object_type="staff_permissions").detail
    assert f"whom=user {analyst.pk}" in detail and "is_staff on" in detail


# --- The database refuses what the rules refuse --------------------------------------------------------------------


def test_the_database_refuses_a_request_about_ones_own_account_or_decided_by_its_requester(administrator, manager):
    common = {
        "requested_by_role": Role.ADMINISTRATOR,
        "from_role": Role.ADMINISTRATOR,
        "from_active": True,
        "to_role": Role.SERVICE_MANAGER,
        "to_active": True,
        "reason": "x",
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleChangeRequest.objects.create(requested_by=administrator, subject=administrator, **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleChangeRequest.objects.create(
            requested_by=administrator,
            subject=manager,
            status=RoleChangeStatus.APPROVED,
            decided_by=administrator,
            decided_at=timezone.now(),
            **common,
        )


def test_the_security_log_page_number_is_validated(make_client, manager):
    client = make_client(manager)
    assert client.get(reverse("security-log"), {"page": "2"}).status_code == 200  # past the end: the last page
    assert client.get(reverse("security-log"), {"page": "²"}).status_code == 400
