"""The through-the-gate journey: the vocational profile, resettlement needs, support contacts, the custody
timeline, and reminder notifications.

Health details (adjustments, mental health care) and what may be disclosed are special-category data:
pages show them only to roles allowed by `core.scoping`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from ipsgate.core import limits
from ipsgate.core.fields import ProtectedCharField, ProtectedTextField
from ipsgate.rules.release_readiness import ITEMS, ItemStatus

from .choices import (
    AppointmentKind,
    AppointmentOutcome,
    ChecklistStatus,
    CmhtReferralOutcome,
    ContactMode,
    ContactWith,
    CustodyEventKind,
    DisclosedBy,
    DisclosureShare,
    HoursWanted,
    IdDocument,
    NeedStatus,
    Pathway,
    QualificationKind,
    Responsible,
)


class VocationalProfile(models.Model):
    """The IPS career profile. It exists once any section is saved: a started profile means the person is
    engaged (IPS Grow definition)."""

    participant = models.OneToOneField(
        "people.Participant", on_delete=models.CASCADE, related_name="vocational_profile"
    )
    started_at = models.DateTimeField()
    # Job goals
    job_sectors = models.JSONField(default=list, blank=True, help_text="JobSector codes, most wanted first.")
    job_goal = models.TextField(blank=True, max_length=limits.NOTE)
    hours_wanted = models.CharField(max_length=20, choices=HoursWanted.choices, blank=True)
    min_hours_per_week = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    max_hours_per_week = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    # Travel
    postcode_district = models.CharField(max_length=4, blank=True, help_text="Outward code, e.g. LS9.")
    max_travel_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(5), MaxValueValidator(180)]
    )
    max_travel_km = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    # Strengths and interests
    strengths = models.TextField(blank=True, max_length=limits.NOTE)
    interests = models.TextField(blank=True, max_length=limits.NOTE)
    # Adjustments that help at work (health data)
    adjustment_kinds = models.JSONField(default=list, blank=True)
    adjustments = ProtectedTextField(blank=True, max_length=limits.NOTE)
    # Right to work in the UK
    right_to_work_confirmed = models.BooleanField(null=True, blank=True)
    right_to_work_evidence = models.CharField(max_length=200, blank=True)
    # Disclosure preferences
    disclosure_share = models.CharField(max_length=20, choices=DisclosureShare.choices, blank=True)
    disclosed_by = models.CharField(max_length=20, choices=DisclosedBy.choices, blank=True)
    disclosure_plan = ProtectedTextField(blank=True, max_length=limits.NOTE)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(min_hours_per_week__isnull=True)
                | Q(max_hours_per_week__isnull=True)
                | Q(min_hours_per_week__lte=models.F("max_hours_per_week")),
                name="profile_hours_range_ordered",
            ),
        ]
        indexes = [models.Index(fields=["started_at"], name="profile_started_idx")]

    def __str__(self) -> str:
        return f"Vocational profile of {self.participant}"


class ProfileSectionChange(models.Model):
    """Who last changed each section of a profile, and when."""

    profile = models.ForeignKey(VocationalProfile, on_delete=models.CASCADE, related_name="section_changes")
    section = models.CharField(max_length=30)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "section"], name="profile_section_unique")]

    def __str__(self) -> str:
        return f"{self.section} changed {self.changed_at:%d %b %Y}"


class WorkHistoryEntry(models.Model):
    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="work_history")
    employer = models.CharField(max_length=150)
    role = models.CharField(max_length=150)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    why_it_ended = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="work_history_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} at {self.employer}"


class Qualification(models.Model):
    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="qualifications")
    kind = models.CharField(max_length=30, choices=QualificationKind.choices)
    detail = models.CharField(max_length=200, blank=True, help_text="e.g. 'Level 2' or 'Full UK licence, no points'.")
    expires_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class ResettlementNeed(models.Model):
    """A need on one resettlement pathway. Status and responsibility are the latest update's."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="needs")
    pathway = models.CharField(max_length=40, choices=Pathway.choices)
    title = models.CharField(max_length=150)
    status = models.CharField(max_length=20, choices=NeedStatus.choices, default=NeedStatus.NOT_STARTED)
    responsible = models.CharField(max_length=20, choices=Responsible.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["pathway", "title", "id"]
        indexes = [models.Index(fields=["participant", "pathway"], name="need_participant_idx")]

    def __str__(self) -> str:
        return self.title


class NeedUpdate(models.Model):
    """One dated entry in a need's history. Append-only."""

    need = models.ForeignKey(ResettlementNeed, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=NeedStatus.choices)
    responsible = models.CharField(max_length=20, choices=Responsible.choices)
    note = ProtectedTextField(blank=True, max_length=limits.NOTE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["need", "-recorded_at"], name="need_update_need_idx")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.recorded_at:%d %b %Y}"


