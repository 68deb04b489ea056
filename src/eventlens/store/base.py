"""The one store interface: every backend (SQLite now, PostgreSQL later) implements it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from datetime import date
from types import TracebackType

from eventlens.model import Document, Event, Result


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

    @abstractmethod
    def result(self, document_id: str) -> Result | None:
        """The stored result of one document, equal to the one written, or None."""

    @abstractmethod
    def events(
        self,
        *,
        actor: str | None = None,
        type: str | None = None,
        near: tuple[float, float] | None = None,
        km: float | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int | None = None,
    ) -> Iterator[tuple[Document, Event]]:
        """Stream the events that match every given filter, with their documents.

        ``actor`` matches an actor1, actor2 or associated actor's name, KB id or text, ignoring
        case. ``type`` matches the PLOVER type, the ACLED type or the ACLED sub-event type,
        ignoring case. ``near=(lat, lon)`` with ``km`` keeps events whose place lies within
        ``km`` kilometres (great-circle); both must be given together. ``since``/``until``
        keep events whose date can fall in the range (a month-precision "2017-10" matches
        ``since=2017-10-15``); events without a date are left out when either is given.
        Events come in date order (undated last), then by document and position.
        """

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

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
