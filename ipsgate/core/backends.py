"""Password sign-in for people only."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class StaffModelBackend(ModelBackend):
    """Django's password backend, refusing service accounts as it refuses disabled accounts.

    Service accounts are systems that read the API with a token; they never sign in to the web pages. The refusal
    covers every password path that goes through `authenticate()` (the sign-in page and re-authentication) and,
    through `get_user()`, any session such an account still holds: it counts as signed out at its next request.
    """

    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and not getattr(user, "is_service_account", False)
