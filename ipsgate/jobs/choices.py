"""Choice lists for applications, jobs and sustainment checks. Values match `rules.applications` (a test checks
they stay the same), so the state machine and the database agree."""

from django.db import models

from ipsgate.rules.employment import SUSTAINMENT_WEEKS


class ApplicationStatus(models.TextChoices):
    INTERESTED = "interested", "Interested"
    APPLIED = "applied", "Applied"
    INTERVIEW = "interview", "Interview"
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Offer accepted"
    STARTED = "started", "Started"
    UNSUCCESSFUL = "unsuccessful", "Unsuccessful"
    WITHDRAWN = "withdrawn", "Withdrawn"
    OFFER_DECLINED = "offer_declined", "Offer declined"
    OFFER_NOT_STARTED = "offer_not_started", "Offer accepted but not started"


class NotStartedReason(models.TextChoices):
    RECALLED = "recalled", "Recalled to prison"
    HOUSING = "housing", "Housing"
    LICENCE_CONDITION = "licence_condition", "Licence condition"
    CHANGED_MIND = "changed_mind", "Changed their mind"
    EMPLOYER_WITHDREW = "employer_withdrew", "Employer withdrew the offer"
    OTHER = "other", "Other"


class JobEndReason(models.TextChoices):
    RESIGNED = "resigned", "Resigned"
    DISMISSED = "dismissed", "Dismissed"
    CONTRACT_ENDED = "contract_ended", "Contract ended"
    RECALLED = "recalled", "Recalled to prison"
    HEALTH = "health", "Health"
    BETTER_JOB = "better_job", "Moved to a better job"
    OTHER = "other", "Other"


class JobOnRecall(models.TextChoices):
    """What happened to a current job when the person was recalled to prison (asked by the custody event form)."""

    ENDED = "ended", "It has ended because they were recalled"
    HELD = "held", "The employer is keeping the job open"


# The weeks come from the one definition in `rules.employment`.
SUSTAINMENT_WEEK_CHOICES = [(weeks, f"{weeks} weeks") for weeks in SUSTAINMENT_WEEKS]
