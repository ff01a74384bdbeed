"""Tokens in the configuration screens: issued only to active service accounts, and audited like the command."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import Token, TokenProxy

from ipsgate.core.models import User

from .services import api_token_create, api_token_revoke


class ServiceAccountTokenForm(forms.ModelForm[Token]):
    user = forms.ModelChoiceField(
        queryset=User.objects.filter(is_service_account=True, is_active=True, auth_token__isnull=True),
        help_text="Only active service accounts without a token are listed.",
    )

    class Meta:
        model = TokenProxy
        fields = ("user",)


class ServiceAccountTokenAdmin(TokenAdmin):
    form = ServiceAccountTokenForm
    list_display = ("user", "created")
    autocomplete_fields = ()
    readonly_fields = ("key", "created")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("user", "key", "created") if obj else ("user",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("user", "key", "created") if obj else ()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a token is issued or revoked, never edited

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        token = api_token_create(actor=request.user, user=form.cleaned_data["user"])  # type: ignore[arg-type]
        obj.key, obj.created = token.key, token.created  # TokenProxy.pk is the user's id

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        api_token_revoke(actor=request.user, user=obj.user)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset.select_related("user"):
            self.delete_model(request, token)


if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)
admin.site.register(TokenProxy, ServiceAccountTokenAdmin)
