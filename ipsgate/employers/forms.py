"""Forms for employers, their people, employer contacts and vacancies (GOV.UK error message style)."""

from __future__ import annotations

from typing import Any

from django import forms

from ipsgate.core import limits
from ipsgate.core.capabilities import roles_with
from ipsgate.core.choices import JobSector
from ipsgate.core.forms import YES_NO, GovukDateField, past_date, with_length_messages
from ipsgate.core.models import User
from ipsgate.core.spreadsheet import formula_start_validator
from ipsgate.people.models import Participant
from ipsgate.rules.postcodes import outward_code

from .choices import (
    ContactPurpose,
    ContractType,
    DbsLevel,
    EmployerSector,
    EmployerSize,
    OffenceExclusion,
    PartnershipLevel,
    PayPeriod,
    VacancyStatus,
    WorkPattern,
)
from .models import EmployerContactPerson


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


def _postcode(value: str, *, required: bool) -> str:
    text = " ".join(value.upper().split())
    if not text:
        if required:
            raise forms.ValidationError("Enter the postcode")
        return ""
    if not outward_code(text):
        raise forms.ValidationError("Enter a real postcode, like LS9 8AB")
    return text


@with_length_messages
class EmployerSearchForm(forms.Form):
    q = forms.CharField(label="Name or postcode", required=False, max_length=100)
    sector = forms.ChoiceField(
        label="Industry", choices=[("", "Any industry"), *EmployerSector.choices], required=False
    )


@with_length_messages
class EmployerForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=150,
        error_messages={"required": "Enter the employer's name"},
        validators=[formula_start_validator("The employer's name")],
    )
    sector = forms.ChoiceField(
        label="Industry",
        choices=[("", "Choose an industry"), *EmployerSector.choices],
        error_messages={"required": "Select the industry"},
    )
    size = forms.ChoiceField(
        label="Size (optional)", choices=[("", "Not known"), *EmployerSize.choices], required=False
    )
    address = forms.CharField(
        label="Address (optional)", widget=forms.Textarea, max_length=limits.SHORT_TEXT, required=False
    )
    postcode = forms.CharField(label="Postcode (optional)", max_length=8, required=False)
    relationship_owner = StaffChoiceField(
        label="Relationship owner (optional)",
        queryset=User.objects.filter(role__in=roles_with("edit_employers"), is_active=True),
        required=False,
        empty_label="Nobody yet",
    )
    partnership_level = forms.ChoiceField(
        label="Partnership level", choices=PartnershipLevel.choices, widget=forms.RadioSelect, initial="NONE"
    )
    offence_exclusions = forms.MultipleChoiceField(
        label="Offences the employer will not consider",
        choices=OffenceExclusion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )
    takes_rotl = forms.BooleanField(label="Takes people on Release on Temporary Licence (ROTL)", required=False)
    usual_dbs_level = forms.ChoiceField(label="Usual DBS check", choices=DbsLevel.choices, initial=DbsLevel.NONE)
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, max_length=limits.NOTE, required=False)

    def clean_postcode(self) -> str:
        return _postcode(self.cleaned_data.get("postcode", ""), required=False)


@with_length_messages
class ContactPersonForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=150,
        error_messages={"required": "Enter the person's name"},
        validators=[formula_start_validator("The person's name")],
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=150, required=False)
    email = forms.EmailField(
        label="Email (optional)",
        required=False,
        max_length=254,  # the column's length (Django's EmailField form field would allow 320)
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    phone = forms.CharField(label="Phone (optional)", max_length=30, required=False)


class ParticipantChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.prison_number or 'no prison number'})"


