"""Configuration screens for administrators: staff, sites and teams. No case data is registered here."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .mfa import reset_second_factor
from .models import SecurityEvent, Site, Team, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "site", "team", "is_active", "is_service_account")
    list_filter = ("role", "site", "team", "is_active", "is_service_account")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Role and place of work", {"fields": ("role", "site", "team")}),
        ("API access", {"fields": ("is_service_account",)}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Role and place of work", {"fields": ("role", "site", "team")}),
        ("API access", {"fields": ("is_service_account",)}),
    )
    actions = ["reset_second_factor"]

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """Service accounts hold no password (they read the API with a token): none can be set here."""
        account = self.get_object(request, unquote(id))
        if account is not None and account.is_service_account:
            messages.error(request, "Service accounts have no password: they read the API with a token")
            return redirect("admin:core_user_change", account.pk)
        return super().user_change_password(request, id, form_url)

    @admin.action(description="Reset the second factor (they set up a new authenticator app at next sign-in)")
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            reset_second_factor(user, request)
        messages.success(request, f"Second factor reset for {queryset.count()} account(s). Check who they are first.")


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The authentication event log: read-only."""

    list_display = ("occurred_at", "kind", "username", "ip_address", "detail")
    list_filter = ("kind",)
    search_fields = ("username",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "prison_code")
    list_filter = ("kind",)
    search_fields = ("name", "prison_code")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "leader")
    filter_horizontal = ("sites",)
