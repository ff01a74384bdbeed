"""Administrators keep the benefit, tax and NI rates up to date; case data is not registered here."""

from django.contrib import admin

from .models import UcRate


@admin.register(UcRate)
class UcRateAdmin(admin.ModelAdmin):
    list_display = ("tax_year", "name", "value", "confirmed", "updated_at")
    list_filter = ("tax_year", "confirmed")
    search_fields = ("name", "source")
    ordering = ("tax_year", "name")
