"""Applications (the pipeline from interest to a job start), jobs, and sustainment checks."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from ipsgate.core import limits
from ipsgate.core.fields import ProtectedCharField
from ipsgate.employers.choices import ContractType
from ipsgate.rules.applications import Status
from ipsgate.rules.employment import SUSTAINMENT_WEEKS

from .choices import SUSTAINMENT_WEEK_CHOICES, ApplicationStatus, JobEndReason, NotStartedReason


class Application(models.Model):
    """A participant pursuing a vacancy, or a job found outside the listed vacancies (employer and title).

    Status moves only through `jobs.services.application_advance`, which checks `rules.applications`.
    """

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="applications")
    vacancy = models.ForeignKey(
        "employers.Vacancy", on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    employer = models.ForeignKey("employers.Employer", on_delete=models.PROTECT, related_name="applications")
    job_title = models.CharField(max_length=150)
    status = models.CharField(max_length=20, choices=ApplicationStatus.choices, default=Status.INTERESTED.value)
    not_started_reason = models.CharField(max_length=20, choices=NotStartedReason.choices, blank=True)
    offer_date = models.DateField(null=True, blank=True, help_text="When an offer was made, if one was.")
    interview_at = models.DateTimeField(null=True, blank=True, help_text="When the interview is (or was).")
    expected_start_date = models.DateField(
        null=True, blank=True, help_text="When the person is expected to start, once an offer is accepted."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in Status]), name="application_status_valid"),
            models.CheckConstraint(
                condition=(Q(status=Status.OFFER_NOT_STARTED.value) & ~Q(not_started_reason=""))
                | (~Q(status=Status.OFFER_NOT_STARTED.value) & Q(not_started_reason="")),
                name="application_not_started_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "status"], name="application_participant_idx"),
            models.Index(fields=["vacancy", "status"], name="application_vacancy_idx"),
            models.Index(fields=["status", "offer_date"], name="application_offer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.job_title} at {self.employer}" if self.employer_id else self.job_title

    @property
    def is_closed(self) -> bool:
        from ipsgate.rules.applications import CLOSED

        return Status(self.status) in CLOSED


class ApplicationStatusChange(models.Model):
    """One step in an application's history. Append-only: rows are added, never changed."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    reason = models.CharField(max_length=20, choices=NotStartedReason.choices, blank=True)
    on_date = models.DateField()
    note = models.TextField(blank=True, max_length=limits.NOTE)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["application", "changed_at"], name="application_history_idx")]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status} on {self.on_date:%d %b %Y}"


class Job(models.Model):
    """A spell of paid work. Competitive (open-market, at least minimum wage for age on the start date, not set
    aside for disabled people) is computed by `rules.employment.competitive_employment` when saved."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="jobs")
    employer = models.ForeignKey("employers.Employer", on_delete=models.PROTECT, related_name="jobs")
    application = models.OneToOneField(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="job"
    )
    job_title = models.CharField(max_length=150)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=JobEndReason.choices, blank=True)
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))])
    hourly_pay = models.DecimalField(max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    contract_type = models.CharField(max_length=30, choices=ContractType.choices, default=ContractType.PERMANENT)
    first_four_paid_hours_done = models.DateField(
        null=True, blank=True, help_text="IPS Grow: a job start counts once the first 4 paid hours are done."
    )
    open_labour_market = models.BooleanField(default=True, help_text="Anyone could apply for it.")
    reserved_for_disabled_people = models.BooleanField(default=False)
    rotl_while_in_custody = models.BooleanField(default=False, help_text="Paid work on ROTL while still serving.")
    # The prison the person was released from (or is serving in, for ROTL work): the employment register's key.
    released_from = models.ForeignKey(
        "core.Site",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "prison"},
    )
    # After a recall the employer may keep the job open: it stays current but is not worked until release
    # (`rules.employment.job_being_worked`). Set by `journey.services.custody_event_record` through
    # `jobs.services.jobs_on_recall`; the reason is about a recall, so it is encrypted like the custody note.
    held_from = models.DateField(null=True, blank=True, help_text="The employer kept the job open from this date.")
    held_reason = ProtectedCharField(max_length=limits.SHORT_TEXT, blank=True, default="", db_default="")
    competitive = models.BooleanField(default=True)
    competitive_explanation = models.CharField(max_length=400, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="job_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=100), name="job_hours_plausible"
            ),
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(end_reason=""))
                | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="job_ended_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(first_four_paid_hours_done__isnull=True)
                | Q(first_four_paid_hours_done__gte=models.F("start_date")),
                name="job_first_hours_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "end_date"], name="job_participant_idx"),
            models.Index(fields=["employer", "start_date"], name="job_employer_idx"),
            models.Index(fields=["released_from", "employer"], name="job_register_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.job_title} at {self.employer}" if self.employer_id else self.job_title

    @property
    def is_current(self) -> bool:
        return self.end_date is None

    @property
    def employer_name(self) -> str:
        """Kept for pages written before jobs linked to employers; select_related('employer') to avoid a query."""
        return self.employer.name


class SustainmentCheck(models.Model):
    """Whether the person was still in work 4, 13, 26 or 52 weeks after the job started."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="sustainment_checks")
    week = models.PositiveSmallIntegerField(choices=SUSTAINMENT_WEEK_CHOICES)
    checked_on = models.DateField()
    still_in_work = models.BooleanField()
    note = models.TextField(blank=True, max_length=limits.NOTE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["week", "id"]
        constraints = [
            models.UniqueConstraint(fields=["job", "week"], name="sustainment_one_per_week"),
            models.CheckConstraint(condition=Q(week__in=list(SUSTAINMENT_WEEKS)), name="sustainment_week_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.week}-week check: {'in work' if self.still_in_work else 'not in work'}"
