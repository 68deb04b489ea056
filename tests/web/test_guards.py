"""What the server refuses before a route runs: unknown Host names (DNS rebinding), writes without
the token, and bodies over the limit, all before a byte of the body is read; invalid values are 4xx."""

from __future__ import annotations

import asyncio
import json
import shutil

import pytest
from fastapi.testclient import TestClient

from eventlens.config import Config
from eventlens.web import create_app
from eventlens.web.guards import host_name

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MAX_BODY = 4096


@pytest.fixture(scope="module")
def read_only(example_db):
    return create_app(example_db, allowed_hosts=["events.example.org"])


@pytest.fixture
def writable(example_db, tmp_path, pipeline):
    copy = tmp_path / "copy.sqlite"
    shutil.copy(example_db, copy)
    app = create_app(copy, token=TOKEN, config=Config(max_input_bytes=MAX_BODY))
    app.state.api.__dict__["_pipeline"] = pipeline  # the lazily loaded Pipeline, already loaded
    return app


def test_host_names_are_compared_without_port_or_brackets():
    assert [host_name(h) for h in ("127.0.0.1:8000", "LocalHost", "[::1]:8000", "::1", "")] == [
        "127.0.0.1",
        "localhost",
        "::1",
        "::1",
        "",
    ]


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "events.example.org"])
def test_the_server_answers_to_its_own_names(read_only, host):
    with TestClient(read_only) as client:
        assert client.get("/api/meta", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["attacker.example", "127.0.0.1.attacker.example:8000", ""])
def test_a_request_naming_another_host_is_refused(read_only, host):
    with TestClient(read_only) as client:
        for path in ("/api/events", "/", "/api/documents"):
            response = client.get(path, headers={"Host": host})
            assert response.status_code == 400
            assert "--allowed-host" in response.json()["detail"]


def post_without_reading(app, headers: dict[str, str]) -> tuple[int, dict]:
    """POST /api/documents straight over ASGI with a receive that fails the test if the body is read."""
    sent: list[dict] = []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/documents",
        "raw_path": b"/api/documents",
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in {"host": "127.0.0.1", **headers}.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }

    async def receive():
        raise AssertionError("the body was read")

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], json.loads(sent[1]["body"])


def test_writes_are_refused_by_their_headers_alone(read_only, writable):
    huge = {"content-type": "application/json", "content-length": str(100 * 1024 * 1024)}
    assert post_without_reading(read_only, huge)[0] == 403
    assert post_without_reading(writable, huge)[0] == 401
    assert post_without_reading(writable, {**huge, "authorization": "Bearer wrong"})[0] == 401
    status, body = post_without_reading(writable, {**huge, "authorization": AUTH["Authorization"]})
    assert status == 413 and "4,096 bytes" in body["detail"]


def test_a_body_without_a_length_is_cut_off_at_the_limit(writable):
    def chunks():
        for _ in range(1000):  # 1 MB if it were all read
            yield b" " * 1024

    with TestClient(writable, base_url="http://127.0.0.1") as client:
        response = client.post(
            "/api/documents", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}
        )
    assert response.status_code == 413


@pytest.mark.parametrize(
    "body",
    [
        '{"text": "A clash in Manbij \\ud800 yesterday."}',
        '{"text": "A clash.", "title": "\\udfff"}',
        '{"text": NaN}',
        '{"text": "A clash.", "published": NaN}',
        '{"text": "A clash.", "published": "0000-01-01"}',
    ],
)
def test_invalid_values_are_client_errors(writable, body):
    with TestClient(writable, base_url="http://127.0.0.1") as client:
        response = client.post(
            "/api/documents", content=body, headers={**AUTH, "Content-Type": "application/json"}
        )
    assert response.status_code in (400, 422), response.text


def test_a_report_published_in_year_1_is_stored(writable):
    body = {"text": "Protesters gathered in Sweida yesterday and last month.", "published": "0001-01-01"}
    with TestClient(writable, base_url="http://127.0.0.1") as client:
        response = client.post("/api/documents", json=body, headers=AUTH)
    assert response.status_code == 201, response.text


def test_a_correction_with_invalid_text_is_a_client_error(writable):
    with TestClient(writable, base_url="http://127.0.0.1") as client:
        key = client.get("/api/events", params={"limit": 1}).json()["items"][0]["key"]
        for body in (
            '{"field": "type", "value": "ASSAULT", "note": "\\ud800"}',
            '{"field": "place", "value": {"name": "x", "lat": NaN, "lon": 1}}',
        ):
            response = client.post(
                f"/api/events/{key}/corrections",
                content=body,
                headers={**AUTH, "Content-Type": "application/json"},
            )
            assert response.status_code == 422, response.text


def test_answers_kept_for_readers_follow_every_change_of_the_database(example_db, tmp_path):
    from eventlens.model import Result
    from eventlens.store import open_store
    from tests.factories import make_document, make_event

    copy = tmp_path / "copy.sqlite"
    shutil.copy(example_db, copy)
    with TestClient(create_app(copy), base_url="http://127.0.0.1") as client:
        before = client.get("/api/meta").json()["counts"]["documents"]
        assert client.get("/api/meta").json()["counts"]["documents"] == before  # answered again, unchanged
        with open_store(copy) as store:  # another connection, as `eventlens ingest` in another process
            store.write_result(Result(make_document("doc-new"), (make_event(),), (), ()))
        assert client.get("/api/meta").json()["counts"]["documents"] == before + 1


def test_a_report_that_breaks_the_pipeline_is_a_client_error_and_stores_nothing(
    writable, pipeline, monkeypatch
):
    def broken(parse):
        raise ZeroDivisionError("a bug in some stage")

    monkeypatch.setattr(pipeline.english.extractor, "extract", broken)
    with TestClient(writable, base_url="http://127.0.0.1") as client:
        before = client.get("/api/meta").json()["counts"]["documents"]
        response = client.post(
            "/api/documents", json={"text": "Fighters clashed in Manbij on Tuesday."}, headers=AUTH
        )
        assert response.status_code == 400
        assert "failed (ZeroDivisionError: a bug in some stage); skipped" in response.json()["detail"]
        assert client.get("/api/meta").json()["counts"]["documents"] == before
