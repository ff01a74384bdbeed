"""Choice lists for the lawful basis, conditions and consent recorded under UK GDPR and the DPA 2018."""

from django.db import models


class LawfulBasis(models.TextChoices):
    """UK GDPR Article 6(1)."""

    CONSENT = "6_1_a", "Consent – Article 6(1)(a)"
    CONTRACT = "6_1_b", "Contract – Article 6(1)(b)"
    LEGAL_OBLIGATION = "6_1_c", "Legal obligation – Article 6(1)(c)"
    VITAL_INTERESTS = "6_1_d", "Vital interests – Article 6(1)(d)"
    PUBLIC_TASK = "6_1_e", "Public task – Article 6(1)(e)"
    LEGITIMATE_INTERESTS = "6_1_f", "Legitimate interests – Article 6(1)(f)"


class HealthCondition(models.TextChoices):
    """UK GDPR Article 9(2) for health data, with the DPA 2018 Schedule 1 condition where Article 9 needs one."""

    EXPLICIT_CONSENT = "9_2_a", "Explicit consent – Article 9(2)(a)"
    EMPLOYMENT_SOCIAL_PROTECTION = "9_2_b", "Employment and social protection – Article 9(2)(b), DPA 2018 Sch. 1 para 1"
    PUBLIC_INTEREST_STATUTORY = (
        "9_2_g_p6",
        "Substantial public interest – Article 9(2)(g), DPA 2018 Sch. 1 para 6 (statutory and government purposes)",
    )
    PUBLIC_INTEREST_SAFEGUARDING = (
        "9_2_g_p18",
        "Substantial public interest – Article 9(2)(g), DPA 2018 Sch. 1 para 18 (safeguarding individuals at risk)",
    )
    HEALTH_SOCIAL_CARE = "9_2_h", "Health or social care – Article 9(2)(h), DPA 2018 Sch. 1 para 2"
    RESEARCH = "9_2_j", "Archiving, research and statistics – Article 9(2)(j), DPA 2018 Sch. 1 para 4"


class OffenceCondition(models.TextChoices):
    """UK GDPR Article 10 with the DPA 2018 Schedule 1 condition (section 10(5))."""

    HEALTH_SOCIAL_CARE = "sch1_p2", "Health or social care – DPA 2018 Sch. 1 para 2"
    STATUTORY = "sch1_p6", "Statutory and government purposes – DPA 2018 Sch. 1 para 6"
    SAFEGUARDING = "sch1_p18", "Safeguarding individuals at risk – DPA 2018 Sch. 1 para 18"
    CONSENT = "sch1_p29", "Consent – DPA 2018 Sch. 1 para 29"
    LEGAL_CLAIMS = "sch1_p33", "Legal claims – DPA 2018 Sch. 1 para 33"


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", "Signed form"
    VERBAL = "verbal", "Verbal, recorded by staff"
    ELECTRONIC = "electronic", "Electronic form"


class ResearchConsent(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_ASKED = "not_asked", "Not asked yet"


class ChangeKind(models.TextChoices):
    BASIS_AND_CONSENT = "basis_consent", "Lawful basis and consent changed"
    HOLD_SET = "hold_set", "Legal hold set"
    HOLD_LIFTED = "hold_lifted", "Legal hold lifted"
    ANONYMISED = "anonymised", "Record anonymised under the retention policy"


class MentorSection(models.TextChoices):
    """Parts of the record a person may agree their peer mentor sees (issue 17 §2). Without it, a mentor sees none."""

    OFFENCE = "offence", "Offences and licence conditions"
    HEALTH = "health", "Health and mental health care"
    BENEFITS = "benefits", "Benefits (better-off-in-work checks)"
    CASE_NOTES = "case_notes", "Case notes"
