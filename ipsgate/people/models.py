"""Participants, how they came to the service (referrals) and their periods of support (episodes)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.urls import reverse

from ipsgate.core import limits
from ipsgate.core.choices import Role
from ipsgate.core.fields import ProtectedCharField, ProtectedTextField
from ipsgate.core.scoping import team_site_ids
from ipsgate.rules.randomisation import Arm

from .choices import (
    IN_CUSTODY_STATUSES,
    AccommodationStatus,
    ClosureReason,
    ContactMethod,
    CustodyStatus,
    Language,
    ReferralOutcome,
    ReferralSource,
    Sex,
)
from .validators import validate_prison_number

DUPLICATE_PRISON_NUMBER = "This prison number is already recorded for someone else"
SEARCH_WORDS = 4  # more words than this narrow nothing useful and cost a join each
SERVICE_AS_USUAL = Arm.SAU.value  # the evaluation's comparison group, which does not get IPS


def latest_referral_arm() -> Subquery:
    """The evaluation arm of the person's latest referral (None when it has none). It follows the reverse relation
    `Referral.allocation` (the evaluation app's model) rather than importing it, so people stays below evaluation."""
    latest = Referral.objects.filter(participant=OuterRef("pk")).order_by("-referral_date", "-id")
    return Subquery(latest.values("allocation__arm")[:1])


def in_service_as_usual() -> Exact:
    """True when the latest referral is in the service-as-usual group; False otherwise (never NULL)."""
    return Exact(Coalesce(latest_referral_arm(), Value("")), SERVICE_AS_USUAL)


def with_service_as_usual(participants: models.QuerySet[Participant]) -> models.QuerySet[Participant]:
    """Annotate `service_as_usual`: the latest referral was allocated to the evaluation's service-as-usual group. The
    one definition, read by the phase and task facts, the case registry's flag and every IPS count. A subquery in
    the same SELECT (no extra query); annotating twice adds it once."""
    if "service_as_usual" in participants.query.annotations:
        return participants
    return participants.annotate(service_as_usual=in_service_as_usual())


if TYPE_CHECKING:
    from ipsgate.core.models import User


class ParticipantQuerySet(models.QuerySet["Participant"]):
    def visible_to(self, user: User) -> ParticipantQuerySet:
        """The participants this user may see: the one place this is decided. Every view, export, report and API
        endpoint starts here; a participant outside it answers 404, so its existence is not disclosed. Inactive or
        anonymous users see none.

        - Employment specialist: their own caseload, plus participants at their base site.
        - Team leader: participants at the sites of the teams they lead, or allocated to those teams' members.
        - Service manager: the whole service.
        - Clinician: participants at their site (read only).
        - Probation practitioner: participants they are named on (read only).
        - Peer mentor (issue 17 §2): only the people in a current (not ended) match with their mentor record.
        - Analyst and administrator: no participant records (aggregates and configuration only).
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        role = user.role
        if role == Role.SPECIALIST:
            mine = Q(allocated_specialist=user)
            return self.filter(mine | Q(current_site_id=user.site_id) if user.site_id else mine)
        if role == Role.TEAM_LEADER:
            # Subqueries, not joins through the team-site table, so no row repeats and no DISTINCT is needed.
            return self.filter(
                Q(current_site_id__in=team_site_ids(leader=user)) | Q(allocated_specialist__team__leader=user)
            )
        if role == Role.SERVICE_MANAGER:
            return self.all()
        if role == Role.CLINICIAN:
            return self.filter(current_site_id=user.site_id) if user.site_id else self.none()
        if role == Role.PROBATION_PRACTITIONER:
            return self.filter(probation_practitioner=user)
        if role == Role.MENTOR:
            # One filter() call, so both conditions hold on the same match; a person has at most one current match
            # (a constraint in `mentoring`), so no row repeats. By relation name: `people` imports no app above it.
            return self.filter(mentor_matches__ended_on__isnull=True, mentor_matches__mentor__user=user)
        return self.none()

    def with_open_episode(self) -> ParticipantQuerySet:
        return self.annotate(
            has_open_episode=Exists(Episode.objects.filter(participant=OuterRef("pk"), end_date__isnull=True))
        )

    def matching(self, text: str) -> ParticipantQuerySet:
        """The one participant search (pages and API): every word, up to four, in the given, family or preferred
        name, or a whole prison number."""
        found = self
        for word in text.split()[:SEARCH_WORDS]:
            found = found.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(preferred_name__icontains=word)
                | Q(prison_number__iexact=word)
            )
        return found

    def receiving_ips(self) -> ParticipantQuerySet:
        """Everyone except the service-as-usual group: the people IPS caseload sizes and fidelity figures count."""
        return self.exclude(in_service_as_usual())

    def active(self) -> ParticipantQuerySet:
        """On a caseload: in an open episode of support, or referred and awaiting a decision."""
        open_episode = Episode.objects.filter(participant=OuterRef("pk"), end_date__isnull=True)
        pending_referral = Referral.objects.filter(participant=OuterRef("pk"), outcome="")
        return self.filter(Exists(open_episode) | Exists(pending_referral))


class Participant(models.Model):
    """A person supported by the service."""

    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    prison_number = models.CharField(
        max_length=7, blank=True, validators=[validate_prison_number], help_text="NOMIS number, e.g. A1234BC."
    )
    current_site = models.ForeignKey("core.Site", on_delete=models.PROTECT, related_name="participants")
    custody_status = models.CharField(max_length=30, choices=CustodyStatus.choices)
    expected_release_date = models.DateField(null=True, blank=True)
    actual_release_date = models.DateField(null=True, blank=True)
    allocated_specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="caseload",
        null=True,
        blank=True,
    )
    probation_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="probation_cases",
        null=True,
        blank=True,
    )
    sex = models.CharField(
        max_length=10,
        choices=Sex.choices,
        blank=True,
        default="",
        db_default="",  # rows written without it (older code, raw inserts) are "not recorded" too
        help_text="As the person states it; blank if not recorded.",
    )
    preferred_language = models.CharField(
        max_length=2,
        choices=Language.choices,
        default=Language.ENGLISH,
        db_default=Language.ENGLISH,
        help_text="The language of the person's own papers (plan, CV, letters).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["prison_number"],
                condition=~Q(prison_number=""),
                name="participant_prison_number_unique",
                violation_error_message=DUPLICATE_PRISON_NUMBER,
            ),
            models.CheckConstraint(
                condition=Q(expected_release_date__isnull=True)
                | Q(expected_release_date__gt=models.F("date_of_birth")),
                name="participant_expected_release_after_birth",
            ),
            models.CheckConstraint(
                condition=Q(actual_release_date__isnull=True) | Q(actual_release_date__gt=models.F("date_of_birth")),
                name="participant_actual_release_after_birth",
            ),
        ]
        indexes = [
            models.Index(fields=["allocated_specialist", "family_name"], name="participant_specialist_idx"),
            models.Index(fields=["current_site", "family_name"], name="participant_site_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("people:participant-detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        """Preferred name first, as the person asked to be called."""
        first = self.preferred_name or self.given_name
        return f"{first} {self.family_name}"

    @property
    def in_custody(self) -> bool:
        return self.custody_status in IN_CUSTODY_STATUSES

    @property
    def release_date(self) -> date | None:
        """The one release date to show beside the release countdown: the expected release while in custody (after a
        recall too, when the earlier release is history), the actual release once out."""
        if self.in_custody:
            return self.expected_release_date
        return self.actual_release_date or self.expected_release_date

    @property
    def previous_release_date(self) -> date | None:
        """An earlier release while the person is back in custody (after a recall or a new sentence), else None."""
        return self.actual_release_date if self.in_custody else None


class Referral(models.Model):
    """A request for support. Zero exclusion: the only eligibility question is wanting paid work."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="referrals")
    source = models.CharField(max_length=30, choices=ReferralSource.choices)
    referral_date = models.DateField()
    referrer_name = models.CharField(max_length=150)
    referrer_organisation = models.CharField(max_length=150, blank=True)
    wants_paid_work = models.BooleanField()
    outcome = models.CharField(
        max_length=30,
        choices=ReferralOutcome.choices,
        blank=True,
        help_text="Blank while awaiting a decision.",
    )
    outcome_date = models.DateField(null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_received"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-referral_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(outcome_date__isnull=True))
                | (~Q(outcome="") & Q(outcome_date__isnull=False)),
                name="referral_outcome_has_date",
            ),
            models.CheckConstraint(
                condition=Q(outcome_date__isnull=True) | Q(outcome_date__gte=models.F("referral_date")),
                name="referral_outcome_not_before_referral",
            ),
        ]
        indexes = [models.Index(fields=["participant", "outcome"], name="referral_participant_idx")]

    def __str__(self) -> str:
        return f"Referral of {self.participant} on {self.referral_date:%d %b %Y}"


