"""``eventlens bench``: throughput and memory of the whole pipeline, against spaCy's bare parse.

The corpus is the example reports shipped in ``eventlens/examples``, repeated to the size
asked for, each copy made a distinct document; an Arabic corpus made the same way from
``eventlens/examples/arabic`` is run after it by the same workers (``arabic_words_per_s``). Both sides run on the same texts with the same
number of processes and batch size; model loading is timed apart from throughput.

With ``--db`` or ``--dask``, the same corpus is also stored: through the process pool into the
store (``store_words_per_s``), and on Dask (``dask_words_per_s``, workers writing to PostgreSQL or
the client to SQLite), each run on fresh copies of the corpus (a tag in their last line makes
their ids new) so that nothing is skipped as already stored. Without ``--db`` the store is a
temporary SQLite file.

Geolocation's share of the pipeline's time (``geo_share``) is measured apart, in this process,
on the first ``GEO_SAMPLE_DOCS`` documents of the corpus: the seconds spent in gazetteer
lookups (the NLP stage's and the resolver's) and toponym resolution, over the seconds the
pipeline took for them.
"""

from __future__ import annotations

import dataclasses
import tempfile
import threading
import time
import uuid
from importlib.resources import files
from pathlib import Path
from typing import Self

import psutil

from eventlens.config import Config
from eventlens.ingest import document_from_text
from eventlens.model import Document
from eventlens.nlp import bare_english
from eventlens.pipeline import Pipeline, PipelinePool, StageClock
from eventlens.settings import Settings, shipped_settings

_SAMPLE_EVERY_S = 0.05
# Enough documents for every example report to come round several times, with the gazetteer's
# caches as warm as in a long run, at a fraction of the throughput run's cost.
GEO_SAMPLE_DOCS = 100


def benchmark_corpus(n_docs: int, language: str = "en", tag: str = "") -> list[Document]:
    """``n_docs`` documents made from the shipped example reports of ``language`` (en or ar);
    ``tag`` makes a copy with other ids."""
    folder = files("eventlens").joinpath("examples")
    if language == "ar":
        folder = folder.joinpath("arabic")
    examples = sorted(p for p in folder.iterdir() if p.name.endswith(".txt"))
    texts = [p.read_text(encoding="utf-8") for p in examples]
    return [
        document_from_text(
            f"{texts[i % len(texts)]}\n\nReport {i} of the benchmark corpus{tag}.",
            f"bench:{language}:{i}",
            language=language,
        )
        for i in range(n_docs)
    ]


class PeakMemory:
    """Samples the resident memory of this process and its children; keeps the peak sum."""

    def __init__(self) -> None:
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    continue
            self.peak_bytes = max(self.peak_bytes, total)
            time.sleep(_SAMPLE_EVERY_S)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_benchmark(
    n_docs: int,
    workers: int,
    *,
    db: str | None = None,
    dask: str | None = None,
    settings: Settings | None = None,
) -> dict[str, float | int | str]:
    """Run the corpus through eventlens and through bare spaCy (and a store, and Dask); return the
    figures. ``settings``: the tunable numbers to run with (default: the shipped ones)."""
    corpus = benchmark_corpus(n_docs)
    words = sum(len(d.text.split()) for d in corpus)
    config = Config(n_process=max(1, workers), settings=settings or shipped_settings())
    with PeakMemory() as memory:
        started = time.perf_counter()
        with PipelinePool(config) as pool:
            list(pool.run(corpus[:2]))  # workers are up and warm
            startup_s = time.perf_counter() - started
            began = time.perf_counter()
            events = sum(len(r.events) for r in pool.run(corpus))
            elapsed = time.perf_counter() - began
            arabic = benchmark_corpus(n_docs, "ar")
            began = time.perf_counter()
            arabic_events = sum(len(r.events) for r in pool.run(arabic))
            arabic_s = time.perf_counter() - began
    nlp = bare_english()
    texts = [d.text for d in corpus]
    list(nlp.pipe(texts[:2]))
    began = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=config.settings.pipeline.batch_size, n_process=config.n_process):
        pass
    spacy_s = time.perf_counter() - began
    geo_s, timed_s = geo_seconds(corpus[:GEO_SAMPLE_DOCS], config)
    stored: dict[str, float | int | str] = {}
    if db is not None or dask is not None:
        stored = storing_figures(n_docs, config, db, dask)
    return {
        "docs": n_docs,
        "words": words,
        "workers": config.n_process,
        "events": events,
        "startup_s": round(startup_s, 2),
        "seconds": round(elapsed, 2),
        "articles_per_s": round(n_docs / elapsed, 1),
        "words_per_s": round(words / elapsed),
        "spacy_words_per_s": round(words / spacy_s),
        "ratio_to_spacy": round(spacy_s / elapsed, 3),
        "peak_rss_mb": round(memory.peak_bytes / 2**20),
        "geo_share": round(geo_s / timed_s, 3),
        "arabic_words": sum(len(d.text.split()) for d in arabic),
        "arabic_events": arabic_events,
        "arabic_words_per_s": round(sum(len(d.text.split()) for d in arabic) / arabic_s),
        **stored,
    }


