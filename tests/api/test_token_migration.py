"""The upgrade that stores API tokens as a hash (api.0002, release notes in docs/operations.md), run for real: a plain
key made before it keeps working after it, until 90 days after the upgrade, and the plain key is gone."""

import datetime
import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ipsgate.api.models import ApiToken
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("api", None)]
AFTER = [("api", "0002_hash_existing_tokens")]


def test_a_plain_key_from_before_the_upgrade_is_hashed_and_keeps_working():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(("authtoken", "0004_alter_tokenproxy_options")).apps
    account = factories.ServiceAccountFactory.create()  # only the api app is rolled back: users are as they are
    plain_key = "0123456789abcdef0123456789abcdef01234567"  # DRF's keys were 40 hexadecimal characters
    old.get_model("authtoken", "Token").objects.create(user_id=account.pk, key=plain_key)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert not new.get_model("authtoken", "Token").objects.exists()  # the plain key is gone
    token = ApiToken.objects.get(user_id=account.pk)
    assert token.key_digest == hashlib.sha256(plain_key.encode()).hexdigest() and token.key_start == plain_key[:8]
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=90))) < datetime.timedelta(minutes=5)
    response = Client(HTTP_AUTHORIZATION=f"Token {plain_key}").get(reverse("api:participant-list"))
    assert response.status_code == 200
