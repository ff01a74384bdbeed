"""Spells of paid work. The walking skeleton needs only enough to show who is in work; the
employers-and-jobs issue links jobs to employers, vacancies and applications."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q


class Job(models.Model):
    """A spell of paid work. Competitive: open-market, at least minimum wage, not set aside for disabled people."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="jobs")
    employer_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))])
    hourly_pay = models.DecimalField(max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    competitive = models.BooleanField(default=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="job_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=100), name="job_hours_plausible"
            ),
        ]
        indexes = [models.Index(fields=["participant", "end_date"], name="job_participant_idx")]

    def __str__(self) -> str:
        return f"{self.job_title} at {self.employer_name}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None