def storing_figures(
    n_docs: int,
    config: Config,
    db: str | None,
    dask: str | None,
) -> dict[str, float | int | str]:
    """Throughput of the process pool writing to the store, and of Dask (when asked), on fresh copies."""
    from eventlens.store import is_postgres_url, open_store

    with tempfile.TemporaryDirectory(prefix="eventlens-bench-") as scratch:
        target = db or str(Path(scratch) / "bench.sqlite")
        run = uuid.uuid4().hex[:8]
        backend = "postgresql" if is_postgres_url(target) else "sqlite"
        figures: dict[str, float | int | str] = {"store": backend}
        with open_store(target) as store:
            corpus = benchmark_corpus(n_docs, f" (store run {run})")
            words = sum(len(d.text.split()) for d in corpus)
            with PipelinePool(config) as pool:
                for result in pool.run(benchmark_corpus(2, f" (store warm-up {run})")):
                    store.write_result(result)
                began = time.perf_counter()
                for result in pool.run(corpus):
                    store.write_result(result)
                pool_words_per_s = words / (time.perf_counter() - began)
            figures["store_words_per_s"] = round(pool_words_per_s)
            if dask is not None:
                figures.update(dask_figures(n_docs, config, store, target, dask, run, pool_words_per_s))
    return figures


def dask_figures(
    n_docs: int, config: Config, store, target: str, scheduler: str, run: str, pool_words_per_s: float
) -> dict[str, float | int]:
    """Dask's throughput storing into ``target``, and its ratio to the process pool's storing into it."""
    from eventlens.scale import dask_client, ingest_on_dask

    corpus = benchmark_corpus(n_docs, f" (dask run {run})")
    words = sum(len(d.text.split()) for d in corpus)
    started = time.perf_counter()
    with dask_client(scheduler, config.n_process) as client:
        warm_up = benchmark_corpus(2 * config.n_process, f" (dask warm-up {run})")
        ingest_on_dask(warm_up, store, target, config, client, partition_size=1)
        startup_s = time.perf_counter() - started
        began = time.perf_counter()
        ingest_on_dask(corpus, store, target, config, client)
        elapsed = time.perf_counter() - began
        dask_workers = len(client.scheduler_info()["workers"])
    return {
        "dask_workers": dask_workers,
        "dask_startup_s": round(startup_s, 2),
        "dask_words_per_s": round(words / elapsed),
        "dask_ratio_to_pool": round(words / elapsed / pool_words_per_s, 3),
    }


def geo_seconds(corpus: list[Document], config: Config) -> tuple[float, float]:
    """Seconds spent in geolocation, and in the whole pipeline, running ``corpus`` in this process."""
    clock = StageClock()
    pipeline = Pipeline(dataclasses.replace(config, n_process=1), geo_clock=clock)
    list(pipeline.run(corpus[:2]))  # models and caches are warm, as in the workers
    clock.seconds = 0.0
    began = time.perf_counter()
    for _ in pipeline.run(corpus):
        pass
    return clock.seconds, time.perf_counter() - began
