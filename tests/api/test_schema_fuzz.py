"""Schemathesis against the API's own OpenAPI schema, as the office and as a unit's liaison.

Every operation gets a bounded number of generated requests, valid and invalid; none may give a
server error, and every response must match what the schema says: status code, content type,
headers and body. The data behind them is one assignment walked through rectification, so many
generated ids reach real objects.
"""

import json
from tempfile import mkdtemp

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import services
from tests import flows

# Enough to try each operation with valid and invalid input; CI stays within minutes.
EXAMPLES_PER_OPERATION = 20
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _schema():
    document = SchemaGenerator().get_schema(request=None, public=True)
    raw = json.loads(OpenApiJsonRenderer().render(document))
    loaded = schemathesis.openapi.from_dict(raw)
    loaded.app = get_wsgi_application()
    # The coverage phase tries every case the schema defines, several seconds an operation;
    # the fuzzing phase's valid and invalid examples keep the run within minutes.
    loaded.config.phases.coverage.enabled = False
    return loaded


schema = _schema()
fuzzed = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """The app is called through WSGI, whose request signals would close the database connection
    that holds the test's transaction; Django's own test client unhooks them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def walked(django_db_setup, django_db_blocker):
    """An office's assignment in rectification, with a transferred lead, a plan and a started
    item: built once for the module inside a transaction that is rolled back at its end (each
    test's own transaction nests inside it), as Django's setUpTestData does."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=mkdtemp()),
        transaction.atomic(),
    ):
        cast = flows.build_cast()
        flows.transferred_lead(cast)
        flows.started_item(cast)
        yield cast
        transaction.set_rollback(True)


def _auth(user):
    _token, key = services.token_issue(user=user, name="schemathesis")
    return {"Authorization": f"Token {key}", "Accept-Language": "en"}


@pytest.mark.django_db
@schema.parametrize()
@fuzzed
def test_the_office_never_meets_a_server_error_or_a_schema_mismatch(
    case, walked, db, wsgi_keeps_the_test_connection
):
    case.call_and_validate(headers=_auth(walked.office_staff), checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@fuzzed
def test_a_liaison_never_meets_a_server_error_or_a_schema_mismatch(
    case, walked, db, wsgi_keeps_the_test_connection
):
    case.call_and_validate(headers=_auth(walked.liaison), checks=CHECKS)
