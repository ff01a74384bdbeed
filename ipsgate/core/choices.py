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
