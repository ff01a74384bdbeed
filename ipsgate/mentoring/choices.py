"""Choice lists for peer mentors (issue 17 §1)."""

from django.db import models

from ipsgate.rules.mentoring import MentorStatus as MentorStatusRule
from ipsgate.rules.mentoring import OfferAnswer as OfferAnswerRule


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


class SessionPlace(models.TextChoices):
    IN_PRISON = "in_prison", "In prison"
    AT_THE_GATE = "at_the_gate", "At the gate on release day"
    COMMUNITY = "community", "In the community"
    AT_WORK = "at_work", "At or near work"
    PHONE_OR_VIDEO = "phone_or_video", "By phone or video"


class SessionTopic(models.TextChoices):
    CONFIDENCE = "confidence", "Confidence"
    ROUTINES = "routines", "Routines"
    TRAVEL = "travel", "Travel"
    MONEY = "money", "Money"
    WORK_EXPECTATIONS = "work_expectations", "Work expectations and boundaries"
    FIRST_WEEKS = "first_weeks", "The first weeks after release"
    OTHER = "other", "Other"


class OfferAnswer(models.TextChoices):
    WAITING = OfferAnswerRule.WAITING.value, "Not answered yet"
    ACCEPTED = OfferAnswerRule.ACCEPTED.value, "Accepted"
    DECLINED = OfferAnswerRule.DECLINED.value, "Declined"


class DeclineReason(models.TextChoices):
    NOT_INTERESTED = "not_interested", "Not interested in mentoring"
    NOT_NOW = "not_now", "Not now, perhaps later"
    HAS_SUPPORT = "has_support", "Already has enough support"
    NO_PEER = "no_peer", "Would rather not talk to a peer"
    OTHER = "other", "Another reason"


class GenderWanted(models.TextChoices):
    ANY = "", "No preference"
    WOMAN = "woman", "A woman"
    MAN = "man", "A man"
    NON_BINARY = "non_binary", "A non-binary person"
