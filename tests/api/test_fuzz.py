"""Fuzzing: schemathesis generates requests from our OpenAPI schema (valid and invalid query parameters and ids)
and sends them to the Django WSGI app with a service account's token. No response may be a server error, and every
response must match the schema (status code, content type and body). Bounded and deterministic: 50 examples per
operation, derandomized, no example database."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests import factories

from .conftest import issue_key, make_case

APP = get_wsgi_application()
# The generate phase only (positive and negative data): the coverage phase would add hundreds of boundary cases
# per operation on top of the 50, and the example phase has no examples to use.
CONFIG = schemathesis.Config.from_dict(
    {
        "phases": {"coverage": {"enabled": False}, "examples": {"enabled": False}, "stateful": {"enabled": False}},
        "generation": {"max-examples": 50, "deterministic": True, "database": "none"},
    }
)
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True), config=CONFIG)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,  # invalid parameters are refused with a 4xx, never accepted or a 5xx
]


@pytest.fixture
def quiet_4xx():
    """Hundreds of expected 4xx answers would each be logged as a warning; server errors are still logged."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: the WSGI handler must not close the test's connection at the end of a request
    (on PostgreSQL that would end the test's transaction)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def token(db, prison, other_prison, specialist, quiet_4xx, keep_test_connection) -> str:
    """Data at two prisons (so lists are not empty) and a service-manager service account that sees it all."""
    for _ in range(3):
        make_case(prison, specialist)
    make_case(other_prison, factories.SpecialistFactory.create(site=other_prison))
    make_case(prison, specialist, released=True)  # someone released on licence, with a job
    account = factories.ServiceAccountFactory.create(role="service_manager")
    return issue_key(account)


@schema.parametrize()
@settings(
    max_examples=50,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as generated
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_never_fails_and_always_matches_its_schema(case: Any, token: str) -> None:
    case.call_and_validate(app=APP, headers={"Authorization": f"Token {token}"}, checks=CHECKS)
