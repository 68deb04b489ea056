"""The one store interface: every backend (SQLite now, PostgreSQL later) implements it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Self

from eventlens.model import Document, Event, Result
from eventlens.store.corrections import CorrectionValue
from eventlens.store.records import (
    ActorSummary,
    Correction,
    DocumentSummary,
    EventFilter,
    Histogram,
    MapClusters,
    Network,
    Page,
    PlaceSummary,
    RegionCount,
    StoredEvent,
    StoreSummary,
)


class Store(ABC):
    """Documents and the events, actors and places read out of them, written one document at a time.

    A document is identified by ``Document.id``: writing a result whose document is already
    stored adds nothing, so ingesting is idempotent and resumable. Event ids need only be
    unique within their document; the store keys events by (document id, event id).

    A store is not thread-safe: open one per thread (opening an existing store is cheap).
    """

    @abstractmethod
    def has_document(self, document_id: str) -> bool:
        """True when a document with this id is stored."""

    @abstractmethod
    def write_result(self, result: Result) -> bool:
        """Store a document with everything read out of it, in one transaction.

        Returns False (and writes nothing) when the document id is already stored. Raises
        StoreError when the write fails; the transaction is then rolled back, so nothing of
        the document is stored.
        """

    def write_results(self, results: Iterable[Result]) -> int:
        """Store several results, skipping documents already stored; how many were new.

        A backend may write them in one transaction (PostgreSQL does); this one writes each in its own.
        """
        return sum(self.write_result(result) for result in results)

    @abstractmethod
    def result(self, document_id: str) -> Result | None:
        """The stored result of one document, equal to the one written, or None."""

    @abstractmethod
    def events(
        self,
        where: EventFilter | None = None,
        *,
        limit: int | None = None,
    ) -> Iterator[tuple[Document, Event]]:
        """Stream the events that match the filter (all without one), with their documents.

        Events come with analysts' corrections applied (the machine's answer stays stored:
        see ``event``), in date order (by the first day their date can mean, undated last),
        then by document and position.
        """

    @abstractmethod
    def event_page(
        self,
        where: EventFilter | None = None,
        *,
        limit: int = 100,
        cursor: str | None = None,
        order: str = "oldest",
    ) -> Page[StoredEvent]:
        """One page of the events ``events`` streams, with the machine's answer beside each.

        ``order`` "oldest" is the order of ``events``; "newest" is by the first possible day,
        latest first, undated events last. ``cursor`` is a page's ``next_cursor`` (of the same
        order); paging is by key, so events stored between two pages never make an event come
        twice or be skipped. ValueError for a bad cursor or order.
        """

    @abstractmethod
    def event(self, document_id: str, event_id: str) -> StoredEvent | None:
        """One event, corrected, with the machine's answer; None when there is no such event."""

    @abstractmethod
    def add_correction(
        self,
        document_id: str,
        event_id: str,
        field: str,
        value: CorrectionValue,
        *,
        analyst: str | None = None,
        note: str | None = None,
    ) -> Correction:
        """Record an analyst's correction of one field of an event; the machine's answer is kept.

        ``field`` is one of CORRECTABLE_FIELDS; ``value`` a PLOVER type (type), a tuple of
        ActorRef (actor1, actor2), or a Place or None (place). The latest correction of a
        field is the one reads apply. ValueError for a field or value that does not fit,
        StoreError when there is no such event.
        """

    @abstractmethod
    def corrections(self, document_id: str, event_id: str) -> list[Correction]:
        """Every correction of one event, oldest first."""

    @abstractmethod
    def histogram(self, where: EventFilter | None = None, *, bucket: str = "month") -> Histogram:
        """Counts of the matching events per day, week or month of their first possible day."""

    @abstractmethod
    def clusters(
        self,
        where: EventFilter | None = None,
        *,
        cell: float,
        view: tuple[float, float, float, float] | None = None,
    ) -> MapClusters:
        """The matching events counted per cell of a grid of ``cell`` degrees (from -180, -90).

        ``view`` (west, south, east, north) keeps the cells of the events inside it; ``unplaced``
        counts the matching events without coordinates whatever the view. ValueError for a
        cell that is not a positive number of degrees.
        """

    @abstractmethod
    def regions(self, where: EventFilter | None = None) -> tuple[RegionCount, ...]:
        """The matching events counted per country and admin1, most events first."""

    @abstractmethod
    def network(self, where: EventFilter | None = None) -> Network:
        """The actors of the matching events as nodes and actor1 -> actor2 event types as edges."""

    @abstractmethod
    def actors(
        self,
        *,
        query: str | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> Page[ActorSummary]:
        """Actors that take part in events, most events first, with their relations.

        An actor is its KB id, or its name when unlinked; ``query`` keeps those whose name or
        KB id contains it, ignoring case. Counts are of the machine's coding.
        """

    @abstractmethod
    def places(
        self,
        *,
        query: str | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> Page[PlaceSummary]:
        """Places of events, most events first; ``query`` keeps names (or texts) containing it.

        Counts are of the machine's coding.
        """

    @abstractmethod
    def document_page(self, *, limit: int = 100, cursor: str | None = None) -> Page[DocumentSummary]:
        """Stored documents without their text, in the order they were ingested."""

    @abstractmethod
    def summary(self) -> StoreSummary:
        """Counts, the types present and the dates covered."""

    @abstractmethod
    def documents(self) -> Iterator[Document]:
        """Stream every stored document in the order they were ingested."""

    @abstractmethod
    def count_events(self) -> int:
        """How many events are stored."""

    @abstractmethod
    def count_documents(self) -> int:
        """How many documents are stored."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection; closing twice is harmless."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
