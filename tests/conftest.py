"""Shared fixtures: one Pipeline (models and gazetteer loaded once) for the whole session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.services import unavailable

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed"
REPORTS = ROOT / "tests" / "data" / "reports"

# The gazetteer is built once into the checkout's build/ folder and reused across runs.
os.environ.setdefault("EVENTLENS_CACHE", str(ROOT / "build" / "cache"))


def pytest_sessionstart(session):
    """Build the gazetteer before the first test, as `eventlens gazetteer build` would.

    Otherwise the first command a test runs prints the one-time "building the gazetteer"
    notice, a line the tests that read stderr line by line do not expect. The build's lock
    makes pytest-xdist workers wait for one build.
    """
    from eventlens.config import Config
    from eventlens.geo.build import build_gazetteer

    build_gazetteer(Config().gazetteer_file)


@pytest.fixture(scope="session")
def pipeline():
    from eventlens.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    path = SEED / "deirezzor24-soleimani-albukamal.txt"
    if not path.exists():
        pytest.skip("the reference report (../shared/seed) is not beside this checkout")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throw-away PostgreSQL cluster (with PostGIS in its template when installed) for the session."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is not installed: pip install -e '.[test]'")
    from eventlens.store.postgres import close_pools
    from tests.pg_cluster import Cluster, ClusterError

    try:
        cluster = Cluster()
    except ClusterError as exc:
        unavailable(f"cannot set up PostgreSQL: {exc}")
    try:
        cluster.start()
        cluster.install_postgis()
    except ClusterError as exc:
        cluster.stop()
        unavailable(f"cannot start PostgreSQL: {exc}")
    try:
        cluster.store_database = cluster.new_database()
        yield cluster
    finally:
        close_pools()
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster) -> str:
    """The URL of the session's store database, emptied (emptying is much faster than a new database)."""
    import psycopg

    from eventlens.store import open_store

    url = postgres_cluster.store_database
    open_store(url).close()  # migrated on first use
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("SET lock_timeout = '10s'")
        connection.execute(
            "TRUNCATE documents, events, event_actors, actors, places, corrections, actor_counts, actor_names"
        )
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """An empty store of each backend: a SQLite file path, then a PostgreSQL database URL."""
    if request.param == "sqlite":
        return str(tmp_path / "events.sqlite")
    return request.getfixturevalue("postgres_url")
