"""Configuration screens for administrators: staff, sites and teams. No case data is registered here.

Changes to staff access go through `core.services` (issue 15 item 1): nobody changes their own role, site, team,
access or permissions (read-only on their own record, refused if posted); a change that lets an account read case
data waits for a service manager's approval on the security log; every change is a security event and an audit event.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from ipsgate.rules.staff_access import APPROVER_ROLE, OWN_ACCOUNT, SERVICE_MANAGER, Access, with_article

from . import limits
from .account_views import recently_reauthenticated
from .choices import RoleChangeStatus
from .forms import with_length_messages
from .mfa import reset_second_factor
from .models import RoleChangeRequest, SecurityEvent, Site, Team, User
from .services import (
    ACCESS_FIELDS,
    REASON_MISSING,
    access_change,
    access_change_problem,
    access_of,
    record_permissions_change,
    role_change_decide,
    set_access,
)

# Nobody changes these on their own record: read-only there, and refused if posted anyway.
OWN_ACCOUNT_LOCKED = (*ACCESS_FIELDS, "is_staff", "is_superuser", "groups", "user_permissions")
# Changed on someone else's record without a second person (they give no case access), but recorded.
PERMISSION_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")
REASON_FIELD = "access_change_reason"


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label="Reason for the change",
        required=False,
        max_length=limits.PARAGRAPH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Needed when the role, site, team or access changes, and when an account is created. A change "
        "that lets the account read case records waits for a service manager to approve it.",
    )


class _AccessChecks:
    """Form checks for the rules in `rules.staff_access`, so the admin answers with a message, not an error page."""

    actor: User | None = None  # set by UserAdmin.get_form
    editing_own_account = False
    adding = False
    data: Any
    instance: User

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]  # ModelForm.clean, later in the MRO
        if self.editing_own_account:
            if any(name in self.data for name in OWN_ACCOUNT_LOCKED):
                raise ValidationError(OWN_ACCOUNT, code="own_account")
            return cleaned
        errors: Any = self.errors  # type: ignore[attr-defined]  # the ModelForm's
        if self.actor is None or any(name in errors for name in ACCESS_FIELDS):
            return cleaned
        current = Access("", None, None, False) if self.adding else access_of(self.instance)
        site, team = cleaned.get("site"), cleaned.get("team")
        after = Access(
            role=cleaned.get("role", current.role),
            site_id=site.pk if site else None,
            team_id=team.pk if team else None,
            active=True if self.adding else cleaned.get("is_active", current.active),
            service_account=cleaned.get("is_service_account", current.service_account),
        )
        # A new account is created switched off with what was asked for, then switched on through the rules.
        before = replace(after, active=False) if self.adding else current
        if before == after:
            return cleaned
        if not cleaned.get(REASON_FIELD, "").strip():
            self.add_error(REASON_FIELD, REASON_MISSING)  # type: ignore[attr-defined]
        problem = access_change_problem(
            actor=self.actor, subject=None if self.adding else self.instance, before=before, after=after
        )
        if problem:
            raise ValidationError(problem, code="access")
        return cleaned


@with_length_messages
class StaffChangeForm(_AccessChecks, UserChangeForm[User]):
    access_change_reason = _reason_field()


@with_length_messages
class StaffCreationForm(_AccessChecks, AdminUserCreationForm):
    access_change_reason = _reason_field()
    adding = True


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "site", "team", "is_active", "is_service_account")
    list_filter = ("role", "site", "team", "is_active", "is_service_account")
    form = StaffChangeForm
    add_form = StaffCreationForm
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Role and place of work", {"fields": ("role", "site", "team", REASON_FIELD)}),
        ("API access", {"fields": ("is_service_account",)}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Role and place of work", {"fields": ("role", "site", "team", REASON_FIELD)}),
        ("API access", {"fields": ("is_service_account",)}),
    )
    actions = ["reset_second_factor"]

    def _own(self, request: HttpRequest, obj: User | None) -> bool:
        return obj is not None and obj.pk == request.user.pk

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, *OWN_ACCOUNT_LOCKED) if self._own(request, obj) else fields

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if not self._own(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": tuple(f for f in options["fields"] if f != REASON_FIELD)})
            for name, options in fieldsets
        ]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        attrs = {"actor": request.user, "editing_own_account": self._own(request, obj)}
        return type(form.__name__, (form,), attrs)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """The role, site, team and activation are not saved from the form: the rest of the record is, and then
        `access_change` applies the access change or records it as waiting for approval."""
        actor: User = request.user  # type: ignore[assignment]  # the admin is behind sign-in
        if self._own(request, obj):
            super().save_model(request, obj, form, change)  # the locked fields are read-only, so not in the form
            return
        after = access_of(obj)
        if change:
            set_access(obj, access_of(User.objects.get(pk=obj.pk)))
        else:
            obj.is_active = False  # created switched off; switched on through the rules below
        super().save_model(request, obj, form, change)
        try:
            outcome = access_change(
                actor=actor, subject=obj, after=after, reason=form.cleaned_data.get(REASON_FIELD, ""), request=request
            )
        except ValidationError as error:  # something changed since the form was checked
            messages.error(request, " ".join(error.messages))
            return
        if outcome is not None and outcome.status == RoleChangeStatus.PENDING:
            approver = APPROVER_ROLE[outcome.requested_by_role]
            where = "the security log" if approver == SERVICE_MANAGER else "Changes to staff access in these screens"
            messages.warning(
                request,
                f"The change to {obj}'s role, site, team or access waits for {with_article(approver)} to approve it "
                f"on {where}. Until then the account keeps the access it had"
                + (" and stays switched off." if not change else "."),
            )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if self._own(request, form.instance):
            return
        changed = [name for name in PERMISSION_FIELDS if name in form.changed_data]
        described: dict[str, str] = {}
        for name in changed:
            value = form.cleaned_data.get(name)
            if isinstance(value, bool):
                described[name] = "on" if value else "off"
            else:
                described[name] = "now " + (", ".join(str(item) for item in value) or "none")
        record_permissions_change(
            actor=request.user,  # type: ignore[arg-type]  # the admin is behind sign-in
            subject=form.instance,
            changes=described,
            request=request,
        )

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


@admin.register(RoleChangeRequest)
class RoleChangeRequestAdmin(admin.ModelAdmin):
    """Changes to staff access, read-only. An administrator approves or refuses a service manager's request here
    (service managers decide administrators' requests on the security log page)."""

    list_display = (
        "requested_at",
        "subject",
        "change_from",
        "change_to",
        "reason",
        "requested_by",
        "status",
        "decided_by",
        "decided_at",
    )
    list_filter = ("status",)
    list_select_related = ("subject", "requested_by", "decided_by", "from_site", "from_team", "to_site", "to_team")
    actions = ["approve", "refuse"]

    @admin.display(description="From")
    def change_from(self, change: RoleChangeRequest) -> str:
        return change.from_description

    @admin.display(description="To")
    def change_to(self, change: RoleChangeRequest) -> str:
        return change.to_description

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Approve the selected changes (they apply at once)")
    def approve(self, request: HttpRequest, queryset: QuerySet[RoleChangeRequest]) -> HttpResponseBase | None:
        return self._decide(request, queryset, approve=True)

    @admin.action(description="Refuse the selected changes")
    def refuse(self, request: HttpRequest, queryset: QuerySet[RoleChangeRequest]) -> HttpResponseBase | None:
        return self._decide(request, queryset, approve=False)

    def _decide(
        self, request: HttpRequest, queryset: QuerySet[RoleChangeRequest], *, approve: bool
    ) -> HttpResponseBase | None:
        if not recently_reauthenticated(request):
            messages.warning(request, "Confirm it is you, then choose the changes again")
            back = reverse("admin:core_rolechangerequest_changelist")
            return redirect(f"{reverse('reauthenticate')}?{urlencode({'next': back})}")
        for change_id in queryset.values_list("pk", flat=True):
            try:
                role_change_decide(
                    actor=request.user,  # type: ignore[arg-type]  # the admin is behind sign-in
                    change_id=change_id,
                    approve=approve,
                    request=request,
                )
            except ValidationError as error:
                messages.error(request, f"Change {change_id}: {' '.join(error.messages)}")
            else:
                messages.success(request, f"Change {change_id} {'approved and applied' if approve else 'refused'}")
        return None
