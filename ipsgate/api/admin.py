"""Tokens in the configuration screens: issued only to active service accounts, and audited like the command.

The key is shown once, on the page that answers the issuing form (never in a message, a session or a log); the
lists show the first characters, the expiry and the last-used date."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from rest_framework.authtoken.models import TokenProxy

from ipsgate.core.models import User

from .models import ApiToken
from .services import IssuedToken, api_token_create, api_token_revoke

ISSUED = "_ipsgate_issued_token"


class ServiceAccountTokenForm(forms.ModelForm[ApiToken]):
    user = forms.ModelChoiceField(
        queryset=User.objects.filter(is_service_account=True, is_active=True, api_token__isnull=True),
        help_text="Only active service accounts without a token are listed.",
    )
    days = forms.IntegerField(
        min_value=1,
        max_value=3 * 365,
        initial=settings.IPSGATE_API_TOKEN_DAYS,
        help_text="How many days the token works. The calling system needs a new token after that.",
    )

    class Meta:
        model = ApiToken
        fields = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    form = ServiceAccountTokenForm
    list_display = ("user", "key_start", "created", "expires_at", "last_used_at")
    list_select_related = ("user",)
    search_fields = ("user__username",)
    readonly_fields = ("user", "key_start", "created", "expires_at", "last_used_at")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return self.readonly_fields if obj else ("user", "days")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return self.readonly_fields if obj else ()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a token is issued or revoked, never edited

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        issued = api_token_create(
            actor=request.user,  # type: ignore[arg-type]
            user=form.cleaned_data["user"],
            days=form.cleaned_data["days"],
        )
        obj.pk, obj.created, obj.expires_at = issued.token.pk, issued.token.created, issued.token.expires_at
        setattr(request, ISSUED, issued)

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: str | None = None) -> HttpResponse:
        issued: IssuedToken = getattr(request, ISSUED)
        response = TemplateResponse(
            request,
            "admin/api/apitoken/issued.html",
            {**self.admin_site.each_context(request), "token": issued.token, "key": issued.key},
        )
        response["Cache-Control"] = "no-store"
        return response

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        api_token_revoke(actor=request.user, user=obj.user)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset.select_related("user"):
            self.delete_model(request, token)


# DRF's own token model holds plain keys: ipsgate does not use it (its rows were hashed into ApiToken and deleted).
if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)
