"""How API callers prove who they are: a token for service accounts, the session for the signed-in browser."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from ipsgate.core.models import User


class ServiceAccountTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, accepted only for active users marked as service accounts. A token left
    behind on an account that is no longer a service account (or is disabled) stops working at once."""

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        user, token = super().authenticate_credentials(key)
        if not getattr(user, "is_service_account", False):
            raise AuthenticationFailed("This token does not belong to a service account.")
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
