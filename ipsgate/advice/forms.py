"""Forms for convictions, disclosure statements and better-off checks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from ipsgate.core import limits
from ipsgate.core.forms import GovukDateField, MoneyField, number_messages, past_date, with_length_messages
from ipsgate.core.limits import too_long
from ipsgate.rules.disclosure import NEEDS_LENGTH, NEEDS_SENTENCE_END, ORDERS_ENDING_WITH_ORDER, Disposal
from ipsgate.rules.uc_rates import tax_year_words

from .models import CAPABILITY_CHOICES, DISPOSAL_CHOICES, LICENCE_KIND_CHOICES, OFFENCE_CATEGORY_CHOICES


@with_length_messages
class ConvictionForm(forms.Form):
    description = forms.CharField(
        label="Offence",
        max_length=200,
        help_text="A short description, for example 'Theft from a shop'.",
        error_messages={"required": "Enter a short description of the offence"},
    )
    conviction_date = GovukDateField(
        label="Date of conviction or caution", label_for_errors="the date of conviction or caution"
    )
    disposal = forms.ChoiceField(
        label="Sentence or outcome",
        choices=[("", "Choose the sentence or outcome"), *DISPOSAL_CHOICES],
        error_messages={"required": "Select the sentence or outcome"},
    )
    length_months = forms.IntegerField(
        label="Length of the sentence in months (prison and suspended sentences)",
        required=False,
        min_value=1,
        max_value=1200,
        help_text="The whole sentence as given by the court, not the time served.",
        error_messages={
            "min_value": "Length must be at least 1 month",
            "max_value": "Length must be 1200 months or less",
            "invalid": "Length must be a whole number of months",
        },
    )
    sentence_end = GovukDateField(
        label="Date the sentence ends, including licence",
        label_for_errors="the date the sentence ends",
        required=False,
        help_text="For a suspended sentence, the end of the suspended period.",
    )
    order_end = GovukDateField(
        label="Last day of the order",
        label_for_errors="the last day of the order",
        required=False,
        help_text="For a compensation order, the date it was paid in full. For a conditional caution, when it "
        "stopped having effect, if that was within 3 months.",
    )
    schedule_18 = forms.BooleanField(
        label="The offence is in Schedule 18 of the Sentencing Code (serious violent, sexual or terrorism)",
        required=False,
    )
    specified_offence = forms.BooleanField(
        label="The offence is on the DBS list of offences that are never filtered", required=False
    )
    summary_only = forms.BooleanField(label="The offence can only be tried in a magistrates' court", required=False)
    offence_category = forms.ChoiceField(
        label="Kind of offence (for employers' exclusions)",
        choices=[("", "Not recorded"), *OFFENCE_CATEGORY_CHOICES],
        required=False,
        help_text="Employers and vacancies may exclude some kinds of offence. Matching uses this. Robbery counts "
        "as violence; handling stolen goods as theft.",
    )

    def __init__(self, *args: Any, date_of_birth: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.date_of_birth = date_of_birth

    def clean_conviction_date(self) -> Any:
        value = past_date(self.cleaned_data["conviction_date"], label="Date of conviction or caution")
        if value < self.date_of_birth:
            raise forms.ValidationError("Date of conviction or caution must be after the date of birth")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        disposal = data.get("disposal")
        convicted = data.get("conviction_date")
        if disposal in NEEDS_LENGTH and not data.get("length_months") and "length_months" not in self.errors:
            self.add_error("length_months", "Enter the length of the sentence in months")
        if disposal not in NEEDS_LENGTH:
            data["length_months"] = None
        if disposal not in NEEDS_SENTENCE_END:
            data["sentence_end"] = None
        if disposal not in ORDERS_ENDING_WITH_ORDER | {
            Disposal.CONDITIONAL_CAUTION,
            Disposal.YOUTH_CONDITIONAL_CAUTION,
        }:
            data["order_end"] = None
        for name, label in (("sentence_end", "Date the sentence ends"), ("order_end", "Last day of the order")):
            value = data.get(name)
            if convicted and value and value < convicted:
                self.add_error(name, f"{label} must be on or after the date of conviction")
        return data


@with_length_messages
class StatementForm(forms.Form):
    purpose = forms.CharField(
        label="Which job or employer is it for?",
        max_length=150,
        error_messages={
            "required": "Enter the job or employer the letter is for",
            "max_length": too_long("The job or employer", 150),
        },
    )
    what_happened = forms.CharField(
        label="What happened, in your own words",
        widget=forms.Textarea,
        max_length=limits.PARAGRAPH,
        help_text="Briefly and honestly. You do not need to give every detail.",
        error_messages={
            "required": "Enter what happened, in the person's own words",
            "max_length": too_long("What happened", limits.PARAGRAPH),
        },
    )
    what_has_changed = forms.CharField(
        label="What has changed since",
        widget=forms.Textarea,
        max_length=limits.PARAGRAPH,
        help_text="For example courses, treatment, work, family, what you have learned.",
        error_messages={"required": "Enter what has changed since"},
    )
    why_this_job = forms.CharField(
        label="Why you want this job and what you would bring to it",
        widget=forms.Textarea,
        max_length=limits.PARAGRAPH,
        error_messages={
            "required": "Enter why the person wants this job",
            "max_length": too_long("Why the person wants this job", limits.PARAGRAPH),
        },
    )


@with_length_messages
class LetterForm(forms.Form):
    letter = forms.CharField(
        label="Letter", widget=forms.Textarea, max_length=limits.LETTER, error_messages={"required": "Enter the letter"}
    )


def current_tax_year(today: Any, tax_years: list[str]) -> str:
    """UK tax years start on 6 April; the latest year with rates if this one has none."""
    start = today.year if (today.month, today.day) >= (4, 6) else today.year - 1
    label = f"{start}-{str(start + 1)[2:]}"
    return label if label in tax_years else tax_years[-1]


@with_length_messages
class BetterOffForm(forms.Form):
    """The better-off-in-work check. Every refusal is a GOV.UK message naming the field; amounts of money are typed
    as people write them ("£1,250.50" or "1250"). The limits are those of the rules command's JSON contract. The
    fields are in the order the page shows them, so the error summary lists the problems in that order too."""

    field_order = [
        "label", "hours_per_week", "hourly_pay", "tax_year", "age", "partner_age", "children", "capability",
        "lcwra_protected", "housing_costs", "capital", "other_income", "deductions",
    ]  # fmt: skip

    label = forms.CharField(
        label="What is this check for?",
        max_length=150,
        help_text="For example a vacancy, or 'What if 30 hours'.",
        error_messages={
            "required": "Enter what the check is for",
            "max_length": too_long("What the check is for", 150),
        },
    )
    tax_year = forms.ChoiceField(
        label="Tax year",
        choices=[],
        error_messages={"required": "Select the tax year", "invalid_choice": "Select a tax year from the list"},
    )
    age = forms.IntegerField(
        label="Age",
        min_value=16,
        max_value=120,
        error_messages=number_messages("Age", required="Enter the person's age", minimum=16, maximum=120, example="30"),
    )
    partner_age = forms.IntegerField(
        label="Partner's age (leave blank if single)",
        required=False,
        min_value=16,
        max_value=120,
        error_messages=number_messages("Partner's age", required="", minimum=16, maximum=120, example="30"),
    )
    children = forms.IntegerField(
        label="Number of children the person is responsible for",
        min_value=0,
        max_value=20,
        initial=0,
        error_messages=number_messages(
            "Number of children",
            required="Enter the number of children the person is responsible for, or 0",
            minimum=0,
            maximum=20,
            example="2",
        ),
    )
    capability = forms.ChoiceField(
        label="Work capability",
        choices=CAPABILITY_CHOICES,
        widget=forms.RadioSelect,
        initial="none",
        error_messages={
            "required": "Select the person's work capability",
            "invalid_choice": "Select the person's work capability",
        },
    )
    lcwra_protected = forms.BooleanField(
        label="LCWRA from before 6 April 2026, or severe conditions or terminal illness", required=False
    )
    housing_costs = MoneyField(
        label="Eligible rent a month, in pounds",
        name="Eligible rent",
        required_message="Enter the eligible rent a month, or 0",
        maximum=Decimal("10000"),
        initial=Decimal("0"),
    )
    capital = MoneyField(
        label="Savings and capital, in pounds",
        name="Savings and capital",
        required_message="Enter the person's savings and capital, or 0",
        maximum=Decimal("10000000"),
        initial=Decimal("0"),
    )
    other_income = MoneyField(
        label="Other income a month, in pounds",
        name="Other income",
        required_message="Enter the other income a month, or 0",
        maximum=Decimal("100000"),
        initial=Decimal("0"),
    )
    deductions = MoneyField(
        label="Deductions from Universal Credit a month, in pounds",
        name="Deductions from Universal Credit",
        required_message="Enter the deductions from Universal Credit a month, or 0",
        maximum=Decimal("10000"),
        initial=Decimal("0"),
        help_text="Debt repayments, advance repayments.",
    )
    hours_per_week = forms.DecimalField(
        label="Hours a week",
        min_value=Decimal("0.5"),
        max_value=Decimal("100"),
        decimal_places=1,
        error_messages={
            **number_messages(
                "Hours a week",
                required="Enter the hours a week",
                minimum="0.5",
                maximum="100",
                example="16 or 37.5",
                whole=False,
            ),
            "max_decimal_places": "Hours a week must be to one decimal place at most, like 37.5",
        },
    )
    hourly_pay = MoneyField(
        label="Pay an hour, in pounds",
        name="Pay an hour",
        required_message="Enter the pay an hour",
        minimum=Decimal("0.01"),
        maximum=Decimal("1000"),
        example="12.50",
        error_messages={"min_value": "Pay an hour must be more than £0"},
    )

    def __init__(self, *args: Any, tax_years: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tax_year"].choices = [(y, tax_year_words(y)) for y in tax_years]  # type: ignore[attr-defined]
        self.fields["tax_year"].initial = current_tax_year(timezone.localdate(), tax_years)


@with_length_messages
class LicenceConditionForm(forms.Form):
    """A licence condition that limits work. Districts and curfew times only matter for those kinds."""

    kind = forms.ChoiceField(
        label="Condition",
        choices=LICENCE_KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of condition"},
    )
    detail = forms.CharField(label="Details (optional)", max_length=300, required=False)
    districts = forms.CharField(
        label="Exclusion zone: postcode districts",
        required=False,
        max_length=limits.PARAGRAPH,
        error_messages={"max_length": too_long("Postcode districts", limits.PARAGRAPH)},
        help_text="Separate with commas, for example LS2, LS9.",
    )
    curfew_from = forms.TimeField(
        label="Curfew starts", required=False, help_text="24-hour clock, for example 19:00.",
        error_messages={"invalid": "Enter the curfew start as a time, for example 19:00"},
    )  # fmt: skip
    curfew_to = forms.TimeField(
        label="Curfew ends", required=False, help_text="For example 07:00.",
        error_messages={"invalid": "Enter the curfew end as a time, for example 07:00"},
    )  # fmt: skip
    start_date = GovukDateField(label="Start date", label_for_errors="the start date")
    end_date = GovukDateField(label="End date (optional)", label_for_errors="the end date", required=False)

    def clean_districts(self) -> list[str]:
        from ipsgate.rules.postcodes import outward_code

        raw = [part.strip() for part in self.cleaned_data.get("districts", "").split(",") if part.strip()]
        codes = [outward_code(part) for part in raw]
        bad = [part for part, code in zip(raw, codes, strict=True) if not code]
        if bad:
            raise forms.ValidationError(f"Enter postcode districts like LS9; not recognised: {', '.join(bad)}")
        return sorted(set(codes))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == "exclusion_zone" and not data.get("districts") and "districts" not in self.errors:
            self.add_error("districts", "Enter the postcode districts of the exclusion zone")
        if kind == "curfew":
            for name, label in (("curfew_from", "start"), ("curfew_to", "end")):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, f"Enter the time the curfew {label}s")
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date")
        return data