class Episode(models.Model):
    """One continuous period of IPS support. A person has at most one open episode at a time."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="episodes")
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="episode", null=True, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=30, choices=ClosureReason.choices, blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(end_date__isnull=True),
                name="episode_one_open_per_participant",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="episode_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(closure_reason=""))
                | (Q(end_date__isnull=False) & ~Q(closure_reason="")),
                name="episode_closed_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["participant", "end_date"], name="episode_participant_idx")]

    def __str__(self) -> str:
        end = f"{self.end_date:%d %b %Y}" if self.end_date else "open"
        return f"Episode for {self.participant}: {self.start_date:%d %b %Y} to {end}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class ContactDetails(models.Model):
    """How to reach the person: phone, email, their address on release and what kind of accommodation it is, how
    they prefer to be contacted and whether they agree to reminders by text or email.

    The phone number, email and address are personal free text, encrypted at rest like the others; the
    accommodation status is a code, counted on the outcome dashboard. Shown only to roles that may contact the
    person (`see_contact_details`); in the subject-access export and anonymised by the retention policy like every
    record linked to the person."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="contact_details")
    mobile = ProtectedCharField(max_length=20, blank=True)
    email = ProtectedCharField(max_length=254, blank=True)
    address = ProtectedTextField(max_length=limits.SHORT_TEXT, blank=True, help_text="Address on release.")
    accommodation_status = models.CharField(max_length=20, choices=AccommodationStatus.choices, blank=True)
    preferred_contact_method = models.CharField(max_length=20, choices=ContactMethod.choices, blank=True)
    reminders_by_text = models.BooleanField(default=False, help_text="Agrees to appointment reminders by text.")
    reminders_by_email = models.BooleanField(default=False, help_text="Agrees to appointment reminders by email.")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "contact details"

    def __str__(self) -> str:
        return f"Contact details for {self.participant}"


class Reallocation(models.Model):
    """A participant moved from one specialist's caseload to another's, by whom and why (a team leader moving
    several people at once records one row each, with the same reason). Append-only: the history of who held the
    case."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="reallocations")
    from_specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    to_specialist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(max_length=limits.PARAGRAPH)
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    moved_at = models.DateTimeField()

    class Meta:
        ordering = ["-moved_at", "-id"]
        indexes = [models.Index(fields=["participant", "-moved_at"], name="reallocation_participant_idx")]

    def __str__(self) -> str:
        return f"Reallocation of participant {self.participant_id} on {self.moved_at:%d %b %Y}"
