"""Run the Pipeline on a Dask cluster: partitions of documents in, results stored.

The client reads and cleans the input in one pass, as ``eventlens ingest`` does (the
boilerplate filter learns each site's repeated lines over the whole run, so the documents, their
ids and their events are the same as a run without Dask), and cuts the documents into partitions.
The costly part, the NLP and the events, runs on the workers, each holding one Pipeline loaded
once. Workers write their partition to PostgreSQL themselves, in one transaction; with SQLite
(one file, one writer) they send their results back and the client writes them.

A partition that Dask runs twice (a worker lost, a task retried) is harmless: writing skips the
documents already stored. A run stopped midway and started again skips them too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from eventlens.config import Config
from eventlens.errors import EventlensError
from eventlens.model import Document, Result
from eventlens.pipeline import Pipeline
from eventlens.store import Store, is_postgres_url, open_store

LOCAL = "local"


class DaskError(EventlensError):
    """The Dask cluster cannot be started or reached, or it lost a partition for good."""


@dataclass(frozen=True)
class PartitionDone:
    """What one partition added: its documents, the new ones among them, and their events."""

    documents: int
    new_documents: int
    new_events: int


ProgressCallback = Callable[[PartitionDone], None]


def _dask():
    try:
        import distributed
    except ImportError:
        raise DaskError("Dask is not installed: pip install 'eventlens[dask]'") from None
    return distributed


@contextmanager
def dask_client(scheduler: str, workers: int) -> Iterator[object]:
    """A client of a new LocalCluster of ``workers`` processes ("local") or of a running scheduler."""
    distributed = _dask()
    try:
        if scheduler == LOCAL:
            # One thread per worker process: a Pipeline runs one batch at a time (spaCy is not
            # made for threads); processes, not threads, use the cores.
            cluster = distributed.LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
            )
            client = distributed.Client(cluster)
        else:
            cluster = None
            client = distributed.Client(scheduler, timeout="30s")
    except (OSError, TimeoutError) as exc:
        raise DaskError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# --- on the workers ------------------------------------------------------------------------

_pipelines: dict[Config, Pipeline] = {}
_pipelines_lock = threading.Lock()


def worker_pipeline(config: Config) -> Pipeline:
    """This worker process's Pipeline for ``config``, built on first use."""
    with _pipelines_lock:
        pipeline = _pipelines.get(config)
        if pipeline is None:
            pipeline = _pipelines[config] = Pipeline(config)
        return pipeline


def _load(config: Config) -> None:
    worker_pipeline(config)


def run_partition(documents: list[Document], config: Config, db: str | None) -> PartitionDone | list[Result]:
    """One partition on a worker: its results written to the PostgreSQL ``db``, or returned."""
    pipeline = worker_pipeline(config)
    with _pipelines_lock:  # a worker with several threads runs one partition at a time
        results = list(pipeline.run(documents))
    if db is None:
        return results
    with open_store(db) as store:
        return store_partition(store, results)


def store_partition(store: Store, results: list[Result]) -> PartitionDone:
    """Write a partition's results (documents already stored are skipped); what it added."""
    new = {r.document.id for r in results if not store.has_document(r.document.id)}
    added = store.write_results(results)
    return PartitionDone(len(results), added, sum(len(r.events) for r in results if r.document.id in new))


# --- on the client -------------------------------------------------------------------------


def _partitions(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    partition: list[Document] = []
    for document in documents:
        partition.append(document)
        if len(partition) == size:
            yield partition
            partition = []
    if partition:
        yield partition


def ingest_on_dask(
    documents: Iterable[Document],
    store: Store,
    db: str,
    config: Config,
    client: object,
    *,
    partition_size: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> PartitionDone:
    """Run the documents through the Pipeline on the cluster of ``client`` and store the results.

    ``store`` is the client's own store of ``db``: it skips documents already stored, and writes
    the workers' results unless ``db`` is a PostgreSQL URL (then the workers write). Returns the
    totals; ``on_progress`` hears of each partition as it completes. Partitions hold
    ``partition_size`` documents (default: the ``[dask]`` section of ``config.settings``).
    """
    distributed = _dask()
    workers_write = is_postgres_url(db)
    target = db if workers_write else None
    # Every worker loads its Pipeline now, side by side, in a task (not in its event loop).
    client.gather(
        [
            client.submit(_load, config, workers=[address], allow_other_workers=False, pure=False)
            for address in client.scheduler_info()["workers"]
        ]
    )
    threads = max(1, sum(client.nthreads().values()))
    fresh = (d for d in documents if not store.has_document(d.id))
    pending = distributed.as_completed()
    totals = [0, 0, 0]

    def submit(partition: list[Document]) -> None:
        # pure=False: a partition is one task even when an identical one was submitted before.
        pending.add(client.submit(run_partition, partition, config, target, pure=False))

    def finish(done: PartitionDone | list[Result]) -> None:
        if isinstance(done, list):
            done = store_partition(store, done)
        totals[0] += done.documents
        totals[1] += done.new_documents
        totals[2] += done.new_events
        if on_progress is not None:
            on_progress(done)

    batching = config.settings.dask
    partitions = _partitions(fresh, partition_size or batching.partition_documents)
    for partition in partitions:
        submit(partition)
        if pending.count() < batching.partitions_in_flight_per_thread * threads:
            continue
        finish(_result(next(pending)))
    for future in pending:
        finish(_result(future))
    return PartitionDone(*totals)


def _result(future: object) -> PartitionDone | list[Result]:
    try:
        return future.result()
    except EventlensError:
        raise
    except Exception as exc:  # a worker's failure arrives as whatever it raised
        raise DaskError(f"a partition failed on the cluster: {type(exc).__name__}: {exc}") from exc
