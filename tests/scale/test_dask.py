"""The Pipeline on a Dask LocalCluster: the same events as a run without Dask, written by the
workers (PostgreSQL) or the client (SQLite), resumable, and harmless when a partition runs twice."""

from __future__ import annotations

from importlib.resources import files

import pytest
from typer.testing import CliRunner

from eventlens.cli import app
from eventlens.config import Config
from eventlens.ingest import document_from_text
from eventlens.scale import DaskError, PartitionDone, dask_client, ingest_on_dask, run_partition
from eventlens.scale import runner as scale_runner
from eventlens.store import open_store
from tests.services import unavailable

EXAMPLES = sorted(p for p in files("eventlens").joinpath("examples").iterdir() if p.name.endswith(".txt"))


def documents():
    return [document_from_text(p.read_text(encoding="utf-8"), f"examples/{p.name}") for p in EXAMPLES]


def stored(url) -> list[tuple]:
    with open_store(url) as store:
        return [(doc, event) for doc, event in store.events()]


@pytest.fixture(scope="module")
def client():
    """A LocalCluster of one worker process for the module (its Pipeline is loaded once)."""
    try:
        with dask_client("local", 1) as dask:
            yield dask
    except (OSError, DaskError) as exc:
        unavailable(f"cannot start a Dask LocalCluster: {exc}")


@pytest.fixture(scope="module")
def plain(tmp_path_factory, pipeline) -> str:
    """The example reports ingested without Dask, into SQLite."""
    path = str(tmp_path_factory.mktemp("plain") / "plain.sqlite")
    with open_store(path) as store:
        for result in pipeline.run(documents()):
            store.write_result(result)
    return path


def test_workers_write_to_postgresql_the_events_of_a_run_without_dask(client, plain, postgres_url):
    seen: list[PartitionDone] = []
    with open_store(postgres_url) as store:
        totals = ingest_on_dask(
            documents(), store, postgres_url, Config(), client, partition_size=4, on_progress=seen.append
        )
    assert [p.documents for p in seen] == [4, 4, 1]  # partitions are reported as they complete
    assert totals.documents == totals.new_documents == len(EXAMPLES)
    assert stored(postgres_url) == stored(plain)
    assert totals.new_events == len(stored(plain))


def test_a_stopped_run_resumes_and_a_rerun_partition_adds_nothing(client, plain, postgres_url, pipeline):
    corpus = documents()
    scale_runner._pipelines[Config()] = pipeline  # this process plays a worker, with the loaded Pipeline
    try:
        # The run stopped after its first partition had been written ...
        first = run_partition(corpus[:3], Config(), postgres_url)
        assert (first.documents, first.new_documents) == (3, 3)
        # ... and Dask may run that partition again: nothing is added twice.
        assert run_partition(corpus[:3], Config(), postgres_url).new_documents == 0
    finally:
        scale_runner._pipelines.clear()
    with open_store(postgres_url) as store:
        totals = ingest_on_dask(corpus, store, postgres_url, Config(), client, partition_size=4)
    assert (totals.documents, totals.new_documents) == (len(corpus) - 3, len(corpus) - 3)
    assert stored(postgres_url) == stored(plain)


def test_with_sqlite_the_client_writes(client, plain, tmp_path):
    target = str(tmp_path / "dask.sqlite")
    with open_store(target) as store:
        totals = ingest_on_dask(documents(), store, target, Config(), client, partition_size=5)
        again = ingest_on_dask(documents(), store, target, Config(), client, partition_size=5)
    assert totals.new_documents == len(EXAMPLES) and again == PartitionDone(0, 0, 0)
    assert stored(target) == stored(plain)


def test_the_cli_ingests_on_a_local_cluster(plain, postgres_url):
    runner = CliRunner()
    sources = [str(p) for p in EXAMPLES]
    command = ["ingest", *sources, "--db", postgres_url, "--dask", "local", "--workers", "1"]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    assert f"{len(EXAMPLES)} new document(s)" in result.output
    assert "partition(s) done" in result.output
    with open_store(postgres_url) as store:
        assert store.count_documents() == len(EXAMPLES)
