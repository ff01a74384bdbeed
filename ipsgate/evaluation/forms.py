"""Form pieces for the evaluation, used by the referral form."""

from __future__ import annotations

from .choices import Arm
from .services import RANDOM


def evaluation_arm_choices(*, random_allowed: bool) -> list[tuple[str, str]]:
    choices = [(Arm.IPS.value, str(Arm.IPS.label)), (Arm.SAU.value, str(Arm.SAU.label))]
    if random_allowed:
        choices.append((RANDOM, "Allocate at random (the arm is shown after saving)"))
    return choices
