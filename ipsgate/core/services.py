"""Changes to staff accounts' access (role, site, team, switched on or off, service account) and configuration
permissions.

The rules are in `ipsgate.rules.staff_access`: nobody changes their own access; a change that leaves an account able
to read case data waits for a second person of the other kind; anything else applies at once. Every request,
decision and applied change is a security event (on the account changed) and an event in the audit hash chain
(by whoever acted) whose detail says whom, from and to.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from ipsgate.rules.staff_access import Access, Outcome, approval_answer, change_decision

from .audit import AuditTarget, audit_record
from .choices import AuditAction, Role, RoleChangeStatus, SecurityEventKind
from .models import RoleChangeRequest, User
from .security import record_security_event

ACCESS_FIELDS = ("role", "site", "team", "is_active", "is_service_account")
PENDING_EXISTS = (
    "A change to this account's role, site, team or access is already waiting for approval. It must be approved "
    "or refused on the security log before another is asked for"
)
CHANGED_SINCE = (
    "The account's role, site, team or access has changed since this was asked for, so it cannot be approved. "
    "Refuse it, and ask for the change again if it is still needed"
)
REASON_MISSING = "Enter why the role, site, team or access is changing"


def access_of(user: User) -> Access:
    return Access(user.role, user.site_id, user.team_id, user.is_active, user.is_service_account)


def from_access(change: RoleChangeRequest) -> Access:
    return Access(
        change.from_role, change.from_site_id, change.from_team_id, change.from_active, change.from_service_account
    )


def to_access(change: RoleChangeRequest) -> Access:
    return Access(change.to_role, change.to_site_id, change.to_team_id, change.to_active, change.to_service_account)


def access_change_problem(*, actor: User, subject: User | None, before: Access, after: Access) -> str:
    """Why this change cannot be made or asked for now ('' when it can). `subject` is None for a new account."""
    decision = change_decision(
        actor_id=actor.pk, actor_role=actor.role, subject_id=subject.pk if subject else 0, before=before, after=after
    )
    if decision.outcome is Outcome.REFUSED:
        return decision.explanation
    if decision.outcome is Outcome.NEEDS_APPROVAL and subject is not None and _pending_for(subject).exists():
        return PENDING_EXISTS
    return ""


def _pending_for(subject: User) -> QuerySet[RoleChangeRequest]:
    return RoleChangeRequest.objects.filter(subject=subject, status=RoleChangeStatus.PENDING)


@transaction.atomic
def access_change(
    *, actor: User, subject: User, after: Access, reason: str, request: HttpRequest | None = None
) -> RoleChangeRequest | None:
    """Apply the change, or record it as waiting for approval; None when nothing changes.

    Raises ValidationError (with a message for the person) when the change may not be made or asked for.
    """
    locked = User.objects.select_for_update().get(pk=subject.pk)
    before = access_of(locked)
    decision = change_decision(
        actor_id=actor.pk, actor_role=actor.role, subject_id=locked.pk, before=before, after=after
    )
    if decision.outcome is Outcome.REFUSED:
        raise ValidationError(decision.explanation, code="refused")
    if decision.outcome is Outcome.UNCHANGED:
        return None
    reason = reason.strip()
    if not reason:
        raise ValidationError(REASON_MISSING, code="reason")
    waits = decision.outcome is Outcome.NEEDS_APPROVAL
    if waits and _pending_for(locked).exists():
        raise ValidationError(PENDING_EXISTS, code="pending")
    now = timezone.now()
    change = RoleChangeRequest.objects.create(
        requested_by=actor,
        requested_by_role=actor.role,
        subject=locked,
        from_role=before.role,
        from_site_id=before.site_id,
        from_team_id=before.team_id,
        from_active=before.active,
        from_service_account=before.service_account,
        to_role=after.role,
        to_site_id=after.site_id,
        to_team_id=after.team_id,
        to_active=after.active,
        to_service_account=after.service_account,
        reason=reason,
        status=RoleChangeStatus.PENDING if waits else RoleChangeStatus.APPLIED,
        requested_at=now,
        decided_at=None if waits else now,
    )
    if waits:
        _record(change, actor, SecurityEventKind.ROLE_CHANGE_REQUESTED, "requested", request)
    else:
        _apply(locked, after)
        _record(change, actor, SecurityEventKind.ROLE_CHANGED, "applied", request)
    _copy_access(locked, subject)
    return change


@transaction.atomic
def role_change_decide(
    *, actor: User, change_id: int, approve: bool, request: HttpRequest | None = None
) -> RoleChangeRequest:
    """Approve (and apply) or refuse a waiting change. Only a different person of the other kind may decide."""
    change = RoleChangeRequest.objects.select_for_update().get(pk=change_id)
    if change.status != RoleChangeStatus.PENDING:
        raise ValidationError("This change has already been decided", code="decided")
    answer = approval_answer(
        requester_id=change.requested_by_id,
        requester_role=change.requested_by_role,
        subject_id=change.subject_id,
        approver_id=actor.pk,
        approver_role=actor.role,
    )
    if not answer.allowed or not actor.is_active:
        raise ValidationError(answer.explanation, code="not_allowed")
    subject = User.objects.select_for_update().get(pk=change.subject_id)
    if approve and access_of(subject) != from_access(change):
        raise ValidationError(CHANGED_SINCE, code="changed_since")
    change.status = RoleChangeStatus.APPROVED if approve else RoleChangeStatus.REFUSED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        _record(change, actor, SecurityEventKind.ROLE_CHANGE_APPROVED, "approved", request)
        _apply(subject, to_access(change))
        _record(change, actor, SecurityEventKind.ROLE_CHANGED, "applied", request)
    else:
        _record(change, actor, SecurityEventKind.ROLE_CHANGE_REFUSED, "refused", request)
    return change


def set_access(user: User, access: Access) -> None:
    """Set the access fields on an instance (not saved)."""
    user.role, user.site_id, user.team_id = access.role, access.site_id, access.team_id
    user.is_active, user.is_service_account = access.active, access.service_account


def _apply(subject: User, to: Access) -> None:
    """Through save(), so switching an account off ends its sessions and making it a service account removes its
    password (core.security, User.save) as anywhere else."""
    set_access(subject, to)
    subject.save(update_fields=list(ACCESS_FIELDS))


def _copy_access(source: User, target: User) -> None:
    set_access(target, access_of(source))


def _compact(access: Access) -> str:
    site = access.site_id or "-"
    team = access.team_id or "-"
    service = "/service account" if access.service_account else ""
    return f"{access.role}/site {site}/team {team}/{'on' if access.active else 'off'}{service}"


def _record(
    change: RoleChangeRequest, actor: User, kind: SecurityEventKind, what: str, request: HttpRequest | None
) -> None:
    """One security event on the account changed and one audit event by whoever acted: who, whom, from and to."""
    subject = change.subject
    asked = f"asked for by {change.requested_by.get_username()}"
    verb = "refused" if what == "refused" else "approved"
    by = asked if actor.pk == change.requested_by_id else f"{verb} by {actor.get_username()}, {asked}"
    record_security_event(
        kind,
        request=request,
        user=subject,
        detail=f"change {change.pk}, {by}: {change.from_description} to {change.to_description}",
    )
    audit_record(
        user=actor,
        action=AuditAction.CREATE if what == "requested" else AuditAction.UPDATE,
        target=AuditTarget("staff_access_change", str(change.pk), None),
        detail=(
            f"{what}; whom=user {subject.pk} {subject.get_username()}; asked by=user {change.requested_by_id}; "
            f"from={_compact(from_access(change))}; to={_compact(to_access(change))}"
        )[:400],
    )


def record_permissions_change(
    *, actor: User, subject: User, changes: Mapping[str, str], request: HttpRequest | None = None
) -> None:
    """Staff flag, group or permission changes made in the configuration screens (no second person needed: they
    give no case access), as a security event and an audit event."""
    if not changes:
        return
    summary = "; ".join(f"{name} {value}" for name, value in sorted(changes.items()))
    record_security_event(
        SecurityEventKind.PERMISSIONS_CHANGED,
        request=request,
        user=subject,
        detail=f"by {actor.get_username()}: {summary}",
    )
    audit_record(
        user=actor,
        action=AuditAction.UPDATE,
        target=AuditTarget("staff_permissions", str(subject.pk), None),
        detail=f"whom=user {subject.pk} {subject.get_username()}; {summary}"[:400],
    )


def configuration_permissions() -> QuerySet[Permission]:
    """What administrators are given: configure staff, sites, teams and benefit rates, the evaluation trial and
    service-account tokens in the admin screens, and read the authentication event log and the changes to staff
    access (no case data)."""
    return Permission.objects.filter(
        Q(content_type__app_label="core", content_type__model__in=("user", "site", "team"))
        | Q(content_type__app_label="advice", content_type__model="ucrate")
        | Q(content_type__app_label="evaluation", content_type__model="trialconfiguration")
        | Q(content_type__app_label="api", content_type__model="apitoken")
        | Q(content_type__app_label="core", content_type__model="securityevent", codename="view_securityevent")
        | Q(content_type__app_label="core", codename="view_rolechangerequest")
    )


# The accounts `ipsgate createadmin` may create from the server, before anyone can sign in: the first administrator,
# and the first service manager (who approves the administrator's requests to give case access, rules.staff_access).
FIRST_ACCOUNT_ROLES = (Role.ADMINISTRATOR, Role.SERVICE_MANAGER)


@transaction.atomic
def create_first_account(
    *, role: Role, username: str, password: str, email: str, first_name: str, last_name: str, another: bool
) -> User:
    """An account made on the server by whoever runs it (no one can sign in to approve it yet). It has no second
    factor, so `MfaRequiredMiddleware` sends it to set up an authenticator app at its first sign-in, before any
    other page. Refused when an active account with the role exists, unless `another`. Recorded as a security event
    and in the audit trail."""
    if role not in FIRST_ACCOUNT_ROLES:
        raise ValidationError("Only an administrator or a service manager can be created this way")
    if not another and User.objects.filter(role=role, is_active=True, is_service_account=False).exists():
        raise ValidationError(
            f"An active {role.label.lower()} already exists. Sign in as them to add staff, or pass --another to "
            "create one more from the server"
        )
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"The username {username} is taken")
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        is_staff=role == Role.ADMINISTRATOR,
        is_active=True,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if role == Role.ADMINISTRATOR:
        user.user_permissions.set(configuration_permissions())
    record_security_event(
        SecurityEventKind.ROLE_CHANGED, user=user, detail=f"created as {role.label.lower()} by ipsgate createadmin"
    )
    audit_record(
        user=None,
        action=AuditAction.CREATE,
        target=AuditTarget("staff_account", str(user.pk), None),
        detail=f"whom=user {user.pk} {user.get_username()}; role={role.value}; by ipsgate createadmin on the server",
    )
    return user
