"""Choice lists for the through-the-gate journey: contacts, the vocational profile, needs and custody."""

from django.db import models

from ipsgate.people.choices import CustodyEventKind  # noqa: F401 - re-exported: the journey records these events


class ContactWith(models.TextChoices):
    PARTICIPANT = "participant", "Participant"
    EMPLOYER = "employer", "Employer or manager"
    CLINICAL_TEAM = "clinical_team", "Clinical team"
    PROBATION = "probation", "Probation"
    FAMILY = "family", "Family"
    OTHER_SERVICE = "other_service", "Other service"


class ContactMode(models.TextChoices):
    IN_PRISON = "in_prison", "Face to face in prison"
    IN_COMMUNITY = "in_community", "Face to face in the community"
    AT_WORKPLACE = "at_workplace", "Face to face at the workplace"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    MESSAGE = "message", "Message"


FACE_TO_FACE_MODES = (ContactMode.IN_PRISON, ContactMode.IN_COMMUNITY, ContactMode.AT_WORKPLACE)


class ContactTopic(models.TextChoices):
    VOCATIONAL_PROFILE = "vocational_profile", "Vocational profile"
    JOB_SEARCH = "job_search", "Job search and applications"
    DISCLOSURE = "disclosure", "Disclosure of convictions or health"
    BENEFITS = "benefits", "Benefits and better-off calculation"
    HOUSING = "housing", "Housing"
    ID_AND_BANK = "id_and_bank", "ID and bank account"
    MENTAL_HEALTH = "mental_health", "Mental health and wellbeing"
    RELEASE_PLANNING = "release_planning", "Release planning"
    LICENCE = "licence", "Licence conditions"
    IN_WORK_SUPPORT = "in_work_support", "In-work support"
    EMPLOYER_LIAISON = "employer_liaison", "Employer liaison"
    OTHER = "other", "Other"


class HoursWanted(models.TextChoices):
    FULL_TIME = "full_time", "Full time (30 hours or more)"
    PART_TIME = "part_time", "Part time (16 to 29 hours)"
    FEW_HOURS = "few_hours", "A few hours (under 16)"
    FLEXIBLE = "flexible", "Flexible or not sure yet"


class WorkAdjustment(models.TextChoices):
    HEALTH = "health", "Health or mental health"
    NEURODIVERGENCE = "neurodivergence", "Neurodivergence (for example ADHD, autism, dyslexia)"
    LITERACY = "literacy", "Literacy support"
    NUMERACY = "numeracy", "Numeracy support"
    OTHER = "other", "Other"


class QualificationKind(models.TextChoices):
    CSCS_CARD = "cscs_card", "CSCS card"
    FORKLIFT = "forklift", "Forklift licence"
    FOOD_HYGIENE = "food_hygiene", "Food hygiene certificate"
    DRIVING_LICENCE = "driving_licence", "Driving licence"
    FIRST_AID = "first_aid", "First aid certificate"
    SIA_LICENCE = "sia_licence", "SIA licence"
    ENGLISH_MATHS = "english_maths", "English or maths qualification"
    VOCATIONAL = "vocational", "Vocational qualification (NVQ, BTEC, City and Guilds)"
    OTHER = "other", "Other"


class DisclosureShare(models.TextChoices):
    """What the person agrees may be shared with employers."""

    NOTHING = "nothing", "Nothing"
    CONVICTION_ONLY = "conviction_only", "Conviction only"
    MENTAL_HEALTH_ONLY = "mental_health_only", "Mental health only"
    BOTH = "both", "Conviction and mental health"


class DisclosedBy(models.TextChoices):
    PERSON = "person", "The person themselves"
    SPECIALIST = "specialist", "The employment specialist"
    LETTER = "letter", "A disclosure letter"


class Pathway(models.TextChoices):
    """The HMPPS resettlement pathways employment support touches (Resettlement Passport Pathway.kt)."""

    ACCOMMODATION = "ACCOMMODATION", "Accommodation"
    FINANCE_AND_ID = "FINANCE_AND_ID", "Finance, ID and bank account"
    BENEFITS_AND_DEBT = "BENEFITS_AND_DEBT", "Benefits and debt"
    HEALTH = "HEALTH", "Health and mental health"
    DRUGS_AND_ALCOHOL = "DRUGS_AND_ALCOHOL", "Drugs and alcohol"
    CHILDREN_FAMILIES_AND_COMMUNITY = "CHILDREN_FAMILIES_AND_COMMUNITY", "Children, families and community"
    EDUCATION_SKILLS_AND_WORK = "EDUCATION_SKILLS_AND_WORK", "Education, skills and work"


# Needs that are health information (issue 15 §3): shown only to roles with health access, in pages, timeline and API.
HEALTH_PATHWAYS = frozenset({Pathway.HEALTH, Pathway.DRUGS_AND_ALCOHOL})


class NeedStatus(models.TextChoices):
    """Resettlement Passport SupportNeedStatus. "Met" only once the outcome is achieved."""

    NOT_STARTED = "NOT_STARTED", "Support not started"
    IN_PROGRESS = "IN_PROGRESS", "Support in progress"
    MET = "MET", "Support need met"
    DECLINED = "DECLINED", "Support declined"


class Responsible(models.TextChoices):
    PRISON = "prison", "Prison"
    PROBATION = "probation", "Probation"
    SPECIALIST = "specialist", "Employment specialist"
    OTHER_SERVICE = "other_service", "Other service"


class CmhtReferralOutcome(models.TextChoices):
    AWAITING = "awaiting", "Awaiting a decision"
    ACCEPTED = "accepted", "Accepted"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


class AppointmentKind(models.TextChoices):
    PRISON_VISIT = "prison_visit", "Prison visit"
    POST_RELEASE_MEETING = "post_release_meeting", "Meeting after release"
    INTERVIEW = "interview", "Job interview"
    INDUCTION = "induction", "Induction"
    JOB_START = "job_start", "First day at work"
    PROBATION = "probation", "Probation appointment"
    CMHT = "cmht", "Community mental health team appointment"
    MENTORING = "mentoring", "Peer mentoring session"
    OTHER = "other", "Other appointment"


class AppointmentOutcome(models.TextChoices):
    ATTENDED = "attended", "Attended"
    MISSED = "missed", "Missed"
    CANCELLED = "cancelled", "Cancelled"


class ChecklistStatus(models.TextChoices):
    """`rules.release_readiness.ItemStatus`, with the generic words; each item has its own (applied, obtained)."""

    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_NEEDED = "not_needed", "Not needed"


class IdDocument(models.TextChoices):
    PASSPORT = "passport", "Passport"
    DRIVING_LICENCE = "driving_licence", "Driving licence (full or provisional)"
    BIRTH_CERTIFICATE = "birth_certificate", "Birth certificate"
    BIOMETRIC_RESIDENCE_PERMIT = "biometric_residence_permit", "Biometric residence permit"
    CITIZENCARD = "citizencard", "CitizenCard or other PASS card"
    OTHER = "other", "Other"
