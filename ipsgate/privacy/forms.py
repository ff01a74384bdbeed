"""Forms for the lawful basis and consent, and for setting or lifting a legal hold."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from ipsgate.core import limits
from ipsgate.core.forms import GovukDateField, past_date, with_length_messages

from .choices import ConsentMethod, HealthCondition, LawfulBasis, MentorSection, OffenceCondition, ResearchConsent


class BasisConsentForm(forms.Form):
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for processing (UK GDPR Article 6)",
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        help_text="For a public service this is usually public task, Article 6(1)(e).",
        error_messages={"required": "Select the lawful basis for processing"},
    )
    health_condition = forms.ChoiceField(
        label="Condition for processing health data (UK GDPR Article 9)",
        choices=HealthCondition.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the condition for processing health data"},
    )
    offence_condition = forms.ChoiceField(
        label="Condition for processing criminal offence data (UK GDPR Article 10, DPA 2018 Schedule 1)",
        choices=OffenceCondition.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the condition for processing criminal offence data"},
    )
    service_consent_date = GovukDateField(
        label="Date the person agreed to take part in the IPS service",
        label_for_errors="the date the person agreed to take part",
        required=False,
    )
    service_consent_method = forms.ChoiceField(
        label="How their agreement was recorded",
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    research_consent = forms.ChoiceField(
        label="Has the person agreed to the evaluation and research follow-up?",
        choices=ResearchConsent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the person agreed to the evaluation follow-up"},
    )
    research_consent_date = GovukDateField(
        label="Date they answered",
        label_for_errors="the date they answered about the evaluation",
        required=False,
    )
    privacy_notice_date = GovukDateField(
        label="Date the privacy notice was given",
        label_for_errors="the date the privacy notice was given",
        required=False,
    )
    mentor_sections = forms.MultipleChoiceField(
        label="What has the person agreed their peer mentor may see? (optional)",
        choices=MentorSection.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="A mentor always sees the person's name, phase, planned sessions and the goals they agreed to "
        "share. Tick only the sections the person has agreed to.",
        error_messages={"invalid_choice": "Select sections from the list"},
    )

    def __init__(self, *args: Any, date_of_birth: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.date_of_birth = date_of_birth

    def _past(self, name: str, label: str) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get(name)
        if value is None:
            return None
        value = past_date(value, label=label)
        if value <= self.date_of_birth:
            raise forms.ValidationError(f"{label} must be after the person's date of birth")
        return value

    def clean_service_consent_date(self) -> datetime.date | None:
        return self._past("service_consent_date", "The date the person agreed to take part")

    def clean_research_consent_date(self) -> datetime.date | None:
        return self._past("research_consent_date", "The date they answered about the evaluation")

    def clean_privacy_notice_date(self) -> datetime.date | None:
        return self._past("privacy_notice_date", "The date the privacy notice was given")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        consent_date, method = data.get("service_consent_date"), data.get("service_consent_method")
        if consent_date and not method:
            self.add_error("service_consent_method", "Select how the person's agreement was recorded")
        if method and not consent_date and "service_consent_date" not in self.errors:
            self.add_error("service_consent_date", "Enter the date the person agreed to take part")
        relies_on_consent = (
            data.get("lawful_basis") == LawfulBasis.CONSENT
            or data.get("health_condition") == HealthCondition.EXPLICIT_CONSENT
            or data.get("offence_condition") == OffenceCondition.CONSENT
        )
        if relies_on_consent and not consent_date and "service_consent_date" not in self.errors:
            self.add_error(
                "service_consent_date",
                "Enter the date the person agreed to take part, because the basis or a condition is consent",
            )
        answer = data.get("research_consent")
        answered_on = data.get("research_consent_date")
        answered = answer in (ResearchConsent.YES, ResearchConsent.NO)
        if answered and not answered_on and "research_consent_date" not in self.errors:
            self.add_error("research_consent_date", "Enter the date they answered about the evaluation")
        if answer == ResearchConsent.NOT_ASKED and answered_on:
            self.add_error("research_consent_date", "Leave the date empty if the person has not been asked yet")
        if "mentor_sections" in data:
            data["mentor_sections"] = sorted(set(data["mentor_sections"]))
        return data


@with_length_messages
class LegalHoldForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=limits.PARAGRAPH,
        error_messages={"required": "Enter a reason"},
    )

    def __init__(self, *args: Any, lifting: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        if lifting:
            field.label = "Why is the legal hold no longer needed?"
            field.error_messages["required"] = "Enter why the legal hold is no longer needed"
        else:
            field.label = "Why must the record be kept?"
            field.help_text = "For example, a complaint, a claim, a safeguarding review or an inquiry."
            field.error_messages["required"] = "Enter why the record must be kept"

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError(self.fields["reason"].error_messages["required"])
        return reason
