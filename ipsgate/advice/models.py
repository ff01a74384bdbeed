"""Convictions recorded for disclosure advice, disclosure statements, and saved better-off-in-work checks.

Conviction details are criminal-offence data: only the roles that give disclosure advice see them
(`see_offence_data` in `core.capabilities`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from ipsgate.core import limits
from ipsgate.core.fields import ProtectedCharField, ProtectedTextField
from ipsgate.rules.benefits import Capability
from ipsgate.rules.disclosure import Disposal
from ipsgate.rules.matching import LicenceKind, OffenceCategory

DISPOSAL_LABELS = {
    Disposal.CUSTODY: "Prison sentence (custody)",
    Disposal.SUSPENDED_CUSTODY: "Suspended prison sentence",
    Disposal.LIFE: "Life sentence",
    Disposal.IPP: "IPP or DPP sentence",
    Disposal.EXTENDED: "Extended sentence",
    Disposal.COMMUNITY_ORDER: "Community order",
    Disposal.YOUTH_REHABILITATION_ORDER: "Youth rehabilitation order",
    Disposal.REFERRAL_ORDER: "Referral order",
    Disposal.FINE: "Fine",
    Disposal.CONDITIONAL_DISCHARGE: "Conditional discharge",
    Disposal.ABSOLUTE_DISCHARGE: "Absolute discharge",
    Disposal.COMPENSATION_ORDER: "Compensation order",
    Disposal.BIND_OVER: "Bind over",
    Disposal.SIMPLE_CAUTION: "Simple caution",
    Disposal.CONDITIONAL_CAUTION: "Conditional caution",
    Disposal.YOUTH_CAUTION: "Youth caution",
    Disposal.YOUTH_CONDITIONAL_CAUTION: "Youth conditional caution",
}
DISPOSAL_CHOICES = [(d.value, DISPOSAL_LABELS[d]) for d in Disposal]
CAPABILITY_CHOICES = [
    (Capability.NONE.value, "No limited capability for work"),
    (Capability.LCW.value, "Limited capability for work (LCW)"),
    (Capability.LCWRA.value, "Limited capability for work and work-related activity (LCWRA)"),
]


# The categories employers and vacancies exclude (`employers.choices.OffenceExclusion`), so matching can weigh a
# conviction against them; "other" last.
OFFENCE_CATEGORY_CHOICES = [
    (OffenceCategory.ARSON.value, "Arson"),
    (OffenceCategory.DRIVING.value, "Driving offence"),
    (OffenceCategory.DRUGS.value, "Drugs offence"),
    (OffenceCategory.FRAUD.value, "Fraud and dishonesty"),
    (OffenceCategory.SEXUAL.value, "Sexual offence"),
    (OffenceCategory.TERRORISM.value, "Terrorism"),
    (OffenceCategory.THEFT.value, "Theft and burglary"),
    (OffenceCategory.VIOLENCE.value, "Violence"),
    (OffenceCategory.OTHER.value, "Other (none of these)"),
]
LICENCE_KIND_CHOICES = [
    (LicenceKind.NO_WORK_WITH_CHILDREN.value, "No work with children"),
    (LicenceKind.NO_WORK_WITH_VULNERABLE_ADULTS.value, "No work with vulnerable adults"),
    (LicenceKind.EXCLUSION_ZONE.value, "Exclusion zone"),
    (LicenceKind.CURFEW.value, "Curfew"),
    (LicenceKind.NO_DRIVING.value, "No driving"),
    (LicenceKind.OTHER.value, "Other"),
]


class ConvictionRecord(models.Model):
    """A conviction or caution, with what the disclosure rules need to work out when it is spent."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="convictions")
    description = ProtectedCharField(max_length=200, help_text="A short description, e.g. 'Theft from a shop'.")
    conviction_date = models.DateField()
    disposal = models.CharField(max_length=40, choices=DISPOSAL_CHOICES)
    length_months = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(1200)]
    )
    sentence_end = models.DateField(null=True, blank=True)
    order_end = models.DateField(null=True, blank=True)
    schedule_18 = models.BooleanField(default=False)
    specified_offence = models.BooleanField(default=False)
    summary_only = models.BooleanField(default=False)
    # The one place a person's offence category is recorded; employers' exclusions are matched against it.
    offence_category = models.CharField(max_length=20, choices=OFFENCE_CATEGORY_CHOICES, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["conviction_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sentence_end__isnull=True) | Q(sentence_end__gte=models.F("conviction_date")),
                name="conviction_sentence_end_after_conviction",
            ),
            models.CheckConstraint(
                condition=Q(order_end__isnull=True) | Q(order_end__gte=models.F("conviction_date")),
                name="conviction_order_end_after_conviction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.conviction_date:%d %b %Y})"


class LicenceCondition(models.Model):
    """A licence condition that limits work (criminal-offence data: the same roles as convictions see it)."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="licence_conditions")
    kind = models.CharField(max_length=30, choices=LICENCE_KIND_CHOICES)
    detail = ProtectedCharField(max_length=300, blank=True)
    districts = models.JSONField(default=list, blank=True, help_text="Exclusion zone: postcode districts, e.g. LS9.")
    curfew_from = models.TimeField(null=True, blank=True)
    curfew_to = models.TimeField(null=True, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="licence_condition_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(kind="curfew") | (Q(curfew_from__isnull=False) & Q(curfew_to__isnull=False)),
                name="licence_curfew_has_times",
            ),
        ]
        indexes = [models.Index(fields=["participant", "end_date"], name="licence_participant_idx")]

    def __str__(self) -> str:
        return self.get_kind_display()


class DisclosureStatement(models.Model):
    """A disclosure letter drafted with the person, in their own words, for a kind of job or an employer."""

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="disclosure_statements"
    )
    purpose = models.CharField(max_length=150, help_text="The job or employer it is for.")
    what_happened = ProtectedTextField(max_length=limits.PARAGRAPH)
    what_has_changed = ProtectedTextField(max_length=limits.PARAGRAPH)
    why_this_job = ProtectedTextField(max_length=limits.PARAGRAPH)
    letter = ProtectedTextField(max_length=limits.LETTER)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"Disclosure statement for {self.purpose}"


class BetterOffCheck(models.Model):
    """A saved better-off-in-work calculation: the inputs and the answer as it was given."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="better_off_checks")
    label = models.CharField(max_length=150, help_text="What it is for, e.g. a vacancy or 'What if 30 hours'.")
    tax_year = models.CharField(max_length=7)
    age = models.PositiveSmallIntegerField(validators=[MinValueValidator(16), MaxValueValidator(120)])
    partner_age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(16), MaxValueValidator(120)]
    )
    children = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(20)])
    capability = models.CharField(max_length=10, choices=CAPABILITY_CHOICES, default=Capability.NONE.value)
    lcwra_protected = models.BooleanField(default=False)
    housing_costs = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    capital = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    other_income = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    deductions = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1)
    hourly_pay = models.DecimalField(max_digits=7, decimal_places=2)
    result = models.JSONField(help_text="The calculator's answer when the check was saved.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours_per_week__gt=0), name="better_off_hours_positive"),
            models.CheckConstraint(condition=Q(hourly_pay__gt=0), name="better_off_pay_positive"),
        ]

    def __str__(self) -> str:
        return f"Better-off check: {self.label}"


class UcRate(models.Model):
    """One Universal Credit, tax or NI rate for a tax year, editable by an administrator, with its source.

    Seeded from `ipsgate.rules.uc_rates`; the calculator uses these rows when a year has them.
    """

    tax_year = models.CharField(max_length=7)
    name = models.CharField(max_length=60)
    value = models.DecimalField(max_digits=12, decimal_places=4)
    source = models.TextField(max_length=limits.PARAGRAPH)
    confirmed = models.BooleanField(default=True, help_text="Untick if the value is not yet confirmed by DWP or HMRC.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["tax_year", "name"]
        constraints = [models.UniqueConstraint(fields=["tax_year", "name"], name="uc_rate_unique_per_year")]

    def __str__(self) -> str:
        return f"{self.tax_year} {self.name} = {self.value}"
