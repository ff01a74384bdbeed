"""Choice lists for support contacts."""

from django.db import models


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
