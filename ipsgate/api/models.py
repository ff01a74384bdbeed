"""API tokens, stored only as a hash.

The key is made once, shown once (to the command's caller or the administrator who issued it) and never stored: the
database holds its SHA-256 digest, which identifies the token but cannot be sent back as a key. Keys are 256 random
bits, so a plain digest (no salt, no slow hash) is enough: nobody can guess a key from its digest, and the lookup is a
single indexed query. The first characters are kept so an administrator can tell tokens apart.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

KEY_PREFIX = "ipsg_"  # marks a key as ipsgate's (secret scanners and people can tell what leaked)
SHOWN_CHARACTERS = 12  # "ipsg_" and 7 of the key's 43 random characters: enough to tell tokens apart, not to use one


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A service account's API token: at most one per account (revoke it to issue another)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token")
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    key_start = models.CharField(
        "key starts with", max_length=SHOWN_CHARACTERS, editable=False, help_text="The key itself is never stored."
    )
    created = models.DateTimeField("issued", default=timezone.now, editable=False)
    expires_at = models.DateTimeField("expires")
    last_used_at = models.DateTimeField("last used", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["user__username"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.key_start}… ({self.user})"

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())
