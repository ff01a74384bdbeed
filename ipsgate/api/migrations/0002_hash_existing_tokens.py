"""Existing API tokens keep working, stored from now on as a hash (docs/operations.md, release notes).

Each plain key in DRF's authtoken table becomes an ApiToken holding the key's SHA-256 digest, its first 8 characters
and an expiry 90 days after this migration runs (so every system moves to a new, expiring key within 90 days); the
plain keys are then deleted. Reversing it cannot bring plain keys back: the tokens are dropped with the table.
"""

import datetime
import hashlib

from django.db import migrations
from django.utils import timezone

MIGRATED_TOKEN_DAYS = 90
MIGRATED_SHOWN_CHARACTERS = 8


def hash_existing_tokens(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    ApiToken = apps.get_model("api", "ApiToken")
    expires_at = timezone.now() + datetime.timedelta(days=MIGRATED_TOKEN_DAYS)
    for token in Token.objects.all().iterator():
        ApiToken.objects.create(
            user_id=token.user_id,
            key_digest=hashlib.sha256(token.key.encode()).hexdigest(),
            key_start=token.key[:MIGRATED_SHOWN_CHARACTERS],
            created=token.created,
            expires_at=expires_at,
        )
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_api_tokens_stored_as_a_hash"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop, elidable=False)]
