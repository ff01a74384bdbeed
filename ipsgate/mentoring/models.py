"""Peer mentors with lived experience (issue 17 §1): who they are, their training and vetting, where they work,
how many people they can mentor at once and what they are interested in.

A mentor record is not participant data: it is kept by team leaders and service managers (`manage_mentors`), and
every change is audited because it holds the mentor's vetting.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ipsgate.core import limits
from ipsgate.core.choices import JobSector, SiteKind
from ipsgate.employers.choices import DbsLevel
from ipsgate.rules.mentoring import MentorFacts, OfferFacts, Vetting, vetting_state
from ipsgate.rules.mentoring import MentorStatus as MentorStatusRule
from ipsgate.rules.mentoring import OfferAnswer as OfferAnswerRule
from ipsgate.rules.postcodes import outward_code

from .choices import (
    DeclineReason,
    GenderWanted,
    LivedExperience,
    MatchEndReason,
    MentorGender,
    MentorStatus,
    OfferAnswer,
    OrganisationKind,
    SessionPlace,
    SessionTopic,
)

MOST_MENTEES = 20


def tidy_districts(text: str) -> str:
    """Postcode districts as typed ("ls9, LS10 bd3") in one form: upper case, one space apart, no repeats."""
    seen: list[str] = []
    for part in text.replace(",", " ").upper().split():
        if part not in seen:
            seen.append(part)
    return " ".join(seen)


def valid_district(part: str) -> bool:
    """A postcode district such as LS9 or SW1A: the outward code of a full postcode."""
    return bool(part) and outward_code(part) == part


class Mentor(models.Model):
    name = models.CharField(max_length=150)
    organisation = models.CharField(max_length=150)
    organisation_kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    lived_experience = models.CharField(
        max_length=10, choices=LivedExperience.choices, default=LivedExperience.NOT_SAID,
        help_text="Lived experience of prison.",
    )  # fmt: skip
    training = models.CharField(max_length=150, blank=True, help_text="For example, a peer-mentor course.")
    trained_on = models.DateField(null=True, blank=True)
    iag_level3 = models.BooleanField(
        default=False, help_text="Holds a level 3 information, advice and guidance qualification."
    )
    dbs_level = models.CharField(max_length=20, choices=DbsLevel.choices, default=DbsLevel.NONE)
    dbs_checked_on = models.DateField(null=True, blank=True)
    cleared_prisons = models.ManyToManyField(
        "core.Site", blank=True, related_name="cleared_mentors", limit_choices_to={"kind": SiteKind.PRISON}
    )
    vetting_expires = models.DateField(null=True, blank=True)
    sites = models.ManyToManyField("core.Site", blank=True, related_name="mentors")
    postcode_districts = models.CharField(max_length=limits.SHORT_TEXT, blank=True)
    capacity = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(MOST_MENTEES)]
    )
    gender = models.CharField(max_length=20, choices=MentorGender.choices, default=MentorGender.NOT_SAID)
    languages = models.CharField(max_length=limits.SHORT_TEXT, blank=True)
    interests = models.JSONField(default=list, blank=True, help_text="JobSector codes.")
    other_interests = models.CharField(max_length=limits.SHORT_TEXT, blank=True)
    status = models.CharField(max_length=10, choices=MentorStatus.choices, default=MentorStatus.ACTIVE)
    status_since = models.DateField()
    # The mentor's own sign-in account (issue 17 §2), optional: created like any staff account (in the admin, with
    # the same password rules, second factor and lockout), in the Mentor role, then linked here.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_record",
        limit_choices_to={"role": "mentor"},
        help_text="The mentor's sign-in account, in the Mentor role.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=MOST_MENTEES), name="mentor_capacity_in_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.postcode_districts = tidy_districts(self.postcode_districts)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("mentoring:mentor-detail", args=[self.pk])

    def vetting(self, today: date) -> Vetting:
        return vetting_state(self.vetting_expires, today)

    @property
    def interest_labels(self) -> list[str]:
        labels = dict(JobSector.choices)
        return [labels.get(code, code) for code in self.interests]

    def facts(self, *, current_mentees: int, cleared_prisons: frozenset[int]) -> MentorFacts:
        return MentorFacts(
            status=MentorStatusRule(self.status),
            capacity=self.capacity,
            current_mentees=current_mentees,
            vetting_expires=self.vetting_expires,
            cleared_prisons=cleared_prisons,
        )


class MentorMatch(models.Model):
    """A person matched with a mentor (issue 17 §3): a start, an end and why it ended. One active match per person."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="mentor_matches")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="matches")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=MatchEndReason.choices, blank=True)
    matched_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # What the person agreed their mentor may know of their goals (issue 17 §2): the mentor sees this, not the plan.
    shared_goals = models.TextField(blank=True, max_length=limits.PARAGRAPH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"], condition=Q(ended_on__isnull=True), name="mentor_match_one_active"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | (Q(ended_on__isnull=False) & ~Q(end_reason="") & Q(ended_on__gte=models.F("started_on"))),
                name="mentor_match_end_has_reason_after_start",
            ),
        ]
        indexes = [models.Index(fields=["mentor", "ended_on"], name="mentor_match_mentor_idx")]

    def __str__(self) -> str:
        return f"{self.mentor} from {self.started_on:%-d %B %Y}"


class MentoringSession(models.Model):
    """One mentoring session of a match (issue 17 §4). A session that did not happen is kept as an attempt."""

    match = models.ForeignKey(MentorMatch, on_delete=models.CASCADE, related_name="sessions")
    held_at = models.DateTimeField()
    took_place = models.BooleanField(default=True)
    place = models.CharField(max_length=20, choices=SessionPlace.choices)
    duration_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    topics = models.JSONField(default=list, blank=True, help_text="SessionTopic codes.")
    note = models.TextField(blank=True, max_length=limits.PARAGRAPH)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_at", "-id"]
        indexes = [models.Index(fields=["match", "held_at"], name="mentoring_session_match_idx")]

    def __str__(self) -> str:
        return f"Mentoring session {self.held_at:%-d %B %Y}"

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(SessionTopic.choices)
        return [labels.get(code, code) for code in self.topics]


class MentoringOffer(models.Model):
    """Mentoring offered to a person (issue 17 §3): when, their answer (a reason when they declined) and what they
    would like in a mentor. The latest offer counts: someone who declined is matched only after a new offer."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="mentoring_offers")
    offered_on = models.DateField()
    answer = models.CharField(max_length=10, choices=OfferAnswer.choices, default=OfferAnswer.WAITING)
    answered_on = models.DateField(null=True, blank=True)
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    decline_detail = models.CharField(max_length=limits.SHORT_TEXT, blank=True)
    gender_wanted = models.CharField(max_length=20, choices=GenderWanted.choices, blank=True)
    lived_experience_wanted = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-offered_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=models.F("offered_on")),
                name="mentoring_offer_answer_after_offer",
            ),
            models.CheckConstraint(
                condition=(Q(answer=OfferAnswer.DECLINED) & ~Q(decline_reason=""))
                | (~Q(answer=OfferAnswer.DECLINED) & Q(decline_reason="")),
                name="mentoring_offer_reason_when_declined",
            ),
        ]
        indexes = [models.Index(fields=["participant", "offered_on"], name="mentoring_offer_person_idx")]

    def __str__(self) -> str:
        return f"Mentoring offered on {self.offered_on:%-d %B %Y}"

    def facts(self) -> OfferFacts:
        return OfferFacts(self.offered_on, OfferAnswerRule(self.answer), self.answered_on)
