"""The directory of partner organisations a specialist can signpost people to (issue 18 §1). No participant data:
the organisations, what they help with, where, who they take and how to refer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from ipsgate.core import limits
from ipsgate.core.fields import ProtectedTextField

from .choices import PartnerKind, Pathway, ReferralMethod, ReferralOutStatus


class PartnerQuerySet(models.QuerySet["Partner"]):
    def active(self) -> PartnerQuerySet:
        return self.filter(closed_on__isnull=True)


class Partner(models.Model):
    """An organisation the service refers people to. Active until it closes (`closed_on`)."""

    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=30, choices=PartnerKind.choices)
    prisons = models.ManyToManyField("core.Site", related_name="partners", blank=True)
    areas = models.CharField(
        max_length=limits.SHORT_TEXT,
        blank=True,
        help_text="Postcode districts or local authority areas served in the community, separated by commas.",
    )
    eligibility = models.TextField(blank=True, max_length=limits.PARAGRAPH)
    how_to_refer = models.TextField(blank=True, max_length=limits.PARAGRAPH)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    referral_form = models.URLField(blank=True)
    contact_name = models.CharField(max_length=150, blank=True)
    opening_hours = models.CharField(max_length=limits.SHORT_TEXT, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    community_mental_health_team = models.BooleanField(
        default=False,
        help_text="A community mental health team (CMHT): its referrals are counted with the CMHT referrals recorded "
        "on the health-care page (`selectors.cmht_referrals`).",
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:partner-detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.closed_on is None

    @property
    def area_list(self) -> list[str]:
        return [area for area in (part.strip() for part in self.areas.split(",")) if area]


class PartnerPathway(models.Model):
    """One resettlement pathway a partner helps with (a row each, so the directory filters by pathway in SQL)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="pathways")
    pathway = models.CharField(max_length=40, choices=Pathway.choices)

    class Meta:
        ordering = ["pathway"]
        constraints = [models.UniqueConstraint(fields=["partner", "pathway"], name="partner_pathway_unique")]

    def __str__(self) -> str:
        return self.get_pathway_display()


class ReferralOut(models.Model):
    """Signposting a participant to a partner (issue 18 §2), with the person's consent to share. Status and its
    date are the latest update's; the updates are the history."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="referrals_out")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="referrals")
    need = models.ForeignKey(
        "journey.ResettlementNeed", on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals_out"
    )
    pathway = models.CharField(max_length=40, choices=Pathway.choices)
    # Where the person was when referred (their site then), so the service map counts a referral at the prison it
    # was made from even after the person moves or is released.
    referred_from = models.ForeignKey("core.Site", on_delete=models.PROTECT, related_name="+")
    referred_on = models.DateField()
    method = models.CharField(max_length=20, choices=ReferralMethod.choices)
    asked = ProtectedTextField(max_length=limits.PARAGRAPH)
    consent_to_share = models.BooleanField()
    shared = ProtectedTextField(blank=True, max_length=limits.PARAGRAPH)
    status = models.CharField(max_length=20, choices=ReferralOutStatus.choices, default=ReferralOutStatus.SENT)
    status_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-referred_on", "-id"]
        indexes = [models.Index(fields=["participant", "status"], name="referral_out_participant_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(consent_to_share=True), name="referral_out_has_consent"),
            models.CheckConstraint(
                condition=models.Q(status_on__gte=models.F("referred_on")), name="referral_out_status_after_sent"
            ),
        ]

    def __str__(self) -> str:
        return f"Referral to {self.partner} on {self.referred_on:%-d %b %Y}"


class ReferralOutUpdate(models.Model):
    """One dated change of a referral's status. Append-only."""

    referral = models.ForeignKey(ReferralOut, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=ReferralOutStatus.choices)
    happened_on = models.DateField()
    note = ProtectedTextField(blank=True, max_length=limits.PARAGRAPH)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-happened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.happened_on:%-d %b %Y}"
