"""Choice lists for participants, referrals and episodes."""

from django.db import models


class CustodyStatus(models.TextChoices):
    IN_CUSTODY = "in_custody", "In custody"
    RELEASED_ON_LICENCE = "released_on_licence", "Released on licence"
    IN_COMMUNITY = "in_community", "In the community (no licence)"
    RECALLED = "recalled", "Recalled to custody"


# Recalled people are back in prison: they count down to a new release like anyone else in custody.
IN_CUSTODY_STATUSES = (CustodyStatus.IN_CUSTODY, CustodyStatus.RECALLED)


class ReferralSource(models.TextChoices):
    PRISON_MENTAL_HEALTH = "prison_mental_health", "Prison mental health in-reach team"
    COMMUNITY_MENTAL_HEALTH = "community_mental_health", "Community mental health team"
    PROBATION = "probation", "Probation"
    SELF = "self", "Self-referral"
    OTHER = "other", "Other"


class ReferralOutcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    DECLINED_BY_PERSON = "declined_by_person", "Declined by the person"
    UNABLE_TO_CONTACT = "unable_to_contact", "Unable to contact"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ClosureReason(models.TextChoices):
    NO_LONGER_WANTS_SUPPORT = "no_longer_wants_support", "No longer wants support"
    NO_LONGER_WANTS_WORK = "no_longer_wants_work", "No longer wants paid work"
    MOVED_AWAY = "moved_away", "Moved out of the service's area"
    LOST_CONTACT = "lost_contact", "Lost contact"
    RETURNED_TO_CUSTODY = "returned_to_custody", "Returned to custody for a long period"
    SUSTAINED_WORK = "sustained_work", "In sustained work and no longer needs support"
    TRANSFERRED = "transferred", "Transferred to another service"
    DIED = "died", "Died"
    OTHER = "other", "Other"


# The kinds of custody event the journey records; here, beside the custody statuses they change, so the apps below
# the journey (jobs: which prison a job came from) can name them.
class CustodyEventKind(models.TextChoices):
    RECEIVED = "received", "Received into prison"
    TRANSFERRED = "transferred", "Transferred to another prison"
    RELEASED_ON_LICENCE = "released_on_licence", "Released on licence"
    RELEASED_NO_LICENCE = "released_no_licence", "Released without licence"
    LICENCE_ENDED = "licence_ended", "Licence ended"
    RECALLED = "recalled", "Recalled to prison"
    RE_RELEASED = "re_released", "Re-released on licence"


class Sex(models.TextChoices):
    """Sex as the person states it, recorded (optionally) for reporting: job starts for men and women."""

    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_SAID = "not_said", "Prefers not to say"


class Language(models.TextChoices):
    """The language the person wants their own papers in (their plan, CV and letters; issue 19). Staff pages stay
    English. The codes are Django's language codes, so `translation.override(code)` renders the papers."""

    ENGLISH = "en", "English"
    WELSH = "cy", "Welsh (Cymraeg)"


class AccommodationStatus(models.TextChoices):
    """Where the person lives on release, in the categories prisons and probation report."""

    SETTLED = "settled", "Settled (their own tenancy or home, or long-term with family)"
    TEMPORARY = "temporary", "Temporary (a hostel, a B&B, or staying with someone for now)"
    APPROVED_PREMISES = "approved_premises", "Approved premises (probation-run accommodation)"
    NO_FIXED_ABODE = "no_fixed_abode", "No fixed abode"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    THROUGH_PROBATION = "through_probation", "Through their probation practitioner"