class MentalHealthCare(models.Model):
    """Links to health care in the community (health data): GP, community mental health team, care coordinator."""

    participant = models.OneToOneField(
        "people.Participant", on_delete=models.CASCADE, related_name="mental_health_care"
    )
    gp_registered = models.BooleanField(null=True, blank=True)
    gp_practice = ProtectedCharField(max_length=150, blank=True)
    cmht_referral_date = models.DateField(null=True, blank=True)
    cmht_referral_outcome = models.CharField(max_length=20, choices=CmhtReferralOutcome.choices, blank=True)
    care_coordinator = ProtectedCharField(max_length=150, blank=True)
    care_coordinator_contact = ProtectedCharField(max_length=150, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(cmht_referral_outcome="") | Q(cmht_referral_date__isnull=False),
                name="cmht_outcome_needs_referral_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Mental health care links for {self.participant}"


class SupportContact(models.Model):
    """A meeting, call or message. An attempt that did not happen is kept, marked as not taking place."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="contacts")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()
    contact_with = models.CharField(max_length=20, choices=ContactWith.choices)
    mode = models.CharField(max_length=20, choices=ContactMode.choices)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    took_place = models.BooleanField(default=True, help_text="False for an attempt that did not happen.")
    topics = models.JSONField(default=list, blank=True, help_text="ContactTopic codes.")
    note = ProtectedTextField(blank=True, max_length=limits.NOTE)
    # In-work support: a contact about a job is with the employee or their manager.
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.SET_NULL, null=True, blank=True, related_name="support_contacts"
    )
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="support_contacts"
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=24 * 60),
                name="contact_duration_within_a_day",
            ),
            # In-work support about a job is with the employee or their employer/manager.
            models.CheckConstraint(
                condition=Q(job__isnull=True) | Q(contact_with__in=["participant", "employer"]),
                name="contact_about_job_with_employee_or_manager",
            ),
        ]
        indexes = [models.Index(fields=["participant", "-occurred_at"], name="contact_participant_time_idx")]

    def __str__(self) -> str:
        return f"{self.get_contact_with_display()} contact on {self.occurred_at:%d %b %Y}"


class CustodyEvent(models.Model):
    """A dated change in custody. The participant's custody status, site and release dates are kept in step
    by `journey.services.custody_event_record`; these rows are the history, never rewritten."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="custody_events")
    kind = models.CharField(max_length=30, choices=CustodyEventKind.choices)
    event_date = models.DateField()
    prison = models.ForeignKey("core.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    expected_release_date = models.DateField(null=True, blank=True)
    note = ProtectedCharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-event_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_release_date__isnull=True) | Q(expected_release_date__gte=models.F("event_date")),
                name="custody_event_release_after_event",
            ),
        ]
        indexes = [models.Index(fields=["participant", "-event_date"], name="custody_event_participant_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.event_date:%d %b %Y}"


class ReminderNotification(models.Model):
    """A reminder recorded by `ipsgate reminders`. The key makes re-running idempotent."""

    key = models.CharField(max_length=120, unique=True, help_text="participant:task kind:due date")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="reminders")
    task_kind = models.CharField(max_length=40)
    due_date = models.DateField()
    reason = models.CharField(max_length=400)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="reminder_recipient_idx")]

    def __str__(self) -> str:
        return f"{self.task_kind} due {self.due_date:%d %b %Y}"


