"""Configuration of the random allocation trial. The seed is write-once here and shown only to administrators."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from ipsgate.core.forms import with_length_messages

from .models import TrialConfiguration
from .services import parse_block_sizes


@with_length_messages
class TrialConfigurationForm(forms.ModelForm[TrialConfiguration]):
    class Meta:
        model = TrialConfiguration
        fields = ["name", "seed", "block_sizes", "active"]

    def clean_block_sizes(self) -> str:
        value: str = self.cleaned_data["block_sizes"]
        try:
            parse_block_sizes(value)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict["block_sizes"]) from None
        return value


@admin.register(TrialConfiguration)
class TrialConfigurationAdmin(admin.ModelAdmin[TrialConfiguration]):
    form = TrialConfigurationForm
    list_display = ["name", "block_sizes", "active", "created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Changing the seed or blocks once allocations exist would break reproducibility.
        if obj is not None and obj.allocations.exists():
            return ["seed", "block_sizes"]
        return []
