"""Forms for applications, jobs and sustainment checks."""

from __future__ import annotations

from typing import Any

from django import forms

from ipsgate.core import limits
from ipsgate.core.forms import YES_NO, GovukDateField, past_date, with_length_messages
from ipsgate.core.spreadsheet import formula_start_validator
from ipsgate.employers.choices import ContractType
from ipsgate.rules.applications import STATUS_LABELS, Status, next_statuses

from .choices import SUSTAINMENT_WEEK_CHOICES, JobEndReason, NotStartedReason

HOURS_MESSAGES = {
    "required": "Enter the hours a week",
    "invalid": "Hours a week must be a number",
    "min_value": "Hours a week must be more than 0",
    "max_value": "Hours a week must be 100 or fewer",
}
PAY_MESSAGES = {
    "required": "Enter the pay an hour",
    "invalid": "Pay must be an amount in pounds, like 12.50",
    "min_value": "Pay must be more than 0",
}


@with_length_messages
class ApplicationForm(forms.Form):
    """An application. With a vacancy, employer and title come from it; otherwise they are typed in."""

    employer_name = forms.CharField(
        label="Employer", max_length=150, required=False, validators=[formula_start_validator("The employer's name")]
    )
    job_title = forms.CharField(label="Job title", max_length=150, required=False)
    status = forms.ChoiceField(
        label="Where it has got to",
        choices=[(Status.INTERESTED.value, "Interested"), (Status.APPLIED.value, "Applied")],
        widget=forms.RadioSelect,
        initial=Status.INTERESTED.value,
    )
    on_date = GovukDateField(label="Date", label_for_errors="the date")
    note = forms.CharField(label="Note (optional)", widget=forms.Textarea, max_length=limits.NOTE, required=False)

    def __init__(self, *args: Any, with_vacancy: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.with_vacancy = with_vacancy
        if with_vacancy:
            del self.fields["employer_name"]
            del self.fields["job_title"]

    def clean_on_date(self) -> Any:
        return past_date(self.cleaned_data["on_date"], label="The date")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.with_vacancy:
            if not data.get("employer_name", "").strip():
                self.add_error("employer_name", "Enter the employer's name")
            if not data.get("job_title", "").strip():
                self.add_error("job_title", "Enter the job title")
        return data


@with_length_messages
class ApplicationAdvanceForm(forms.Form):
    to_status = forms.ChoiceField(
        label="Move the application to", widget=forms.RadioSelect, error_messages={"required": "Select a status"}
    )
    on_date = GovukDateField(label="Date it happened", label_for_errors="the date it happened")
    reason = forms.ChoiceField(
        label="If the offer did not start: why",
        choices=NotStartedReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    hours_per_week = forms.DecimalField(
        label="Started: hours a week (if not the vacancy's)",
        max_digits=4,
        decimal_places=1,
        min_value=0.5,
        max_value=100,
        required=False,
        error_messages=HOURS_MESSAGES,
    )
    hourly_pay = forms.DecimalField(
        label="Started: pay an hour in pounds (if not the vacancy's)",
        max_digits=6,
        decimal_places=2,
        min_value=0.01,
        required=False,
        error_messages=PAY_MESSAGES,
    )
    note = forms.CharField(label="Note (optional)", widget=forms.Textarea, max_length=limits.NOTE, required=False)

    def __init__(self, *args: Any, current: Status, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s.value, STATUS_LABELS[s]) for s in next_statuses(current)]  # type: ignore[attr-defined]

    def clean_on_date(self) -> Any:
        return past_date(self.cleaned_data["on_date"], label="The date it happened")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("to_status") == Status.OFFER_NOT_STARTED.value and not data.get("reason"):
            self.add_error("reason", "Select why the person did not start")
        return data


@with_length_messages
class JobForm(forms.Form):
    employer_name = forms.CharField(
        label="Employer",
        max_length=150,
        error_messages={"required": "Enter the employer's name"},
        validators=[formula_start_validator("The employer's name")],
    )
    job_title = forms.CharField(label="Job title", max_length=150, error_messages={"required": "Enter the job title"})
    start_date = GovukDateField(label="Start date", label_for_errors="the start date")
    hours_per_week = forms.DecimalField(
        label="Hours a week",
        max_digits=4,
        decimal_places=1,
        min_value=0.5,
        max_value=100,
        error_messages=HOURS_MESSAGES,
    )
    hourly_pay = forms.DecimalField(
        label="Pay an hour in pounds", max_digits=6, decimal_places=2, min_value=0.01, error_messages=PAY_MESSAGES
    )
    contract_type = forms.ChoiceField(label="Contract", choices=ContractType.choices)
    first_four_paid_hours_done = GovukDateField(
        label="Date the first 4 paid hours were done (optional)",
        label_for_errors="the date of the first 4 paid hours",
        required=False,
        help_text="A job start counts (IPS Grow) once the first 4 paid hours are done.",
    )
    open_labour_market = forms.BooleanField(label="Anyone could apply for this job", required=False, initial=True)
    reserved_for_disabled_people = forms.BooleanField(label="The job is set aside for disabled people", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, first = data.get("start_date"), data.get("first_four_paid_hours_done")
        if start and first and first < start:
            self.add_error("first_four_paid_hours_done", "The date must be on or after the start date")
        return data


class JobUpdateForm(forms.Form):
    first_four_paid_hours_done = GovukDateField(
        label="Date the first 4 paid hours were done",
        label_for_errors="the date of the first 4 paid hours",
        required=False,
    )
    end_date = GovukDateField(label="End date (if the job has ended)", label_for_errors="the end date", required=False)
    end_reason = forms.ChoiceField(
        label="Why the job ended", choices=[("", "Not ended"), *JobEndReason.choices], required=False
    )


@with_length_messages
class SustainmentCheckForm(forms.Form):
    week = forms.TypedChoiceField(
        label="Which check",
        choices=SUSTAINMENT_WEEK_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which check this is"},
    )
    checked_on = GovukDateField(label="Date checked", label_for_errors="the date checked")
    still_in_work = forms.ChoiceField(
        label="Is the person still in work?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the person is still in work"},
    )
    note = forms.CharField(label="Note (optional)", widget=forms.Textarea, max_length=limits.NOTE, required=False)

    def clean_checked_on(self) -> Any:
        return past_date(self.cleaned_data["checked_on"], label="The date checked")
