"""How API callers prove who they are: a token for service accounts, the session for the signed-in browser."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from ipsgate.core.models import User

from .models import ApiToken, key_digest
from .services import api_token_used


class ServiceAccountTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, accepted only for an unexpired token of an active user marked as a service
    account. The key is looked up by its digest (the database holds no key). A token left behind on an account that
    is no longer a service account (or is disabled) stops working at once; each use updates its last-used date."""

    model = ApiToken

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        token = ApiToken.objects.select_related("user").filter(key_digest=key_digest(key)).first()
        if token is None:
            raise AuthenticationFailed("Invalid token.")
        user = token.user
        if not user.is_active:
            raise AuthenticationFailed("User inactive or deleted.")
        if not user.is_service_account:
            raise AuthenticationFailed("This token does not belong to a service account.")
        now = timezone.now()
        if token.is_expired(now):
            raise AuthenticationFailed("This token has expired. Ask an administrator for a new one.")
        api_token_used(token, now=now)
        return user, token


class StaffSessionAuthentication(SessionAuthentication):
    """The signed-in browser's session (CSRF-checked on any unsafe method).

    Refused for service accounts (they use tokens, never an interactive session) and, once django-otp's
    middleware is installed, for a session that has not completed multi-factor authentication.
    """

    def authenticate(self, request: Any) -> tuple[User, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if getattr(user, "is_service_account", False):
            raise AuthenticationFailed("Service accounts use a token, not a signed-in session.")
        if not _mfa_complete(request._request):
            raise AuthenticationFailed("Finish signing in with your authentication code first.")
        return result


def _mfa_complete(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else True
