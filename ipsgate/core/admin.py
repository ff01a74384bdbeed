"""Configuration screens for administrators: staff, sites and teams. No case data is registered here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Site, Team, User


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


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "prison_code")
    list_filter = ("kind",)
    search_fields = ("name", "prison_code")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "leader")
    filter_horizontal = ("sites",)
