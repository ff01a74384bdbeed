"""Request id for the audit trail; the second factor before anything else; the session's absolute lifetime; and
the security headers (no caching of case pages, permissions policy)."""

import re
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from .audit import record_pending_reads
from .request_context import reset_request_id, set_request_id

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class ReadAuditMiddleware:
    """Records the reads a view noted with `audit.audit_read_when_shown`, once its page is sent: a refused page
    (403, 404) leaves no read in the audit trail, and no participant page can forget to leave one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        record_pending_reads(request, response)
        return response


class RequestIdMiddleware:
    """Gives each request an id (a proxy's X-Request-ID if well formed), echoed in the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]  # our own request attribute
        token = set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response


class SecurityHeadersMiddleware:
    """Pages hold personal data: browsers and proxies must not keep copies (ASVS 14.2.2). The permissions policy
    switches off browser features the service never uses. (Django sets the other headers; django-csp the CSP.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Cache-Control", "no-store")
        response.setdefault("Permissions-Policy", settings.IPSGATE_PERMISSIONS_POLICY)
        return response


class SessionLifetimeMiddleware:
    """Ends a session 12 hours after sign-in however active it has been (ASVS 7.3.2). Inactivity is handled by the
    session cookie's 30-minute age, renewed on each request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .choices import SecurityEventKind
        from .security import SIGNED_IN_AT_SESSION_KEY, record_security_event

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now().timestamp()
            signed_in_at = request.session.setdefault(SIGNED_IN_AT_SESSION_KEY, now)
            if now - float(signed_in_at) > settings.IPSGATE_SESSION_ABSOLUTE_SECONDS:
                record_security_event(SecurityEventKind.SESSION_EXPIRED, request=request, user=user)
                logout(request)
        return self.get_response(request)


def mfa_not_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Marks the few views a signed-in person may use before their second factor: set-up, verification, sign-out."""
    view.mfa_not_required = True  # type: ignore[attr-defined]
    return view


class MfaRequiredMiddleware:
    """No page but sign-in, second-factor set-up or verification, and sign-out until the second factor is done
    (ASVS 6.3.2). Someone without an authenticator app is sent to set one up; everyone else to enter a code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        # Fail closed: without OTPMiddleware's is_verified() nobody counts as verified.
        if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
            return None
        if getattr(view_func, "mfa_not_required", False) or not getattr(view_func, "login_required", True):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "Finish signing in with your authenticator app first."}, status=403)
        from .mfa import has_mfa

        target = "mfa-verify" if has_mfa(user) else "mfa-setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
