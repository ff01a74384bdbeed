"""Issuing and revoking API tokens. Only service accounts hold tokens; each change is audited (never the key).

The key exists only in the value `api_token_create` returns: the database keeps its digest (`ipsgate.api.models`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ipsgate.core.audit import AuditTarget, audit_record
from ipsgate.core.choices import AuditAction
from ipsgate.core.models import User

from .models import SHOWN_CHARACTERS, ApiToken, key_digest, new_key


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its key: show the key once, then let it go."""

    token: ApiToken
    key: str


def token_target(user: User) -> AuditTarget:
    return AuditTarget("api_token", str(user.pk), None)


@transaction.atomic
def api_token_create(*, actor: User | None, user: User, days: int | None = None) -> IssuedToken:
    """A new token for an active service account that has none, working for `days` days (default
    IPSGATE_API_TOKEN_DAYS). The key is in the result only."""
    if not user.is_service_account:
        raise ValidationError(
            f"{user.username} is not a service account. Mark the account as a service account in the "
            "configuration screens first: people sign in, only systems use tokens.",
            code="not_service_account",
        )
    if not user.is_active:
        raise ValidationError(f"{user.username} is disabled.", code="inactive")
    days = settings.IPSGATE_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= 3 * 365:
        raise ValidationError("A token must work for between 1 and 1095 days.", code="days")
    if ApiToken.objects.filter(user=user).exists():
        raise ValidationError(f"{user.username} already has a token. Revoke it first.", code="exists")
    if user.has_usable_password():  # User.save keeps service accounts passwordless; this covers rows saved otherwise
        user.set_unusable_password()
        user.save(update_fields=["password"])
    key = new_key()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        key_digest=key_digest(key),
        key_start=key[:SHOWN_CHARACTERS],
        created=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    audit_record(user=actor, action=AuditAction.CREATE, target=token_target(user))
    return IssuedToken(token=token, key=key)


@transaction.atomic
def api_token_revoke(*, actor: User | None, user: User) -> bool:
    """Delete the user's token, if any; it stops working at once. Returns whether there was one."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    if deleted:
        audit_record(user=actor, action=AuditAction.DELETE, target=token_target(user))
    return bool(deleted)


def api_token_used(token: ApiToken, *, now: datetime.datetime) -> None:
    """Record that the token was used, at most once a minute (IPSGATE_API_TOKEN_LAST_USED_SECONDS): one UPDATE,
    no audit event (the request itself is audited where it reads a record)."""
    precision = datetime.timedelta(seconds=settings.IPSGATE_API_TOKEN_LAST_USED_SECONDS)
    if token.last_used_at is None or now - token.last_used_at >= precision:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
