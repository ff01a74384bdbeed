"""Encrypted-at-rest model fields for health and offence details (django-fernet-encrypted-fields).

The package derives its key from SECRET_KEY. We give it dedicated Fernet keys instead
(`IPSGATE_FIELD_ENCRYPTION_KEYS`, newest first), so rotating the key that signs sessions never touches stored data,
and old keys keep decrypting until rows are re-saved. Empty values stay empty: an empty note holds no secret, and the
package would otherwise write NULL into columns that are NOT NULL.

Encrypted columns cannot be searched, sorted or indexed: nothing filters on these fields.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import models
from encrypted_fields.fields import EncryptedCharField, EncryptedTextField


@lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def field_fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.IPSGATE_FIELD_ENCRYPTION_KEYS))


if TYPE_CHECKING:
    # The package ships no type hints; to the type checker these are the plain fields they behave like.
    ProtectedCharField = models.CharField
    ProtectedTextField = models.TextField
else:

    class _ProtectedMixin:
        @property
        def f(self) -> MultiFernet:
            return field_fernet()

        def get_prep_value(self, value: Any) -> Any:
            if value == "":
                return ""
            return super().get_prep_value(value)

    class ProtectedCharField(_ProtectedMixin, EncryptedCharField):
        """Stored as text whatever max_length says; max_length still limits what a person may type."""

    class ProtectedTextField(_ProtectedMixin, EncryptedTextField):
        pass
