"""Schemathesis against the API's own OpenAPI schema: no request it allows makes a server error,
and every answer has the documented shape. In-process (ASGI), deterministic, bounded in time.

The schema comes from the ``example_db`` fixture, so each operation's cases are drawn with
Hypothesis here (schemathesis' lazy pytest loader does not run on pytest 9).
"""

from __future__ import annotations

import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from eventlens.web import create_app

# Every operation of the schema is checked; the outlines are large static files (test_api.py).
SKIPPED = {"GET /api/outlines", "GET /api/outlines/admin1"}
EXAMPLES_PER_OPERATION = 30
TEST_HOST = "testserver"  # the Host header schemathesis sends to an ASGI app


@pytest.fixture(scope="module")
def api_schema(example_db):
    # Read-only: the write endpoints answer 403 and change nothing in the shared database.
    return schemathesis.openapi.from_asgi(
        "/api/openapi.json", create_app(example_db, allowed_hosts=[TEST_HOST])
    )


def test_the_schema_lists_every_endpoint(api_schema):
    labels = {op.ok().label for op in api_schema.get_all_operations()}
    assert {
        "GET /api/meta",
        "GET /api/events",
        "GET /api/events/{document_id}/{event_id}",
        "GET /api/histogram",
        "GET /api/network",
        "GET /api/actors",
        "GET /api/places",
        "GET /api/documents",
        "GET /api/documents/{document_id}",
        "GET /api/outlines",
        "GET /api/outlines/admin1",
        "GET /api/clusters",
        "GET /api/regions",
        "GET /api/export",
        "POST /api/documents",
        "POST /api/events/{document_id}/{event_id}/corrections",
    } <= labels


def test_no_server_error_and_answers_match_the_schema(api_schema):
    checked = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if operation.label in SKIPPED:
            continue

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

        check()
        checked.append(operation.label)
    assert len(checked) >= 11


def test_writes_with_the_token_make_no_server_error(example_db, tmp_path):
    # On a copy: ingests and corrections of any shape the schema allows are answered, not crashed on.
    db = tmp_path / "writes.sqlite"
    shutil.copy(example_db, db)
    schema = schemathesis.openapi.from_asgi(
        "/api/openapi.json", create_app(db, token="fuzz-token", allowed_hosts=[TEST_HOST])
    )
    writes = [op.ok() for op in schema.get_all_operations() if op.ok().label.startswith("POST ")]
    assert len(writes) == 2
    for operation in writes:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(
                headers={"Authorization": "Bearer fuzz-token"},
                checks=[not_a_server_error, response_schema_conformance],
            )

        check()
