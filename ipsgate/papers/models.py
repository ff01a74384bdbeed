"""The person's own papers (issue 19): their plan, their CV and a disclosure letter, each issued as a dated version
in their language, with a frozen copy of what it said, and the next steps the person owns.

An issued version keeps its content as it was on the day (`content`, already in the person's language), so a later
change to the case never rewrites a paper the person has been given."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models

from ipsgate.core import limits
from ipsgate.core.fields import ProtectedCharField, ProtectedTextField
from ipsgate.people.choices import Language


class PaperKind(models.TextChoices):
    PLAN = "plan", "My plan"
    CV = "cv", "CV"
    LETTER = "letter", "Disclosure letter"


class PlanSection(models.TextChoices):
    """The sections of "My plan", in the order they are printed. The person chooses which go in."""

    GOAL = "goal", "My goal"
    STEPS = "steps", "My next steps"
    APPOINTMENTS = "appointments", "My next appointments"
    CONTACTS = "contacts", "Who to contact"
    MONEY = "money", "My money"
    DISCLOSURE = "disclosure", "What to say about my conviction"
    SUPPORT = "support", "Support in work"


class CvSection(models.TextChoices):
    ABOUT = "about", "About me"
    EXPERIENCE = "experience", "Work experience"
    QUALIFICATIONS = "qualifications", "Qualifications and training"
    STRENGTHS = "strengths", "Strengths"


class NextStep(models.Model):
    """Something the person will do themselves, by a date (e.g. "Bring your birth certificate")."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="next_steps")
    text = ProtectedCharField(max_length=limits.SHORT_TEXT)
    due_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.text} by {self.due_on}"


class PaperVersion(models.Model):
    """One issued plan, CV or letter. `sections`: the section keys chosen, in order; `content`: the frozen text,
    a list of {"key", "heading", "lines"} already in `language`, kept encrypted at rest (`content_json`: it may
    hold the disclosure statement, appointments and the person's own words)."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="papers")
    kind = models.CharField(max_length=10, choices=PaperKind.choices)
    language = models.CharField(max_length=2, choices=Language.choices)
    sections = models.JSONField(default=list)
    content_json = ProtectedTextField(blank=True, default="[]", max_length=limits.DOCUMENT)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["participant", "kind", "-issued_at"], name="paper_participant_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} issued {self.issued_at:%Y-%m-%d}"

    @property
    def content(self) -> list[dict[str, Any]]:
        parsed: list[dict[str, Any]] = json.loads(self.content_json or "[]")
        return parsed

    @content.setter
    def content(self, parts: list[dict[str, Any]]) -> None:
        self.content_json = json.dumps(parts, ensure_ascii=False)

    @property
    def headings(self) -> list[str]:
        return [part["heading"] for part in self.content]
