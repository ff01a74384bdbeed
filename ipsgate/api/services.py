"""Issuing and revoking API tokens. Only service accounts hold tokens; each change is audited (never the key)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from ipsgate.core.audit import AuditTarget, audit_record
from ipsgate.core.choices import AuditAction
from ipsgate.core.models import User


def token_target(user: User) -> AuditTarget:
    return AuditTarget("api_token", str(user.pk), None)


@transaction.atomic
def api_token_create(*, actor: User | None, user: User) -> Token:
    """A new token for an active service account that has none. The key is shown to the caller once."""
    if not user.is_service_account:
        raise ValidationError(
            f"{user.username} is not a service account. Mark the account as a service account in the "
            "configuration screens first: people sign in, only systems use tokens.",
            code="not_service_account",
        )
    if not user.is_active:
        raise ValidationError(f"{user.username} is disabled.", code="inactive")
    if Token.objects.filter(user=user).exists():
        raise ValidationError(f"{user.username} already has a token. Revoke it first.", code="exists")
    if user.has_usable_password():  # User.save keeps service accounts passwordless; this covers rows saved otherwise
        user.set_unusable_password()
        user.save(update_fields=["password"])
    token = Token.objects.create(user=user)
    audit_record(user=actor, action=AuditAction.CREATE, target=token_target(user))
    return token


@transaction.atomic
def api_token_revoke(*, actor: User | None, user: User) -> bool:
    """Delete the user's token, if any; it stops working at once. Returns whether there was one."""
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        audit_record(user=actor, action=AuditAction.DELETE, target=token_target(user))
    return bool(deleted)
