"""Forms for the casework pages: referral intake, which adds the evaluation's questions to the people app's referral."""

from __future__ import annotations

from typing import Any

from django import forms

from ipsgate.core.forms import YES_NO
from ipsgate.core.models import User
from ipsgate.evaluation.forms import evaluation_arm_choices
from ipsgate.evaluation.services import active_trial
from ipsgate.people.forms import ReferralForm


class ReferralIntakeForm(ReferralForm):
    """A new referral with its evaluation arm and whether peer mentoring is offered."""

    field_order = [*ReferralForm.field_order, "evaluation_arm", "mentoring"]

    # The evaluation (issue 6): the arm is chosen, or drawn at random only when the referral is saved.
    evaluation_arm = forms.ChoiceField(
        label="Evaluation arm",
        choices=evaluation_arm_choices(random_allowed=False),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the evaluation arm, or allocate at random",
            "invalid_choice": "Select the evaluation arm, or allocate at random",
        },
    )
    mentoring = forms.ChoiceField(
        label="Will the person be offered peer mentoring?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the person will be offered peer mentoring"},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        random_allowed = active_trial() is not None
        self.fields["evaluation_arm"].choices = evaluation_arm_choices(random_allowed=random_allowed)  # type: ignore[attr-defined]
        if random_allowed:
            self.fields[
                "evaluation_arm"
            ].help_text = (
                "Random allocation is running: the arm is drawn when the referral is saved and shown afterwards."
            )

    def clean_mentoring(self) -> bool:
        return self.cleaned_data["mentoring"] == "yes"