class Appointment(models.Model):
    """Something planned with or for the person: a prison visit, a meeting after release, a job interview, an
    induction, a first day at work, probation or the community mental health team. Planned ahead (any date); what
    happened is recorded once the day has come (`journey.services.appointment_outcome_record`), and a day that
    passes with nothing recorded, or a missed appointment, becomes a task (`rules.reminders.planning_tasks`).

    Where, who with and what to bring are personal free text, encrypted at rest."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="appointments")
    kind = models.CharField(max_length=30, choices=AppointmentKind.choices)
    starts_at = models.DateTimeField()
    place = ProtectedCharField(max_length=limits.SHORT_TEXT, blank=True)
    with_whom = ProtectedCharField(max_length=limits.SHORT_TEXT, blank=True)
    what_to_bring = ProtectedTextField(max_length=limits.PARAGRAPH, blank=True)
    outcome = models.CharField(max_length=20, choices=AppointmentOutcome.choices, blank=True)
    outcome_note = ProtectedTextField(max_length=limits.PARAGRAPH, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(outcome_recorded_at__isnull=True))
                | (~Q(outcome="") & Q(outcome_recorded_at__isnull=False)),
                name="appointment_outcome_has_time",
            ),
        ]
        indexes = [models.Index(fields=["participant", "outcome", "starts_at"], name="appointment_participant_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.starts_at:%d %b %Y}"


NOT_STARTED = ItemStatus.NOT_STARTED.value


class ReleaseChecklist(models.Model):
    """The ready-for-release checklist (`rules.release_readiness.ITEMS`): for each item, a status and the date of
    that status (`<item>_status`, `<item>_on`); for photo ID, which document. One per person, beside their
    resettlement needs. A test checks the columns match the items."""

    participant = models.OneToOneField("people.Participant", on_delete=models.CASCADE, related_name="release_checklist")
    id_document = models.CharField(max_length=30, choices=IdDocument.choices, blank=True)
    id_status = models.CharField(max_length=20, choices=ChecklistStatus.choices, default=NOT_STARTED)
    id_on = models.DateField(null=True, blank=True)
    bank_account_status = models.CharField(max_length=20, choices=ChecklistStatus.choices, default=NOT_STARTED)
    bank_account_on = models.DateField(null=True, blank=True)
    uc_claim_status = models.CharField(max_length=20, choices=ChecklistStatus.choices, default=NOT_STARTED)
    uc_claim_on = models.DateField(null=True, blank=True)
    uc_appointment_status = models.CharField(max_length=20, choices=ChecklistStatus.choices, default=NOT_STARTED)
    uc_appointment_on = models.DateField(null=True, blank=True)
    debts_status = models.CharField(max_length=20, choices=ChecklistStatus.choices, default=NOT_STARTED)
    debts_on = models.DateField(null=True, blank=True)
    debt_advice_status = models.CharField(max_length=20, choices=ChecklistStatus.choices, default=NOT_STARTED)
    debt_advice_on = models.DateField(null=True, blank=True)
    cv_status = models.CharField(max_length=20, choices=ChecklistStatus.choices, default=NOT_STARTED)
    cv_on = models.DateField(null=True, blank=True)
    disclosure_letter_status = models.CharField(max_length=20, choices=ChecklistStatus.choices, default=NOT_STARTED)
    disclosure_letter_on = models.DateField(null=True, blank=True)
    interview_clothing_status = models.CharField(max_length=20, choices=ChecklistStatus.choices, default=NOT_STARTED)
    interview_clothing_on = models.DateField(null=True, blank=True)
    travel_status = models.CharField(max_length=20, choices=ChecklistStatus.choices, default=NOT_STARTED)
    travel_on = models.DateField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Ready-for-release checklist for {self.participant}"

    def statuses(self) -> dict[str, str]:
        return {item.code: getattr(self, f"{item.code}_status") for item in ITEMS}


class Handover(models.Model):
    """Who supports the person after release: a handover to a community specialist with a note, or a record that
    the same specialist continues. A handover stays open until the new specialist confirms they have picked it up
    (a task until then)."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="handovers")
    release = models.OneToOneField(
        CustodyEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="handover"
    )
    from_specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_specialist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    same_specialist = models.BooleanField(help_text="The same specialist continues: nothing to hand over.")
    note = ProtectedTextField(max_length=limits.NOTE, blank=True)
    handed_over_on = models.DateField()
    picked_up_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-handed_over_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(picked_up_on__isnull=True) | Q(picked_up_on__gte=models.F("handed_over_on")),
                name="handover_picked_up_after_handover",
            ),
            models.CheckConstraint(
                condition=Q(same_specialist=False) | Q(picked_up_on__isnull=True),
                name="handover_same_specialist_nothing_to_pick_up",
            ),
        ]

    def __str__(self) -> str:
        return f"Handover on {self.handed_over_on:%d %b %Y}"
