"""Data protection for each participant: lawful basis, conditions, consent, legal hold, and their history.

One record per participant (created when first saved), and an append-only history of every change with who
and when. The history holds choice labels, dates and the reasons given for a legal hold, never health or
offence details.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from ipsgate.core import limits

from .choices import (
    ChangeKind,
    ConsentMethod,
    HealthCondition,
    LawfulBasis,
    MentorSection,
    OffenceCondition,
    ResearchConsent,
)


class DataProtectionRecord(models.Model):
    """The lawful basis and consent recorded for one participant, and whether their record is on legal hold."""

    participant = models.OneToOneField("people.Participant", on_delete=models.CASCADE, related_name="data_protection")
    lawful_basis = models.CharField(max_length=10, choices=LawfulBasis.choices, blank=True)
    health_condition = models.CharField(max_length=10, choices=HealthCondition.choices, blank=True)
    offence_condition = models.CharField(max_length=10, choices=OffenceCondition.choices, blank=True)
    service_consent_date = models.DateField(null=True, blank=True)
    service_consent_method = models.CharField(max_length=20, choices=ConsentMethod.choices, blank=True)
    research_consent = models.CharField(
        max_length=10, choices=ResearchConsent.choices, default=ResearchConsent.NOT_ASKED
    )
    research_consent_date = models.DateField(null=True, blank=True)
    privacy_notice_date = models.DateField(null=True, blank=True)
    # Issue 17 §2: the sections of the record the person agreed their peer mentor may see (MentorSection codes).
    mentor_sections = models.JSONField(
        default=list, blank=True, verbose_name="sections their mentor may see", help_text="MentorSection codes."
    )
    legal_hold = models.BooleanField(default=False)
    legal_hold_reason = models.TextField(blank=True, max_length=limits.PARAGRAPH)
    legal_hold_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    legal_hold_set_at = models.DateTimeField(null=True, blank=True)
    anonymised_on = models.DateField(null=True, blank=True, help_text="Set by `ipsgate retention --apply`.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["participant_id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(legal_hold=True) & Q(legal_hold_set_at__isnull=False) & ~Q(legal_hold_reason=""))
                | (Q(legal_hold=False) & Q(legal_hold_set_at__isnull=True) & Q(legal_hold_set_by__isnull=True)),
                name="privacy_hold_has_reason_and_time",
            ),
            models.CheckConstraint(
                condition=Q(service_consent_method="") | Q(service_consent_date__isnull=False),
                name="privacy_consent_method_needs_date",
            ),
            models.CheckConstraint(
                condition=(Q(research_consent="not_asked") & Q(research_consent_date__isnull=True))
                | (Q(research_consent__in=["yes", "no"]) & Q(research_consent_date__isnull=False)),
                name="privacy_research_answer_has_date",
            ),
        ]
        indexes = [models.Index(fields=["legal_hold"], name="privacy_hold_idx")]

    def __str__(self) -> str:
        return f"Data protection record for participant {self.participant_id}"

    @property
    def mentor_section_labels(self) -> list[str]:
        labels = dict(MentorSection.choices)
        return [labels.get(code, code) for code in self.mentor_sections]


class DataProtectionChange(models.Model):
    """One change to a data protection record. Append-only: rows are added, never changed."""

    record = models.ForeignKey(DataProtectionRecord, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    changes = models.JSONField(default=dict, blank=True, help_text="Field label: [before, after], as shown.")
    reason = models.TextField(blank=True, max_length=limits.PARAGRAPH)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["record", "-changed_at"], name="privacy_change_record_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.changed_at:%d %b %Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("Data protection history is append-only.")
        super().save(*args, **kwargs)
