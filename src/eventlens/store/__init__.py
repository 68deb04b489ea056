"""store stage: documents, events, actors and places in SQLite or PostgreSQL, one schema.

``open_store`` takes a file path or a URL and returns a ``Store``. The schema is the registry of
named migrations (``migrations/``), applied in order and recorded in the ``schema_version`` table.
"""

from __future__ import annotations

from pathlib import Path

from eventlens.errors import StoreError
from eventlens.store.base import Store
from eventlens.store.records import (
    CORRECTABLE_FIELDS,
    ActorSummary,
    Correction,
    DocumentSummary,
    EventFilter,
    Histogram,
    HistogramBin,
    MapCell,
    MapClusters,
    Network,
    NetworkEdge,
    NetworkNode,
    Page,
    PlaceSummary,
    RegionCount,
    StoredEvent,
    StoreSummary,
    country_code,
    day_of,
)
from eventlens.store.sqlite import ChangeCounter, SQLiteStore

_POSTGRES_SCHEMES = ("postgresql", "postgres")


def is_postgres_url(url_or_path: str | Path) -> bool:
    """Whether ``open_store`` opens this in PostgreSQL."""
    scheme, sep, _ = str(url_or_path).strip().partition("://")
    return bool(sep) and scheme.lower().split("+", 1)[0] in _POSTGRES_SCHEMES


def postgres_url(url: str) -> str:
    """The URL as libpq takes it: postgresql://..., without a SQLAlchemy driver name."""
    _, _, rest = url.strip().partition("://")
    return f"postgresql://{rest}"


def open_store(url_or_path: str | Path, *, create: bool = True) -> Store:
    """Open (creating and migrating when needed) the store at a path or URL.

    Takes a file path, ``sqlite:///relative/path``, ``sqlite:////absolute/path`` (the
    SQLAlchemy convention), ``":memory:"``, or ``postgresql://...`` (``postgres://`` and
    ``postgresql+psycopg://`` too; needs the extra ``eventlens[postgres]``). With
    ``create=False`` a SQLite database that does not exist is a StoreError, not a new empty one;
    another program's SQLite database is always a StoreError, never given our tables.
    """
    if isinstance(url_or_path, Path):
        return SQLiteStore(url_or_path.expanduser(), create=create)
    text = str(url_or_path).strip()
    if not text:
        raise StoreError("no database given: give a SQLite file path such as events.sqlite")
    scheme, sep, rest = text.partition("://")
    if not sep:
        return SQLiteStore(text if text == ":memory:" else Path(text).expanduser(), create=create)
    scheme = scheme.lower()
    if scheme == "sqlite":
        if rest in ("", "/:memory:"):
            return SQLiteStore(":memory:")
        if not rest.startswith("/"):
            raise StoreError(f"{text}: a SQLite URL is sqlite:///relative/path or sqlite:////absolute/path")
        return SQLiteStore(Path(rest[1:]).expanduser(), create=create)
    if scheme.split("+", 1)[0] in _POSTGRES_SCHEMES:
        from eventlens.store.postgres import PostgresStore

        return PostgresStore(postgres_url(text))
    raise StoreError(
        f"{text}: unknown database URL scheme {scheme!r}; give a SQLite file path, sqlite:///path "
        "or postgresql://..."
    )


__all__ = [
    "CORRECTABLE_FIELDS",
    "ActorSummary",
    "ChangeCounter",
    "Correction",
    "DocumentSummary",
    "EventFilter",
    "Histogram",
    "HistogramBin",
    "MapCell",
    "MapClusters",
    "Network",
    "NetworkEdge",
    "NetworkNode",
    "Page",
    "PlaceSummary",
    "RegionCount",
    "SQLiteStore",
    "Store",
    "StoreSummary",
    "StoredEvent",
    "country_code",
    "day_of",
    "is_postgres_url",
    "open_store",
    "postgres_url",
]
