"""Employers the service works with, the people there, the job-development log, and vacancies.

Employers are shared across the whole service (not scoped to a caseload). Participant details appear here only
through the employer disclosure guard (`employers.disclosure_guard`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ipsgate.core import limits
from ipsgate.core.choices import JobSector
from ipsgate.rules.matching import exclusion_mask
from ipsgate.rules.minimum_wage import PayCheck, annual_to_hourly, listed_pay_check
from ipsgate.rules.postcodes import district_centroid, outward_code

from .choices import (
    ContactPurpose,
    ContractType,
    DbsLevel,
    EmployerSector,
    EmployerSize,
    OffenceExclusion,
    PartnershipLevel,
    PayPeriod,
    VacancyStatus,
    WorkPattern,
)


def exclusion_labels(codes: list[str]) -> list[str]:
    labels = dict(OffenceExclusion.choices)
    return [labels.get(code, code) for code in codes]


class Employer(models.Model):
    """An employer the service works with or would like to."""

    name = models.CharField(max_length=150)
    sector = models.CharField(max_length=40, choices=EmployerSector.choices)
    size = models.CharField(max_length=10, choices=EmployerSize.choices, blank=True)
    address = models.TextField(blank=True, max_length=limits.SHORT_TEXT)
    postcode = models.CharField(max_length=8, blank=True)
    postcode_district = models.CharField(max_length=4, blank=True, editable=False)
    relationship_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="employers_owned"
    )
    partnership_level = models.CharField(max_length=20, choices=PartnershipLevel.choices, default=PartnershipLevel.NONE)
    offence_exclusions = models.JSONField(default=list, blank=True, help_text="OffenceExclusion codes.")
    # The same exclusions as bits, so matching can rule vacancies out in SQL (see rules.matching.exclusion_mask).
    offence_exclusion_mask = models.PositiveIntegerField(default=0, editable=False)
    takes_rotl = models.BooleanField(default=False, help_text="Takes people on Release on Temporary Licence.")
    usual_dbs_level = models.CharField(max_length=20, choices=DbsLevel.choices, default=DbsLevel.NONE)
    notes = models.TextField(blank=True, max_length=limits.NOTE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name"], name="employer_name_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.postcode_district = outward_code(self.postcode)
        self.offence_exclusion_mask = exclusion_mask(self.offence_exclusions)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("employers:employer-detail", args=[self.pk])

    @property
    def offence_exclusion_labels(self) -> list[str]:
        return exclusion_labels(self.offence_exclusions)


class EmployerContactPerson(models.Model):
    """A named person at an employer: a manager, a recruiter, an HR contact."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name}, {self.job_title}" if self.job_title else self.name


class EmployerContact(models.Model):
    """One job-development contact with an employer (the IPS weekly employer-contact log)."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contacts")
    contact_person = models.ForeignKey(
        EmployerContactPerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    specialist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="employer_contacts")
    contact_date = models.DateField()
    face_to_face = models.BooleanField()
    purpose = models.CharField(max_length=30, choices=ContactPurpose.choices)
    participants_discussed = models.ManyToManyField("people.Participant", blank=True, related_name="employer_contacts")
    note = models.TextField(blank=True, max_length=limits.NOTE)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contact_date", "-id"]
        indexes = [
            models.Index(fields=["specialist", "contact_date"], name="employer_contact_spec_idx"),
            models.Index(fields=["employer", "-contact_date"], name="employer_contact_emp_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} with {self.employer} on {self.contact_date:%d %b %Y}"


class Vacancy(models.Model):
    """A job opening at an employer."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="vacancies")
    title = models.CharField(max_length=150)
    sector = models.CharField(max_length=30, choices=JobSector.choices)
    postcode = models.CharField(max_length=8)
    # Derived from the postcode on save, so matching can filter by place in SQL.
    postcode_district = models.CharField(max_length=4, blank=True, editable=False)
    easting = models.IntegerField(null=True, blank=True, editable=False)
    northing = models.IntegerField(null=True, blank=True, editable=False)
    hours_per_week = models.DecimalField(
        max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("60"))]
    )
    work_pattern = models.CharField(max_length=20, choices=WorkPattern.choices)
    contract_type = models.CharField(max_length=30, choices=ContractType.choices)
    pay_amount = models.DecimalField(max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    pay_period = models.CharField(max_length=10, choices=PayPeriod.choices, default=PayPeriod.HOURLY)
    hourly_pay = models.DecimalField(
        max_digits=7, decimal_places=2, editable=False, help_text="Annual pay ÷ (52.143 × hours a week)."
    )
    closing_date = models.DateField(null=True, blank=True, help_text="Blank for a rolling vacancy.")
    start_date = models.DateField(
        null=True,
        blank=True,
        help_text="When the job starts, if the employer says; matching uses it (else the "
        "closing date) to tell whether someone in custody would start after release.",
    )
    offence_exclusions = models.JSONField(default=list, blank=True, help_text="OffenceExclusion codes.")
    offence_exclusion_mask = models.PositiveIntegerField(default=0, editable=False)
    dbs_level = models.CharField(max_length=20, choices=DbsLevel.choices, default=DbsLevel.NONE)
    suitable_for_rotl = models.BooleanField(default=False)
    works_with_children = models.BooleanField(default=False)
    works_with_vulnerable_adults = models.BooleanField(default=False)
    involves_driving = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["closing_date", "id"]
        verbose_name_plural = "vacancies"
        constraints = [
            models.CheckConstraint(condition=Q(status__in=VacancyStatus.values), name="vacancy_status_valid"),
            models.CheckConstraint(condition=Q(hours_per_week__gt=0), name="vacancy_hours_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "closing_date"], name="vacancy_open_idx"),
            models.Index(fields=["status", "easting", "northing"], name="vacancy_place_idx"),
            models.Index(fields=["employer", "status"], name="vacancy_employer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.employer}" if self.employer_id else self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("employers:vacancy-detail", args=[self.pk])

    def derive(self) -> None:
        """Fill the derived fields (district, grid reference, hourly pay, exclusion bits)."""
        self.postcode_district = outward_code(self.postcode)
        centroid = district_centroid(self.postcode_district) if self.postcode_district else None
        self.easting = centroid.easting if centroid else None
        self.northing = centroid.northing if centroid else None
        self.hourly_pay = (
            annual_to_hourly(self.pay_amount, self.hours_per_week)
            if self.pay_period == PayPeriod.ANNUAL
            else self.pay_amount
        )
        self.offence_exclusion_mask = exclusion_mask(self.offence_exclusions)

    @property
    def offence_exclusion_labels(self) -> list[str]:
        return exclusion_labels(self.offence_exclusions)

    @property
    def apprenticeship(self) -> bool:
        return self.contract_type == ContractType.APPRENTICESHIP

    def pay_check(self, on: date) -> PayCheck | None:
        """Its pay against the least anyone may legally be paid in it: the apprentice rate for an apprenticeship,
        else the National Living Wage (21 and over). None when no rates are held for the date."""
        return listed_pay_check(self.hourly_pay, on=on, apprenticeship=self.apprenticeship)
