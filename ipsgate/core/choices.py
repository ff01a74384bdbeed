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
    MENTOR = "mentor", "Mentor"


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


class SecurityEventKind(models.TextChoices):
    SIGNED_IN = "signed_in", "Signed in with a password"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    LOCKED_OUT = "locked_out", "Locked out after repeated failures"
    MFA_VERIFIED = "mfa_verified", "Second factor accepted"
    MFA_FAILED = "mfa_failed", "Second factor refused"
    RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
    MFA_ENROLLED = "mfa_enrolled", "Authenticator app set up"
    MFA_RESET = "mfa_reset", "Authenticator app replaced"
    RECOVERY_CODES_ISSUED = "recovery_codes_issued", "New recovery codes issued"
    REAUTHENTICATED = "reauthenticated", "Confirmed identity again"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET_REQUESTED = "password_reset_requested", "Password reset requested"
    PASSWORD_RESET = "password_reset", "Password reset"
    SIGNED_OUT = "signed_out", "Signed out"
    SESSION_EXPIRED = "session_expired", "Session ended after its maximum lifetime"
    ACCOUNT_DISABLED = "account_disabled", "Account disabled"
    SERVICE_ACCOUNT_REFUSED = "service_account_refused", "Sign-in refused: service accounts use an API token"
    SERVICE_ACCOUNT_MARKED = "service_account_marked", "Marked as a service account: password removed"
    ROLE_CHANGE_REQUESTED = "role_change_requested", "Change of role, site or team asked for"
    ROLE_CHANGE_APPROVED = "role_change_approved", "Change of role, site or team approved"
    ROLE_CHANGE_REFUSED = "role_change_refused", "Change of role, site or team refused"
    ROLE_CHANGED = "role_changed", "Role, site, team or access changed"
    PERMISSIONS_CHANGED = "permissions_changed", "Configuration permissions changed"
    PRISON_NUMBER_OUT_OF_SCOPE = (
        "prison_number_out_of_scope",
        "Entered a prison number recorded for someone outside their scope",
    )


class RoleChangeStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved and applied"
    REFUSED = "refused", "Refused"
    APPLIED = "applied", "Applied at once (no case access given)"


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
