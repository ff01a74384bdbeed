"""Forms for the partner directory (GOV.UK error message style)."""

from __future__ import annotations

from typing import Any

from django import forms

from ipsgate.core import limits
from ipsgate.core.choices import SiteKind
from ipsgate.core.forms import GovukDateField, with_length_messages
from ipsgate.core.models import Site

from .choices import PartnerKind, Pathway, ReferralMethod, ReferralOutStatus
from .services import NO_PATHWAY, NO_PLACE


def _prisons() -> Any:
    return Site.objects.filter(kind=SiteKind.PRISON).order_by("name")


@with_length_messages
class PartnerSearchForm(forms.Form):
    q = forms.CharField(label="Name or who they take", required=False, max_length=100)
    pathway = forms.ChoiceField(label="Pathway", choices=[("", "Any pathway"), *Pathway.choices], required=False)
    prison = forms.ModelChoiceField(
        label="Prison", queryset=Site.objects.none(), required=False, empty_label="Any prison"
    )
    area = forms.CharField(label="Area or postcode district", required=False, max_length=50)
    closed = forms.BooleanField(label="Include closed partners", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prison: Any = self.fields["prison"]
        prison.queryset = _prisons()
        prison.error_messages["invalid_choice"] = "Select a prison from the list"


@with_length_messages
class PartnerForm(forms.Form):
    name = forms.CharField(label="Name", max_length=150, error_messages={"required": "Enter the partner's name"})
    kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=[("", "Choose a kind"), *PartnerKind.choices],
        error_messages={"required": "Select the kind of organisation"},
    )
    pathways = forms.MultipleChoiceField(
        label="Resettlement pathways it helps with",
        choices=Pathway.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": NO_PATHWAY},
    )
    prisons = forms.ModelMultipleChoiceField(
        label="Prisons it works in (optional)",
        queryset=Site.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select prisons from the list"},
    )
    areas = forms.CharField(
        label="Areas it serves in the community (optional)",
        max_length=limits.SHORT_TEXT,
        required=False,
        help_text="Postcode districts or local authority areas, separated by commas, for example LS9, LS10, Leeds.",
    )
    eligibility = forms.CharField(
        label="Who they take (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.PARAGRAPH,
        required=False,
        help_text="For example: women only, 18 to 25, accepts people with sexual offences.",
    )
    how_to_refer = forms.CharField(
        label="How to refer (optional)", widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.PARAGRAPH,
        required=False,
    )  # fmt: skip
    contact_name = forms.CharField(label="Named contact (optional)", max_length=150, required=False)
    phone = forms.CharField(label="Phone (optional)", max_length=30, required=False)
    email = forms.EmailField(
        label="Email (optional)",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address like https://www.example.org"},
    )
    referral_form = forms.URLField(
        label="Referral form web address (optional)",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address like https://www.example.org/refer"},
    )
    opening_hours = forms.CharField(label="Opening hours (optional)", max_length=limits.SHORT_TEXT, required=False)
    community_mental_health_team = forms.BooleanField(
        label="It is a community mental health team (CMHT)",
        required=False,
        help_text="Its referrals are counted with the CMHT referrals recorded on a person's health-care page.",
    )
    closed_on = GovukDateField(
        label="Date it closed (optional)",
        label_for_errors="the date the partner closed",
        required=False,
        help_text="Leave blank while the partner takes referrals. For example, 27 3 2026.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prisons: Any = self.fields["prisons"]
        prisons.queryset = _prisons()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("prisons") and not (data.get("areas") or "").strip() and "areas" not in self.errors:
            self.add_error("areas", NO_PLACE)
        return data

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        return {
            "data": {k: v for k, v in data.items() if k not in ("pathways", "prisons")},
            "pathways": data["pathways"],
            "prisons": list(data["prisons"]),
        }


@with_length_messages
class ReferralOutForm(forms.Form):
    """Partner choices are the suggestions for the pathway (set by the view); closed partners are never offered."""

    partner = forms.ChoiceField(
        label="Partner",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the partner you are referring the person to",
            "invalid_choice": "Select a partner from the list: only open partners for this pathway can be chosen",
        },
    )
    referred_on = GovukDateField(label="Date of the referral", label_for_errors="the date of the referral")
    method = forms.ChoiceField(
        label="How you referred them", choices=ReferralMethod.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select how you referred them"},
    )  # fmt: skip
    asked = forms.CharField(
        label="What you asked the partner for",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.PARAGRAPH,
        error_messages={"required": "Enter what you asked the partner for"},
    )
    consent_to_share = forms.ChoiceField(
        label="Has the person agreed to their details being shared with this partner?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the person has agreed to their details being shared"},
    )
    shared = forms.CharField(
        label="What the person agreed to share (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.PARAGRAPH,
        required=False,
        help_text="For example: name, date of birth, release date and address; not their health details.",
        error_messages={"max_length": limits.too_long("What the person agreed to share", limits.PARAGRAPH)},
    )

    def __init__(self, *args: Any, partner_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partner: Any = self.fields["partner"]
        partner.choices = partner_choices


@with_length_messages
class ReferralOutUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="What happened", choices=ReferralOutStatus.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select what happened", "invalid_choice": "Select what happened from the list"},
    )  # fmt: skip
    happened_on = GovukDateField(label="When it happened", label_for_errors="the date it happened")
    note = forms.CharField(
        label="Note (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.PARAGRAPH,
        required=False,
        help_text="If the partner declined, give the reason they gave.",
    )

    def __init__(self, *args: Any, offered: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status: Any = self.fields["status"]
        status.widget.choices = offered  # every status is accepted, so the lifecycle rule explains a refusal
