"""Form pieces for the evaluation, used by the referral form."""

from __future__ import annotations

from .choices import Arm
from .services import RANDOM


def evaluation_arm_choices(*, random_allowed: bool, chosen_allowed: bool = True) -> list[tuple[str, str]]:
    """The arms a referral form offers: IPS and service as usual chosen by hand when no trial runs; while one runs,
    random allocation only, or for a team leader random first and a hand-chosen arm as an override."""
    choices = []
    if random_allowed:
        choices.append((RANDOM, "Allocate at random (the arm is shown after saving)"))
    if chosen_allowed:
        override = " (override random allocation: give a reason)" if random_allowed else ""
        choices += [(Arm.IPS.value, f"{Arm.IPS.label}{override}"), (Arm.SAU.value, f"{Arm.SAU.label}{override}")]
    return choices
