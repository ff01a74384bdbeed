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
