"""The web tests' database: the shipped example reports run through the real pipeline, built once."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventlens.ingest import document_from_text
from eventlens.store import open_store
from eventlens.web import create_app
from tests.factories import copy_store

LOCAL = "http://127.0.0.1"  # a name the server answers to (its Host allow-list)


@pytest.fixture(scope="session")
def example_db(tmp_path_factory, pipeline) -> Path:
    """A SQLite store holding every ``eventlens/examples/*.txt`` report with its events (read-only use)."""
    path = tmp_path_factory.mktemp("web") / "examples.sqlite"
    examples = sorted(p for p in files("eventlens").joinpath("examples").iterdir() if p.name.endswith(".txt"))
    documents = [document_from_text(p.read_text(encoding="utf-8"), f"examples/{p.name}") for p in examples]
    with open_store(path) as store:
        for result in pipeline.run(documents):
            store.write_result(result)
    return path


@pytest.fixture(scope="session")
def example_postgres(example_db, postgres_cluster) -> str:
    """The example database in PostgreSQL: a database of its own, for the session (read-only use)."""
    return copy_store(example_db, postgres_cluster.new_database())


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served_db(request, example_db) -> str:
    """The example database of each backend: the tests that take it run on SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        return str(example_db)
    return request.getfixturevalue("example_postgres")


@pytest.fixture(scope="module")
def client(served_db):
    """A read-only client of the app over the example database of each backend."""
    with TestClient(create_app(served_db), base_url=LOCAL) as c:
        yield c


@pytest.fixture(scope="module")
def everything(client) -> list[dict]:
    """Every event, read as one page."""
    body = client.get("/api/events", params={"limit": 1000}).json()
    assert body["next_cursor"] is None
    return body["items"]
