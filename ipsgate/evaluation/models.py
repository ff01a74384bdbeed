"""The evaluation of IPS against service as usual: the trial's recorded configuration and each referral's arm."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from ipsgate.core import limits

from .choices import AllocationMethod, Arm


class TrialConfiguration(models.Model):
    """A random allocation trial. The seed decides every allocation, so it is never shown to specialists:
    it is set in the configuration (admin) or with `ipsgate evaluation_trial`. At most one trial is active."""

    name = models.CharField(max_length=120, unique=True)
    seed = models.CharField(max_length=128, help_text="Recorded so every allocation can be reproduced. Keep secret.")
    block_sizes = models.CharField(
        max_length=40,
        default="4,6",
        help_text="Even block sizes, comma-separated. Random blocks of 4 and 6 make the next allocation hard to guess.",
    )
    active = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=Q(active=True), name="trial_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.name}{' (active)' if self.active else ''}"

    @property
    def block_size_list(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.block_sizes.split(",") if part.strip())


class Allocation(models.Model):
    """A referral's evaluation arm and mentoring flag, and how the arm was set."""

    referral = models.OneToOneField("people.Referral", on_delete=models.CASCADE, related_name="allocation")
    arm = models.CharField(max_length=3, choices=Arm.choices)
    mentoring = models.BooleanField(help_text="Offered peer (lived experience) mentoring.")
    method = models.CharField(max_length=10, choices=AllocationMethod.choices)
    trial = models.ForeignKey(
        TrialConfiguration, on_delete=models.PROTECT, related_name="allocations", null=True, blank=True
    )
    stratum_site = models.ForeignKey("core.Site", on_delete=models.PROTECT, related_name="+")
    sequence_position = models.PositiveIntegerField(
        null=True, blank=True, help_text="0-based place in the site's random sequence (random allocation only)."
    )
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    override_reason = models.TextField(
        blank=True,
        max_length=limits.PARAGRAPH,
        help_text="Why a team leader chose the arm by hand while random allocation was running.",
    )
    allocated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-allocated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["trial", "stratum_site", "sequence_position"],
                condition=Q(method=AllocationMethod.RANDOM),
                name="allocation_one_per_sequence_position",
            ),
            models.CheckConstraint(
                condition=(
                    Q(method=AllocationMethod.RANDOM) & Q(trial__isnull=False) & Q(sequence_position__isnull=False)
                )
                | (Q(method=AllocationMethod.CHOSEN) & Q(trial__isnull=True) & Q(sequence_position__isnull=True)),
                name="allocation_random_has_trial_and_position",
            ),
            models.CheckConstraint(condition=Q(arm__in=Arm.values), name="allocation_arm_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_arm_display()} ({self.get_method_display().lower()})"
