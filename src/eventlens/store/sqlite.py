"""The SQLite backend: every SQLite-specific choice of the store lives in this file."""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path
from typing import Any

from eventlens.errors import StoreError
from eventlens.geo.distance import haversine_km
from eventlens.store.filtering import EventConditions, EventOrder
from eventlens.store.sql import SQLStore

_COLUMN = re.compile(r"\be\.(\w+)")  # the events columns a condition reads
# Long enough for another `eventlens ingest` process to finish writing its document.
BUSY_TIMEOUT_S = 30.0
# A filter that matches at least this many events is broad: its first page is found soonest by
# walking the events in order (the events_order index) and keeping the matches, not by reading
# every match through the filter's own index and sorting them all.
BROAD_FILTER_EVENTS = 1000
# The events of an actor filter (which lists their keys) are looked up by key in this index, which
# holds what the page's counts and the network read (SQLite's own statement of migration 8).
KEY_INDEX = "events_by_key"


def _km(lat1: float | None, lon1: float | None, lat2: float | None, lon2: float | None) -> float | None:
    # SQL NULL in, NULL out: SQLite may call this before the conditions that rule NULLs out.
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return None
    return haversine_km(lat1, lon1, lat2, lon2)


class SQLiteStore(SQLStore):
    """The default store: one SQLite file in WAL mode, foreign keys enforced.

    WAL lets readers (the web app, `eventlens events`) work while an ingest writes.
    ``synchronous=NORMAL`` is WAL's recommended setting: a power cut can lose the last
    committed documents but never corrupts the file, and ingesting again restores them.
    ``":memory:"`` gives a private in-memory store (no WAL there).
    """

    driver_error = sqlite3.Error
    dialect = "sqlite"

    def __init__(self, path: str | Path, *, create: bool = True):
        self.path = Path(path) if str(path) != ":memory:" else None
        location = str(path)
        if self.path is not None:
            if self.path.is_dir():
                raise StoreError(f"{location}: is a directory; give the path of a database file")
            if not create and not self.path.is_file():
                raise StoreError(
                    f"{location}: no such database; create it with: eventlens ingest REPORTS --db {location}"
                )
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{location}: cannot create its folder ({exc.strerror or exc})") from None
        connection = None
        try:
            # isolation_level=None: no implicit transactions; the store issues BEGIN/COMMIT itself.
            connection = sqlite3.connect(location, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            connection.execute("PRAGMA journal_mode = WAL").fetchone()
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.create_function("eventlens_km", 4, _km, deterministic=True)
        except sqlite3.Error as exc:
            if connection is not None:
                connection.close()
            raise StoreError(f"{location}: cannot open the SQLite database: {exc}") from exc
        super().__init__(connection, location)
        try:
            self._refuse_foreign()
            self._migrate()
        except BaseException:
            self.close()
            raise

    def _refuse_foreign(self) -> None:
        """StoreError for another program's database: tables, but not our schema_version."""
        try:
            tables = [
                row[0]
                for row in self._execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
                    "ORDER BY name"
                )
            ]
        except sqlite3.Error as exc:
            raise self._fail("cannot read the SQLite database", exc) from exc
        if tables and "schema_version" not in tables:
            shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
            raise StoreError(
                f"{self.location}: not an eventlens database (it holds the tables {shown}); "
                "give the path of an eventlens database or of a new file"
            )

    def _begin_write(self) -> None:
        # IMMEDIATE takes the write lock at once, so a concurrent writer waits (busy timeout)
        # here instead of failing later with "database is locked" halfway through a document.
        self._execute("BEGIN IMMEDIATE")

    def _words(self, words: list[str]) -> tuple[str, list[Any]]:
        # The same words on the FTS5 index: whole words, the last one also as a prefix
        # (words are letters and digits, safe inside quotes).
        match = " ".join(f'"{word}"' for word in words[:-1]) + f' "{words[-1]}"*'
        return "e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)", [match.strip()]

    def _events_source(self, conditions: EventConditions, order: EventOrder) -> str:
        # SQLite plans without knowing how many events a filter matches, and may read and sort
        # half the table for one page. Counting the matches up to BROAD_FILTER_EVENTS (quick
        # either way) tells: a broad filter walks the order index, a selective one is left to
        # the planner (its filter's index, then a sort of the few matches).
        return self._source(conditions, order.index)

    def _count_source(self, conditions: EventConditions, index: str | None) -> str:
        # An actor filter's events are counted through their keys: a look-up each, where a walk of
        # the covering index would test every event against the filter's list.
        if conditions.by_key:
            return f"events e INDEXED BY {KEY_INDEX}"
        if index is None:
            return "events e"
        # A broad filter on columns the covering index holds is counted by a walk of that index;
        # the planner may rather pick the filter's own index and read half the table row by row.
        used = set(_COLUMN.findall(" ".join(conditions.where)))
        return self._source(conditions, index) if used <= self._index_columns(index) else "events e"

    def _index_columns(self, index: str) -> set[str]:
        # Every index entry holds its row's rowid (the word index's conditions name it).
        return {"rowid"} | {
            row[2] for row in self._execute(f"PRAGMA index_info({index})") if row[2] is not None
        }

    def _source(self, conditions: EventConditions, index: str) -> str:
        if not conditions.where:
            return "events e"
        # A selective filter's few matches: an actor filter's by their keys, else as the planner likes.
        selective = f"events e INDEXED BY {KEY_INDEX}" if conditions.by_key else "events e"
        probe = (
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {selective}{conditions.sql()} LIMIT {BROAD_FILTER_EVENTS})"
        )
        (matches,) = self._execute(probe, conditions.params).fetchone()
        return f"events e INDEXED BY {index}" if matches >= BROAD_FILTER_EVENTS else selective

    def _floor(self, sql: str) -> str:
        # floor() is a build option of SQLite; CAST truncates, which is the floor of a number >= 0.
        return f"CAST({sql} AS INTEGER)"

    def _distance(self, lat: float, lon: float) -> tuple[str, list[Any]]:
        # SQLite's trigonometric functions are a build option; this function is always there.
        return "eventlens_km(?, ?, e.place_lat, e.place_lon)", [lat, lon]

    def pragma(self, name: str) -> object:
        """The value of a PRAGMA such as journal_mode or foreign_keys (for diagnostics)."""
        if not name.isidentifier():
            raise ValueError(f"not a pragma name: {name!r}")
        row = self._execute(f"PRAGMA {name}").fetchone()
        return row[0] if row else None


class ChangeCounter:
    """A number that changes whenever any connection or process commits to a SQLite database.

    ``PRAGMA data_version`` on a read-only connection of its own: cheap (no lock, no read of the
    tables), and exact, so an answer computed from the store can be kept until it changes.
    """

    def __init__(self, path: Path):
        try:
            self._connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the SQLite database: {exc}") from exc
        self._lock = threading.Lock()  # one connection, shared by the server's threads

    def __call__(self) -> int:
        with self._lock:
            return self._connection.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        """Close its connection."""
        self._connection.close()
