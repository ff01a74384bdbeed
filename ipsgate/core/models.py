"""Staff, the places the service works, teams, and the append-only audit trail."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

from . import limits
from .choices import AuditAction, Role, RoleChangeStatus, SecurityEventKind, SiteKind


class Site(models.Model):
    """A place the service works: a prison, a probation office or a community team."""

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=SiteKind.choices)
    prison_code = models.CharField(
        max_length=3,
        blank=True,
        help_text="The three-letter NOMIS code of the prison, for example LEI.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["prison_code"], condition=~Q(prison_code=""), name="site_prison_code_unique"
            ),
            models.CheckConstraint(
                condition=(Q(kind=SiteKind.PRISON) & ~Q(prison_code=""))
                | (~Q(kind=SiteKind.PRISON) & Q(prison_code="")),
                name="site_prison_code_only_for_prisons",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team of specialists led by a team leader, covering one or more sites."""

    name = models.CharField(max_length=120, unique=True)
    leader = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="teams_led", null=True, blank=True)
    sites = models.ManyToManyField(Site, related_name="teams", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):  # type: ignore[django-manager-missing]  # django-otp devices are untyped
    """A member of staff. Each has one role; site and team say where they work."""

    role = models.CharField(max_length=30, choices=Role.choices)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="staff", null=True, blank=True, help_text="Base site."
    )
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, related_name="members", null=True, blank=True)
    is_service_account = models.BooleanField(
        default=False,
        help_text="A system that reads the API with a token, not a person. Only service accounts may hold API "
        "tokens; what they may read follows their role and site like everyone else.",
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A service account never holds a usable password, however it is saved (admin, command or shell)."""
        if self.is_service_account and self.has_usable_password():
            self.set_unusable_password()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "password"}
        super().save(*args, **kwargs)


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Audit rows are written once and never changed: bulk updates and deletes are refused."""

    def update(self, **kwargs: Any) -> int:
        raise AuditImmutableError("Audit events cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditImmutableError("Audit events cannot be deleted.")

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[AuditEvent]:
        if kwargs.get("update_conflicts"):
            raise AuditImmutableError("Audit events cannot be overwritten.")
        return super().bulk_create(objs, *args, **kwargs)


class AuditImmutableError(Exception):
    """Raised on any attempt to change or remove an audit event through the ORM."""


class AuditEvent(models.Model):
    """One read or write of participant data (or one change to a member of staff's access), chained to the previous
    event by a SHA-256 hash.

    `participant_id` is a plain integer, not a foreign key, so the trail survives anonymisation.
    """

    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(help_text="UTC.")
    user_id_at_event = models.BigIntegerField(null=True, blank=True)
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    participant_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    request_id = models.CharField(max_length=64, blank=True)
    detail = models.CharField(
        max_length=400,
        blank=True,
        default="",
        help_text="For changes to staff access: whom, from and to (never participant data). In the hash when set.",
    )
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["user_id_at_event", "occurred_at"], name="audit_user_time_idx")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.username} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or self.pk is not None:
            raise AuditImmutableError("Audit events cannot be updated.")
        kwargs["force_insert"] = True  # an instance carrying an existing pk must not turn into an UPDATE
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditImmutableError("Audit events cannot be deleted.")


