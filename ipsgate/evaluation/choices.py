"""Choice lists for the evaluation of IPS against service as usual."""

from django.db import models


class Arm(models.TextChoices):
    IPS = "IPS", "IPS (Individual Placement and Support)"
    SAU = "SAU", "Service as usual"


class AllocationMethod(models.TextChoices):
    CHOSEN = "chosen", "Chosen at referral"
    RANDOM = "random", "Random allocation"
