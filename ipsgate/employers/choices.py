"""Choice lists for employers, employer contacts and vacancies (HMPPS jobs-board vocabularies where they exist)."""

from django.db import models

from ipsgate.rules.matching import DbsLevel as DbsLevelRule
from ipsgate.rules.matching import OffenceCategory
from ipsgate.rules.matching import WorkPattern as WorkPatternRule


class EmployerSector(models.TextChoices):
    """HMPPS EmployerSector (EE-UI employerSector.ts)."""

    ADMIN_SUPPORT = "ADMIN_SUPPORT", "Administrative and support services"
    AGRICULTURE = "AGRICULTURE", "Agriculture, forestry and fishing"
    ARTS_ENTERTAINMENT = "ARTS_ENTERTAINMENT", "Arts, entertainment and recreation"
    CONSTRUCTION = "CONSTRUCTION", "Construction"
    EDUCATION = "EDUCATION", "Education"
    ENERGY = "ENERGY", "Energy and utilities"
    FINANCE = "FINANCE", "Finance and insurance"
    HEALTH_SOCIAL = "HEALTH_SOCIAL", "Health and social care"
    HOSPITALITY_CATERING = "HOSPITALITY_CATERING", "Hospitality and catering"
    LOGISTICS = "LOGISTICS", "Logistics and transport"
    MANUFACTURING = "MANUFACTURING", "Manufacturing"
    MINING = "MINING", "Mining and quarrying"
    OTHER = "OTHER", "Other"
    PROFESSIONALS_SCIENTISTS_TECHNICIANS = (
        "PROFESSIONALS_SCIENTISTS_TECHNICIANS",
        "Professional, scientific and technical",
    )
    PROPERTY = "PROPERTY", "Property"
    PUBLIC_ADMIN_DEFENCE = "PUBLIC_ADMIN_DEFENCE", "Public administration and defence"
    WASTE_MANAGEMENT = "WASTE_MANAGEMENT", "Waste management"
    RETAIL = "RETAIL", "Retail"
    TECHNOLOGY = "TECHNOLOGY", "Technology"


class EmployerSize(models.TextChoices):
    MICRO = "micro", "Micro (fewer than 10 staff)"
    SMALL = "small", "Small (10 to 49 staff)"
    MEDIUM = "medium", "Medium (50 to 249 staff)"
    LARGE = "large", "Large (250 staff or more)"


class PartnershipLevel(models.TextChoices):
    """HMPPS EmployerStatus tiers, plus "not yet a partner" for employers the service is still getting to know."""

    NONE = "NONE", "Not yet a partner"
    SILVER = "SILVER", "Silver"
    GOLD = "GOLD", "Gold"
    KEY_PARTNER = "KEY_PARTNER", "Platinum (key partner)"


class OffenceExclusion(models.TextChoices):
    """HMPPS OffenceExclusions, with violence in place of murder (it covers more of what employers ask), and theft
    and burglary, fraud and dishonesty, and drugs. Apart from "none" and "case by case", each code is a
    `rules.matching.OffenceCategory`, the category a conviction record carries (a test checks they agree)."""

    NONE = "NONE", "None – considers everyone"
    CASE_BY_CASE = "CASE_BY_CASE", "Case by case"
    ARSON = OffenceCategory.ARSON.value, "Arson"
    DRIVING = OffenceCategory.DRIVING.value, "Driving offences"
    DRUGS = OffenceCategory.DRUGS.value, "Drugs offences"
    FRAUD = OffenceCategory.FRAUD.value, "Fraud and dishonesty"
    SEXUAL = OffenceCategory.SEXUAL.value, "Sexual offences"
    TERRORISM = OffenceCategory.TERRORISM.value, "Terrorism"
    THEFT = OffenceCategory.THEFT.value, "Theft and burglary"
    VIOLENCE = OffenceCategory.VIOLENCE.value, "Violence"
    OTHER = OffenceCategory.OTHER.value, "Other"


class DbsLevel(models.TextChoices):
    NONE = DbsLevelRule.NONE.value, "None"
    BASIC = DbsLevelRule.BASIC.value, "Basic"
    STANDARD = DbsLevelRule.STANDARD.value, "Standard"
    ENHANCED = DbsLevelRule.ENHANCED.value, "Enhanced"
    ENHANCED_BARRED = DbsLevelRule.ENHANCED_BARRED.value, "Enhanced with barred list"


class ContactPurpose(models.TextChoices):
    NEW_RELATIONSHIP = "new_relationship", "New relationship"
    VACANCY_DISCUSSION = "vacancy_discussion", "Vacancy discussion"
    INTRODUCING_PARTICIPANT = "introducing_participant", "Introducing a participant"
    IN_WORK_SUPPORT = "in_work_support", "In-work support"
    FOLLOW_UP = "follow_up", "Follow-up"


class VacancyStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class WorkPattern(models.TextChoices):
    DAYTIME = WorkPatternRule.DAYTIME.value, "Daytime (about 8am to 6pm)"
    EARLY_SHIFTS = WorkPatternRule.EARLY_SHIFTS.value, "Early shifts (about 5am to 2pm)"
    EVENINGS = WorkPatternRule.EVENINGS.value, "Evenings (about 4pm to midnight)"
    NIGHTS = WorkPatternRule.NIGHTS.value, "Nights (about 10pm to 6am)"
    ROTATING_SHIFTS = WorkPatternRule.ROTATING_SHIFTS.value, "Rotating shifts, any time of day"
    FLEXIBLE = WorkPatternRule.FLEXIBLE.value, "Flexible, agreed with the employer"


class ContractType(models.TextChoices):
    """HMPPS ContractType, plus apprenticeship and zero hours, which change what a person can count on."""

    PERMANENT = "PERMANENT", "Permanent"
    FIXED_TERM_CONTRACT = "FIXED_TERM_CONTRACT", "Fixed-term contract"
    TEMPORARY = "TEMPORARY", "Temporary"
    APPRENTICESHIP = "APPRENTICESHIP", "Apprenticeship"
    ZERO_HOURS = "ZERO_HOURS", "Zero hours"
    SELF_EMPLOYMENT = "SELF_EMPLOYMENT", "Self-employment"


class PayPeriod(models.TextChoices):
    HOURLY = "hourly", "An hour"
    ANNUAL = "annual", "A year"
