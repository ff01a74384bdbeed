"""The staff forms of the papers app (staff pages stay English; the papers themselves are in the person's language)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from ipsgate.core import limits
from ipsgate.core.forms import GovukDateField, with_length_messages
from ipsgate.core.limits import too_long
from ipsgate.journey.models import Appointment

from .models import CvSection, PlanSection
from .services import NO_SECTION

PLAN_SECTION_HINTS = {
    PlanSection.GOAL: "The job goals from the vocational profile, in the person's words.",
    PlanSection.STEPS: "Things the person will do, each with a date.",
    PlanSection.APPOINTMENTS: "Only appointments still to come.",
    PlanSection.CONTACTS: "You, their mentor, and partner services with phone numbers and opening hours.",
    PlanSection.MONEY: "The latest saved better-off-in-work result: one sentence and three numbers.",
    PlanSection.DISCLOSURE: "The saved disclosure statement. Only if the person wants it in.",
    PlanSection.SUPPORT: "The promise of support in work for as long as they need it.",
}


@with_length_messages
class StepForm(forms.Form):
    text = forms.CharField(
        label="What will the person do?",
        max_length=limits.SHORT_TEXT,
        help_text="One thing, in their words. For example, bring your birth certificate.",
        error_messages={
            "required": "Enter what the person will do",
            "max_length": too_long("The next step", limits.SHORT_TEXT),
        },
    )
    due_on = GovukDateField(label="By when", label_for_errors="the date", help_text="For example, 14 1 2027")

    def clean_due_on(self) -> Any:
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError("The date of a next step must be today or in the future")
        return due_on


class AppointmentChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        at = timezone.localtime(obj.starts_at)
        return f"{obj.get_kind_display()}, {at:%A %-d %B %Y at %H:%M}" + (f", {obj.place}" if obj.place else "")


class PlanForm(forms.Form):
    """The person chooses the sections; "next appointments" lists only appointments still to come (the service
    refuses a past one however it arrives)."""

    sections = forms.MultipleChoiceField(
        label="What goes in the plan?",
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose with the person, section by section.",
        error_messages={"required": NO_SECTION, "invalid_choice": "Choose sections from the list"},
    )
    appointments = AppointmentChoices(
        label="Which appointments go under “My next appointments”?",
        queryset=Appointment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose appointments from this person's list"},
    )

    def __init__(
        self,
        *args: Any,
        available: list[str],
        appointments: QuerySet[Appointment],
        future: list[Appointment],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        sections = self.fields["sections"]
        sections.choices = [(key, label) for key, label in PlanSection.choices if key in available]  # type: ignore[attr-defined]
        field = self.fields["appointments"]
        field.queryset = appointments  # type: ignore[attr-defined]  # any of theirs: a past one gets a clear message
        field.widget.choices = [(a.pk, field.label_from_instance(a)) for a in future]  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial = {"sections": available, "appointments": [a.pk for a in future]}


@with_length_messages
class CvForm(forms.Form):
    about = forms.CharField(
        label="About me",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=limits.NOTE,
        help_text="A few short sentences in the person's words.",
    )
    experience = forms.CharField(
        label="Work experience",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=limits.NOTE,
        help_text="One job a line. Work done in prison is written as ordinary experience.",
    )
    qualifications = forms.CharField(
        label="Qualifications and training",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=limits.NOTE,
        help_text="One a line.",
    )
    strengths = forms.CharField(
        label="Strengths", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=limits.NOTE
    )

    SECTIONS = tuple(CvSection.values)


class LetterForm(forms.Form):
    agreed = forms.BooleanField(
        label="The person has read the letter and agrees to it",
        help_text="They sign the printed copy.",
        error_messages={"required": "Confirm that the person has read the letter and agrees to it"},
    )
