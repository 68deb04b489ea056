"""The one code path from Documents to Results, used by the CLI, the web app and the Dask runner.

A ``Pipeline`` loads its models once. ``run`` streams: it holds one batch of documents at a time
(``n_process`` batches when it works on several cores).

One bad document never costs a run: ``contained`` is the one place where a document's
unexpected failure, at any stage (reading, NLP, events, storing), becomes an ``InputError``
naming the document and the reason, which takes the document's place in the stream while the
other documents go on. Errors of the whole run (``StoreError`` for a full disk, ``DataError``)
still stop it.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple, Self, TypeVar

from eventlens.config import Config
from eventlens.errors import EventlensError, InputError
from eventlens.events import EventClassifier, EventExtractor
from eventlens.events.arabic import ArabicEventExtractor
from eventlens.geo import Gazetteer, ToponymResolver
from eventlens.kb import KnowledgeBase
from eventlens.model import Document, Result
from eventlens.nlp import TextAnalyzer
from eventlens.nlp.arabic import ArabicAnalyzer

# Languages the events stage reads; other documents come out with their metadata and no events.
# English goes through spaCy and the English extractor, Arabic through the Arabic analyzer and
# extractor (no Arabic parser installs offline); both give the same records.
EVENT_LANGUAGES = frozenset({"en", "ar"})

T = TypeVar("T")


def contained(source: str, step: Callable[[], T]) -> T | InputError:
    """``step()``, or the InputError that names ``source`` when it fails (see the module docstring).

    An InputError raised by the step is returned as it is; other EventlensErrors concern the
    whole run and propagate; any other exception is a fault on this one document.
    """
    try:
        return step()
    except InputError as error:
        return error
    except EventlensError:
        raise
    except Exception as exc:
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        return InputError(source, f"failed ({type(exc).__name__}{': ' + detail if detail else ''}); skipped")


def contained_items(source: str, items: Iterable[T]) -> Iterator[T | InputError]:
    """The items of one source (its documents as they are read); when reading it fails, an
    InputError naming the source is its last item, and the caller goes on with the next source."""
    iterator = iter(items)
    while (item := contained(source, lambda: next(iterator, None))) is not None:
        yield item


class LanguageReader(NamedTuple):
    """The two stages that read one language: its NLP stage and its events stage."""

    analyzer: TextAnalyzer | ArabicAnalyzer
    extractor: EventExtractor | ArabicEventExtractor


class Pipeline:
    """Documents in, Results out: NLP, then events, actors and places, in batches.

    With a ``geo_clock``, every call into the gazetteer (the NLP stage's place lookups) and the
    toponym resolver is timed on it; without one, nothing is wrapped and nothing costs.
    """

    def __init__(self, config: Config | None = None, geo_clock: StageClock | None = None):
        self.config = config or Config()
        settings = self.config.settings
        kb = KnowledgeBase.load(self.config.kb_paths)
        gazetteer = Gazetteer.open(self.config.gazetteer_file, settings.gazetteer)
        # The resolver gets the bare gazetteer, so its own lookups are not counted twice.
        resolver = ToponymResolver(gazetteer, settings.resolver)
        if geo_clock is not None:
            gazetteer, resolver = geo_clock.timed(gazetteer), geo_clock.timed(resolver)
        self.english = LanguageReader(
            TextAnalyzer(kb, gazetteer, batch_size=settings.pipeline.batch_size),
            EventExtractor(
                kb,
                resolver,
                classifier=EventClassifier.load(self.config.event_model_path),
                settings=settings.classifier,
                confidence=settings.confidence,
                events=settings.events,
            ),
        )
        self._kb, self._gazetteer, self._resolver = kb, gazetteer, resolver

    @functools.cached_property
    def arabic(self) -> LanguageReader:
        """The Arabic reader, built at the first Arabic document: a process that reads only
        English never pays for it."""
        return LanguageReader(
            ArabicAnalyzer(self._kb, self._gazetteer),
            ArabicEventExtractor(
                self._kb,
                self._resolver,
                confidence=self.config.settings.confidence,
                events=self.config.settings.events,
                settings=self.config.settings.arabic,
            ),
        )

    def run(self, documents: Iterable[Document | InputError]) -> Iterator[Result | InputError]:
        """Results in the order of the documents; an InputError (given, or for a document that
        failed) in place of a result."""
        for batch in _batches(documents, self.config.settings.pipeline.batch_size):
            yield from self.run_batch(batch)

    def run_batch(self, batch: list[Document | InputError]) -> list[Result | InputError]:
        """Results for one batch of documents, in its order (InputErrors pass through)."""
        documents = [d for d in batch if isinstance(d, Document)]
        results = contained("batch", lambda: self._results(documents))
        if isinstance(results, InputError):
            # Batched parsing cannot tell which document broke it: each is run again on its own.
            results = {id(d): contained(d.source, lambda d=d: self._results([d])[id(d)]) for d in documents}
        return [results[id(d)] if isinstance(d, Document) else d for d in batch]

    def _results(self, documents: list[Document]) -> dict[int, Result]:
        results = {id(d): Result(d, (), (), ()) for d in documents}
        for language in EVENT_LANGUAGES:
            readable = [d for d in documents if d.language == language]
            if not readable:
                continue
            analyzer, extractor = self.english if language == "en" else self.arabic
            for parse in analyzer.analyze(readable):
                extraction = extractor.extract(parse)
                document = dataclasses.replace(parse.document, outlet=extraction.outlet)
                results[id(parse.document)] = Result(
                    document, extraction.events, extraction.actors, extraction.places
                )
        return results


class StageClock:
    """Seconds spent in the method calls of the objects it wraps with ``timed``."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def timed(self, target: Any) -> Any:
        """``target`` with each method call added to ``seconds``; other attributes as they are."""
        return _TimedCalls(target, self)


class _TimedCalls:
    def __init__(self, target: Any, clock: StageClock):
        self._target = target
        self._clock = clock

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if not callable(value):
            return value
        return _timed_call(value, self._clock)


def _timed_call(method: Callable[..., Any], clock: StageClock) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            clock.seconds += time.perf_counter() - began

    return call


def run_pipeline(documents: Iterable[Document | InputError], config: Config) -> Iterator[Result | InputError]:
    """Run on ``config.n_process`` cores (in this process when it is 1)."""
    if config.n_process <= 1:
        yield from Pipeline(config).run(documents)
        return
    with PipelinePool(config) as pool:
        yield from pool.run(documents)


class PipelinePool:
    """Worker processes that each build a Pipeline once and take batches of documents.

    At most ``batches_in_flight_per_worker`` batches per worker (two, as shipped) are in flight,
    so a corpus of any size streams through.
    """

    def __init__(self, config: Config):
        self.config = config
        context = multiprocessing.get_context("fork")
        self._pool = context.Pool(config.n_process, initializer=_start_worker, initargs=(config,))

    def run(self, documents: Iterable[Document | InputError]) -> Iterator[Result | InputError]:
        """Results in the order of the documents, as ``Pipeline.run``."""
        pending: deque = deque()
        batching = self.config.settings.pipeline
        for batch in _batches(documents, batching.batch_size):
            pending.append(self._pool.apply_async(_work, (batch,)))
            if len(pending) >= batching.batches_in_flight_per_worker * self.config.n_process:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()

    def close(self) -> None:
        """Stop the workers."""
        self._pool.terminate()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_WORKER: Pipeline | None = None


def _start_worker(config: Config) -> None:
    global _WORKER
    _WORKER = Pipeline(config)


def _work(batch: list[Document | InputError]) -> list[Result | InputError]:
    assert _WORKER is not None
    return _WORKER.run_batch(batch)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
