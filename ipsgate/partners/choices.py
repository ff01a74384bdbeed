"""Choice lists for the directory of partner organisations (issue 18)."""

from django.db import models

from ipsgate.journey.choices import Pathway  # noqa: F401 - re-exported: partners help with these pathways


class PartnerKind(models.TextChoices):
    VOLUNTARY = "voluntary", "Voluntary sector"
    NHS = "nhs", "NHS"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    PROBATION_COMMISSIONED = "probation_commissioned", "Probation commissioned service"
    DWP = "dwp", "DWP / Jobcentre"
    HOUSING = "housing", "Housing provider"
    EMPLOYER_SUPPORT = "employer_support", "Employer support"
    OTHER = "other", "Other"


class ReferralMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    FORM = "form", "Referral form"
    IN_PERSON = "in_person", "In person"
    LETTER = "letter", "Letter"


class ReferralOutStatus(models.TextChoices):
    """The lifecycle in `rules.referrals_out` (same values)."""

    SENT = "sent", "Sent"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    NO_RESPONSE = "no_response", "No response"
    SUPPORT_STARTED = "support_started", "Support started"
    COMPLETED = "completed", "Completed"
    CLOSED = "closed", "Closed"
