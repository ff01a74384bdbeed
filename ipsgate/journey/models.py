"""Support contacts with a participant, their employer or their clinical team.

The walking skeleton records only what the caseload needs ("no recorded contact yet"); the journey
issue adds topics, employer links and the recording form.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .choices import ContactMode, ContactWith


class SupportContact(models.Model):
    """A meeting, call or message. An attempt that did not happen is kept, marked as not taking place."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="contacts")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()
    contact_with = models.CharField(max_length=20, choices=ContactWith.choices)
    mode = models.CharField(max_length=20, choices=ContactMode.choices)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    took_place = models.BooleanField(default=True, help_text="False for an attempt that did not happen.")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=24 * 60),
                name="contact_duration_within_a_day",
            ),
        ]
        indexes = [models.Index(fields=["participant", "-occurred_at"], name="contact_participant_time_idx")]

    def __str__(self) -> str:
        return f"{self.get_contact_with_display()} contact on {self.occurred_at:%d %b %Y}"
