"""A bulk import (issue 21): who uploaded which file, when, what it held and what it did; and each participant
record it created or changed, which the person's timeline shows."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ipsgate.core import limits


class ImportKind(models.TextChoices):
    RELEASE_LIST = "release-list", "Prison release list"
    CASELOAD = "caseload", "Caseload"
    EMPLOYERS = "employers", "Employers"
    VACANCIES = "vacancies", "Vacancies"
    PARTNERS = "partners", "Partner directory"


class ImportStatus(models.TextChoices):
    CHECKING = "checking", "Checking"
    PREVIEWED = "previewed", "Previewed, not imported"
    IMPORTED = "imported", "Imported"
    DISCARDED = "discarded", "Discarded"
    IMPORTING = "importing", "Importing"


class ImportRun(models.Model):
    """One uploaded file. While it waits for confirmation its bytes are kept encrypted (`content`, with the field
    encryption keys) so confirming reads exactly the file previewed (its SHA-256 is checked); they are cleared once
    the file is imported or discarded.

    The page checks and writes a file in the background (`tasks`): the run is CHECKING, then PREVIEWED or DISCARDED;
    confirmed, IMPORTING, then IMPORTED (or DISCARDED when the rows had become wrong). `report` keeps what the last
    check or write said, row by row (`services.Preview.to_report`, compressed and encrypted), for the run's page."""

    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(max_length=limits.SHORT_TEXT)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    not_known = models.PositiveIntegerField(default=0, help_text="Release list rows naming nobody in the service.")
    errors = models.PositiveIntegerField(default=0)
    content = models.BinaryField(default=b"", editable=False)
    report = models.BinaryField(default=b"", editable=False)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["uploaded_by", "-uploaded_at"], name="importrun_user_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import of {self.file_name} ({self.get_status_display().lower()})"


class ImportedChange(models.Model):
    """A participant record an import created or changed, in words for the person's timeline."""

    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="changes")
    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="imported_changes")
    happened_on = models.DateField()
    summary = models.CharField(max_length=limits.SHORT_TEXT)

    class Meta:
        ordering = ["-happened_on", "-id"]
        indexes = [models.Index(fields=["participant", "-happened_on"], name="importedchange_participant_idx")]

    def __str__(self) -> str:
        return f"Imported change to participant {self.participant_id}"
