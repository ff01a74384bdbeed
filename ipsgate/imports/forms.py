"""The upload form: which kind of records, and the file."""

from __future__ import annotations

from typing import Any

from django import forms

from .kinds import KINDS
from .models import ImportKind
from .reading import MAX_BYTES


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.value, kind.label) for kind in ImportKind if kind.value in KINDS]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What does the file hold?",
        choices=kind_choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the file holds", "invalid_choice": "Select what the file holds"},
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV file or an Excel workbook (.xlsx), 10 MB or less, with the template's column headings in the "
        "first row.",
        error_messages={"required": "Select a CSV or Excel file", "empty": "The selected file is empty"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {MAX_BYTES // 1024 // 1024} MB. Split it into several files"
            )
        return upload
