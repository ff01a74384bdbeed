"""Choice lists for peer mentors (issue 17 §1)."""

from django.db import models

from ipsgate.rules.mentoring import MentorStatus as MentorStatusRule


class OrganisationKind(models.TextChoices):
    IN_HOUSE = "in_house", "In-house"
    PARTNER = "partner", "Partner charity"


class LivedExperience(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SAID = "not_said", "Not said"


class MentorGender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"
    NOT_SAID = "not_said", "Prefers not to say"


class MentorStatus(models.TextChoices):
    ACTIVE = MentorStatusRule.ACTIVE.value, "Active"
    PAUSED = MentorStatusRule.PAUSED.value, "Paused"
    LEFT = MentorStatusRule.LEFT.value, "Left"


class MatchEndReason(models.TextChoices):
    GOALS_MET = "goals_met", "Goals met"
    DISENGAGED = "disengaged", "The person disengaged"
    MENTOR_LEFT = "mentor_left", "The mentor left"
    RECALLED = "recalled", "Recalled to prison"
    OTHER = "other", "Other"
