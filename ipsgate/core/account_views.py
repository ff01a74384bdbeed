"""Signing in with a second factor, and the person's own account page: password, authenticator app, recovery codes.

Changing the password or the second factor needs the password and a fresh code again within the last five minutes
(ASVS 7.5.1). Password reset by email never signs anyone in, so the second factor is still asked for afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe
from django_otp.oath import TOTP

from . import mfa
from .choices import SecurityEventKind
from .forms import with_length_messages
from .middleware import mfa_not_required
from .models import SecurityEvent, User
from .security import record_security_event
from .views import request_user

REAUTH_SESSION_KEY = "ipsgate_reauthenticated_at"


@with_length_messages
class CodeForm(forms.Form):
    token = forms.CharField(
        label="Security code",
        max_length=20,
        # WCAG 1.3.5: browsers and password managers can fill the one-time code.
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
        error_messages={"required": "Enter the 6-digit code from your authenticator app, or a recovery code"},
    )


@with_length_messages
class ReauthenticateForm(CodeForm):
    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    field_order = ["password", "token"]


def _safe_next(request: HttpRequest, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: redirect() would read anything else without a slash as a URL name to reverse.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def _demo_hint(user: User) -> str:
    """Demo settings only: the current code, so a demo needs no phone. Production never sets the flag."""
    if not settings.IPSGATE_DEMO_MFA_HINTS:
        return ""
    device = mfa.confirmed_totp(user)
    if device is None:
        return ""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@mfa_not_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(_safe_next(request))
    if not mfa.has_mfa(user):
        return redirect(f"{reverse('mfa-setup')}?{urlencode({'next': _safe_next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.verify(request, user, form.cleaned_data["token"]) is not None:
            return redirect(_safe_next(request))
        form.add_error("token", "The code is not right or has been used already. Wait for a new code and try again")
    return render(
        request,
        "registration/mfa_verify.html",
        {"form": form, "next": _safe_next(request), "demo_code": _demo_hint(user)},
    )


@mfa_not_required
@require_http_methods(["GET", "POST"])
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """First set-up for someone without an authenticator app; replacing one needs a verified, re-confirmed session."""
    user = request_user(request)
    replacing = mfa.has_mfa(user)
    if replacing and not user.is_verified():  # type: ignore[attr-defined]
        # A password alone must never be enough to swap the second factor.
        return redirect(f"{reverse('mfa-verify')}?{urlencode({'next': request.get_full_path()})}")
    if replacing and not recently_reauthenticated(request):
        return redirect(f"{reverse('reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
    device = mfa.enrolment_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enrolled = mfa.confirm_enrolment(request, user, device, form.cleaned_data["token"])
        if enrolled is not None:
            return render(
                request,
                "registration/recovery_codes.html",
                {"codes": enrolled.recovery_codes, "next": _safe_next(request), "first_time": not replacing},
            )
        form.add_error("token", "The code is not right. Check the app shows ipsgate and enter the newest code")
    return render(
        request,
        "registration/mfa_setup.html",
        {
            "form": form,
            "qr_code": mfa.qr_code_data_uri(device),
            "secret": mfa.secret_for_typing(device),
            "next": _safe_next(request),
            "replacing": replacing,
        },
    )


def recently_reauthenticated(request: HttpRequest) -> bool:
    at = request.session.get(REAUTH_SESSION_KEY)
    return at is not None and timezone.now().timestamp() - float(at) <= settings.IPSGATE_REAUTH_SECONDS


def reauthentication_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not recently_reauthenticated(request):
            return redirect(f"{reverse('reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_http_methods(["GET", "POST"])
def reauthenticate(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = ReauthenticateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Through authenticate(), so django-axes counts wrong passwords here as at sign-in and locks the same way;
        # one message for either mistake, so the page does not say which was right.
        checked = authenticate(request, username=user.get_username(), password=form.cleaned_data["password"])
        if checked is None or checked.pk != user.pk or mfa.verify(request, user, form.cleaned_data["token"]) is None:
            form.add_error(
                "password", "The password or the code is not right. Check both, wait for a new code and try again"
            )
        else:
            request.session[REAUTH_SESSION_KEY] = timezone.now().timestamp()
            record_security_event(SecurityEventKind.REAUTHENTICATED, request=request, user=user)
            return redirect(_safe_next(request, "account"))
    return render(request, "registration/reauthenticate.html", {"form": form, "next": _safe_next(request, "account")})


@require_safe
def account(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    events = SecurityEvent.objects.filter(user=user)[:20]
    return render(
        request,
        "registration/account.html",
        {"recovery_codes_left": mfa.recovery_codes_left(user), "events": events},
    )


@require_http_methods(["POST"])
@reauthentication_required
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    codes = mfa.issue_recovery_codes(request_user(request), request)
    return render(request, "registration/recovery_codes.html", {"codes": codes, "next": reverse("account")})


class PasswordChangeView(auth_views.PasswordChangeView):
    """The old password was just asked for by re-authentication, so only the new one is needed here. Django keeps
    this session and ends every other session of the account (ASVS 7.4.3)."""

    form_class = SetPasswordForm
    success_url = reverse_lazy("account")
    template_name = "registration/password_change_form.html"

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record_security_event(SecurityEventKind.PASSWORD_CHANGED, request=self.request, user=form.user)
        messages.success(self.request, "Your password has been changed")
        return response


password_change = reauthentication_required(PasswordChangeView.as_view())


@with_length_messages
class StaffPasswordResetForm(PasswordResetForm):
    """No reset email for a service account (it has no usable password to reset, and never signs in)."""

    def get_users(self, email: str) -> Iterator[Any]:
        return (user for user in super().get_users(email) if not user.is_service_account)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        record_security_event(
            SecurityEventKind.PASSWORD_RESET_REQUESTED,
            request=self.request,
            user=User.objects.filter(email__iexact=email, is_active=True).first(),
        )
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record_security_event(SecurityEventKind.PASSWORD_RESET, request=self.request, user=form.user)
        return response