class AuditChainHead(models.Model):
    """The single row holding the end of the audit chain. Writers lock it, so the chain never forks."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(id=1), name="audit_chain_head_single_row")]

    def __str__(self) -> str:
        return f"audit chain at #{self.last_sequence}"


class RecoveryCodeDevice(ThrottlingMixin, TimestampMixin, Device):
    """A django-otp device holding a member of staff's single-use recovery codes, stored only as SHA-256 hashes.

    django-otp's own static device keeps its codes in plain text, so this one keeps only hashes. Each code is 8
    base32 characters from `mfa.new_recovery_code()`: 40 random bits. Online guessing is what the codes resist: a
    code works once, wrong codes are throttled (doubling waits) and a password must come first. The hash is
    unsalted SHA-256, so it does not resist offline guessing by someone holding a copy of the database (2**40
    SHA-256 guesses are cheap); ASVS 5.0 6.5.2 asks for a salted password-hashing algorithm for look-up secrets
    under 112 bits, which this does not yet meet (docs/security.md says so).
    """

    def get_throttle_factor(self) -> int:
        """Seconds of wait after the first failure, doubling after each further one (django-otp throttling)."""
        return 1

    def verify_token(self, token: str) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        used = self.codes.filter(code_hash=recovery_code_hash(token)).first()
        if used is None:
            self.throttle_increment()
            return False
        used.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


def recovery_code_hash(code: str) -> str:
    """Codes are typed with or without the hyphen and in any case."""
    normalised = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normalised.encode()).hexdigest()


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return f"Recovery code {self.pk} of {self.device_id}"  # never the code: only its hash is stored


class SecurityEvent(models.Model):
    """Every authentication event (ASVS 16.3.1): sign-in and its failures, lockouts, second-factor steps, password
    and device changes, sign-out and session expiry. Append-only; never holds a password or a code."""

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=30, choices=SecurityEventKind.choices)
    user = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150, blank=True, help_text="As typed, for failed sign-ins.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["user", "occurred_at"], name="security_user_time_idx")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.kind} {self.username}"


class RoleChangeRequest(models.Model):
    """A change to a member of staff's role, site, team, activation or service-account flag, asked for by one person.

    One that would let the account read case data waits (`pending`) until a second person of the other kind
    approves or refuses it (`rules.staff_access`); any other change is applied at once and kept here as `applied`.
    The from and to values never change after the row is written; only the decision fields are filled in later.
    """

    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_by_role = models.CharField(max_length=30, choices=Role.choices, help_text="When they asked.")
    subject = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_change_requests")
    from_role = models.CharField(max_length=30, choices=Role.choices)
    from_site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    from_team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    from_active = models.BooleanField()
    from_service_account = models.BooleanField(default=False)
    to_role = models.CharField(max_length=30, choices=Role.choices)
    to_site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_active = models.BooleanField()
    to_service_account = models.BooleanField(default=False)
    reason = models.CharField(max_length=limits.PARAGRAPH)
    status = models.CharField(max_length=10, choices=RoleChangeStatus.choices, default=RoleChangeStatus.PENDING)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "change to staff access"
        verbose_name_plural = "changes to staff access"
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status", "requested_at"], name="role_change_status_time_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(subject=F("requested_by")), name="role_change_not_own_account"),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | (~Q(decided_by=F("requested_by")) & ~Q(decided_by=F("subject"))),
                name="role_change_decided_by_someone_else",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=RoleChangeStatus.PENDING, decided_by__isnull=True, decided_at__isnull=True)
                    | Q(
                        status__in=[RoleChangeStatus.APPROVED, RoleChangeStatus.REFUSED],
                        decided_by__isnull=False,
                        decided_at__isnull=False,
                    )
                    | Q(status=RoleChangeStatus.APPLIED, decided_by__isnull=True, decided_at__isnull=False)
                ),
                name="role_change_decision_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(requested_by_role__in=Role.values, from_role__in=Role.values, to_role__in=Role.values),
                name="role_change_roles_valid",
            ),
            models.UniqueConstraint(
                fields=["subject"],
                condition=Q(status=RoleChangeStatus.PENDING),
                name="role_change_one_pending_per_account",
            ),
        ]

    def __str__(self) -> str:
        return f"Change {self.pk} to {self.subject}: {self.from_description} to {self.to_description}"

    @property
    def from_description(self) -> str:
        return describe_access(
            self.get_from_role_display(), self.from_site, self.from_team, self.from_active, self.from_service_account
        )

    @property
    def to_description(self) -> str:
        return describe_access(
            self.get_to_role_display(), self.to_site, self.to_team, self.to_active, self.to_service_account
        )


def describe_access(role: str, site: Site | None, team: Team | None, active: bool, service_account: bool) -> str:
    """For example "Employment specialist at HMP Leeds, Team North", with "service account" and "switched off"."""
    text = role + (f" at {site}" if site else "") + (f", {team}" if team else "")
    notes = [note for note, applies in (("service account", service_account), ("switched off", not active)) if applies]
    return f"{text} ({', '.join(notes)})" if notes else text


class WorkerHeartbeat(models.Model):
    """The background worker's (`ipsgate worker`) latest sign of life, one row per worker process, written every
    few seconds; /readyz answers 503 when the newest is too old. Holds no personal data."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255, blank=True)
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.host} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
