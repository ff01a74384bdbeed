"""Choice lists for staff, sites and audit."""

from django.db import models


class Role(models.TextChoices):
    SPECIALIST = "specialist", "Employment specialist"
    TEAM_LEADER = "team_leader", "Team leader"
    SERVICE_MANAGER = "service_manager", "Service manager"
    CLINICIAN = "clinician", "Clinician"
    PROBATION_PRACTITIONER = "probation_practitioner", "Probation practitioner"
    ANALYST = "analyst", "Analyst"
    ADMINISTRATOR = "administrator", "Administrator"


class SiteKind(models.TextChoices):
    PRISON = "prison", "Prison"
    PROBATION_OFFICE = "probation_office", "Probation office"
    COMMUNITY_TEAM = "community_team", "Community team"


class AuditAction(models.TextChoices):
    CREATE = "create", "Create"
    READ = "read", "Read"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"
    EXPORT = "export", "Export"


class JobSector(models.TextChoices):
    """HMPPS job sector list (WorkTypesOfInterest / JB-UI jobSector.ts), so data can be exchanged."""

    CONSTRUCTION = "CONSTRUCTION", "Construction"
    DRIVING = "DRIVING", "Driving"
    BEAUTY = "BEAUTY", "Beauty"
    HOSPITALITY = "HOSPITALITY", "Hospitality and catering"
    MANUFACTURING = "MANUFACTURING", "Manufacturing"
    OFFICE = "OFFICE", "Office or desk-based"
    OUTDOOR = "OUTDOOR", "Outdoor"
    RETAIL = "RETAIL", "Retail and sales"
    TECHNICAL = "TECHNICAL", "Technical"
    SPORTS = "SPORTS", "Sports, fitness and leisure"
    WAREHOUSING = "WAREHOUSING", "Warehousing and storage"
    WASTE_MANAGEMENT = "WASTE_MANAGEMENT", "Waste management"
    CLEANING_AND_MAINTENANCE = "CLEANING_AND_MAINTENANCE", "Cleaning and maintenance"
    EDUCATION_TRAINING = "EDUCATION_TRAINING", "Education and training"
    OTHER = "OTHER", "Other"