@with_length_messages
class EmployerContactForm(forms.Form):
    contact_date = GovukDateField(label="Date of the contact", label_for_errors="the date of the contact")
    face_to_face = forms.ChoiceField(
        label="Was it face to face?", choices=YES_NO, widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the contact was face to face"},
    )  # fmt: skip
    purpose = forms.ChoiceField(
        label="Purpose", choices=ContactPurpose.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select the purpose of the contact"},
    )  # fmt: skip
    contact_person = forms.ModelChoiceField(
        label="Who you spoke to (optional)",
        queryset=EmployerContactPerson.objects.none(),
        required=False,
        empty_label="Not recorded",
    )
    participants = ParticipantChoices(
        label="People discussed (optional)",
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Only people on your caseload. What you may tell the employer follows each person's "
        "disclosure choice.",
        error_messages={"invalid_choice": "Select people from your caseload"},
    )
    note = forms.CharField(label="Note (optional)", widget=forms.Textarea, max_length=limits.NOTE, required=False)

    def __init__(self, *args: Any, people: Any, caseload: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = people  # type: ignore[attr-defined]
        self.fields["participants"].queryset = caseload  # type: ignore[attr-defined]

    def clean_contact_date(self) -> Any:
        return past_date(self.cleaned_data["contact_date"], label="The date of the contact")


@with_length_messages
class VacancySearchForm(forms.Form):
    q = forms.CharField(label="Title, employer or district", required=False, max_length=100)
    sector = forms.ChoiceField(label="Type of work", choices=[("", "Any"), *JobSector.choices], required=False)
    status = forms.ChoiceField(
        label="Status", choices=[("open", "Open"), ("closed", "Closed"), ("", "Open or closed")], required=False
    )


@with_length_messages
class VacancyForm(forms.Form):
    title = forms.CharField(label="Job title", max_length=150, error_messages={"required": "Enter the job title"})
    sector = forms.ChoiceField(
        label="Type of work",
        choices=[("", "Choose a type of work"), *JobSector.choices],
        error_messages={"required": "Select the type of work"},
    )
    postcode = forms.CharField(label="Postcode of the workplace", max_length=8)
    hours_per_week = forms.DecimalField(
        label="Hours a week", max_digits=4, decimal_places=1, min_value=1, max_value=60,
        error_messages={"required": "Enter the hours a week", "min_value": "Hours a week must be at least 1",
                        "max_value": "Hours a week must be 60 or fewer", "invalid": "Hours a week must be a number"},
    )  # fmt: skip
    work_pattern = forms.ChoiceField(label="Work pattern", choices=WorkPattern.choices, widget=forms.RadioSelect)
    contract_type = forms.ChoiceField(label="Contract", choices=ContractType.choices)
    pay_amount = forms.DecimalField(
        label="Pay in pounds", max_digits=9, decimal_places=2, min_value=0.01,
        error_messages={"required": "Enter the pay", "invalid": "Pay must be an amount in pounds, like 12.50",
                        "min_value": "Pay must be more than 0"},
    )  # fmt: skip
    pay_period = forms.ChoiceField(
        label="Pay is", choices=PayPeriod.choices, widget=forms.RadioSelect, initial=PayPeriod.HOURLY,
        help_text="Annual pay is turned into an hourly rate: annual ÷ (52.143 weeks × hours a week).",
    )  # fmt: skip
    closing_date = GovukDateField(
        label="Closing date (optional)", label_for_errors="the closing date", required=False,
        help_text="Leave blank for a rolling vacancy.",
    )  # fmt: skip
    start_date = GovukDateField(
        label="Start date (optional)", label_for_errors="the start date", required=False,
        help_text="When the job starts, if the employer has said. Matching uses it (or else the closing date) to "
        "tell whether someone in prison would start after their release.",
    )  # fmt: skip
    offence_exclusions = forms.MultipleChoiceField(
        label="Offences this vacancy excludes (on top of the employer's)",
        choices=OffenceExclusion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    dbs_level = forms.ChoiceField(label="DBS check required", choices=DbsLevel.choices, initial=DbsLevel.NONE)
    suitable_for_rotl = forms.BooleanField(label="Open to people on ROTL", required=False)
    works_with_children = forms.BooleanField(label="Involves work with children", required=False)
    works_with_vulnerable_adults = forms.BooleanField(label="Involves work with vulnerable adults", required=False)
    involves_driving = forms.BooleanField(label="Involves driving", required=False)
    status = forms.ChoiceField(label="Status", choices=VacancyStatus.choices, widget=forms.RadioSelect, initial="open")

    def clean_postcode(self) -> str:
        return _postcode(self.cleaned_data.get("postcode", ""), required=True)
