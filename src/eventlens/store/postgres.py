"""The PostgreSQL backend: every PostgreSQL-specific choice of the store lives in this file.

The schema and migrations are the portable ones of ``migrations/``. On top of them, where the
server has them: PostGIS (a geography point per placed event, in a GiST index, for ``near``) and
a full-text index over the evidence words. Both only narrow what the portable conditions then
decide exactly, so every backend returns the same events for the same filter.

Connections come from one pool per database URL and process: opening a store borrows a
connection, closing it gives it back, so a web request or a Dask task opens a store cheaply.
Writers that race for the same documents cannot deadlock (documents are locked in one sorted
order) and a transaction that loses a race (serialization failure, deadlock) is run again whole.
"""

from __future__ import annotations

import atexit
import hashlib
import itertools
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from eventlens.errors import StoreError
from eventlens.model import Result
from eventlens.store.corrections import CorrectionValue
from eventlens.store.filtering import EventConditions
from eventlens.store.records import Correction, EventFilter
from eventlens.store.sql import _CHUNK, SQLStore

try:
    import psycopg
    from psycopg_pool import ConnectionPool, PoolTimeout
except ImportError:  # the optional extra eventlens[postgres] is not installed
    psycopg = None

# How long opening a store waits for a free connection of the pool (the web app's threads share it).
POOL_TIMEOUT_S = 30.0
POOL_MAX_SIZE = 10
# Attempts of one write transaction that loses a race with another writer.
WRITE_ATTEMPTS = 5
# SQLSTATEs of a transaction that lost a race and may simply be run again.
_RETRYABLE = {"40001", "40P01"}  # serialization_failure, deadlock_detected
_UNIQUE_VIOLATION = "23505"
# One advisory lock key for the migrations, so two processes opening a new database take turns.
_MIGRATION_LOCK = 7_303_840_127_117_011_013
# PostGIS: a geography point computed from place_lat/place_lon (so writing stays portable), indexed.
_POINT_COLUMN = (
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS place_point geography(Point, 4326) GENERATED ALWAYS AS ("
    "CASE WHEN place_lat IS NOT NULL AND place_lon IS NOT NULL "
    "THEN ST_SetSRID(ST_MakePoint(place_lon, place_lat), 4326)::geography END) STORED"
)
_POINT_INDEX = "CREATE INDEX IF NOT EXISTS events_place_point ON events USING gist (place_point)"
# ST_DWithin on the sphere of PostGIS (radius 6371008.7714 m, the same mean radius as ours) is
# widened by this share and a metre, so rounding never drops an event the exact distance keeps.
_WITHIN_MARGIN = 1e-6


class _SharedPool:
    """A process's connections to one database, and what opening the first store found out."""

    def __init__(self, connections: Any):
        self.connections = connections
        self.migrated = False
        self.spatial = False


_pools: dict[tuple[int, str], _SharedPool] = {}
_pools_lock = threading.Lock()
_cursor_names = itertools.count()
T = TypeVar("T")


def _require_driver() -> None:
    if psycopg is None:
        raise StoreError(
            "PostgreSQL support is not installed: pip install 'eventlens[postgres]' (psycopg 3 and its pool)"
        )


def _reset(connection: Any) -> None:
    # A stream left unfinished keeps its WITH HOLD cursor open on the server: the next user must not.
    connection.execute("CLOSE ALL")


def _pool(url: str) -> _SharedPool:
    """The pool of this process for ``url``, opened on first use (a forked child opens its own)."""
    key = (os.getpid(), url)
    with _pools_lock:
        shared = _pools.get(key)
        if shared is None:
            _check_connection(url)
            connections = ConnectionPool(
                url,
                min_size=1,
                max_size=POOL_MAX_SIZE,
                kwargs={"autocommit": True},
                reset=_reset,
                # A connection lent out is checked first: a server restarted since is no error.
                check=ConnectionPool.check_connection,
                open=False,
                name=f"eventlens-{len(_pools)}",
            )
            try:
                connections.open(wait=True, timeout=POOL_TIMEOUT_S)
            except PoolTimeout as exc:
                connections.close()
                raise StoreError(
                    f"{_safe(url)}: cannot connect to PostgreSQL within {POOL_TIMEOUT_S:.0f} s; is the "
                    "server running, and are the host, port, user and database of the URL right?"
                ) from exc
            shared = _pools[key] = _SharedPool(connections)
        return shared


def _check_connection(url: str) -> None:
    """Connect once, so a wrong URL fails at once with the server's reason."""
    try:
        psycopg.connect(url, connect_timeout=int(POOL_TIMEOUT_S)).close()
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"{_safe(url)}: cannot connect to PostgreSQL: {reason}") from exc


@atexit.register
def close_pools() -> None:
    """Close every pool of this process (at exit; tests call it to drop a database)."""
    with _pools_lock:
        for shared in _pools.values():
            shared.connections.close()
        _pools.clear()


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{host}"


def _lock_key(document_id: str) -> int:
    """A signed 64-bit advisory lock key for a document id."""
    digest = hashlib.blake2b(document_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _sqlstate(exc: BaseException) -> str | None:
    while exc is not None:
        if psycopg is not None and isinstance(exc, psycopg.Error):
            return exc.sqlstate
        exc = exc.__cause__
    return None


class PostgresStore(SQLStore):
    """A store in a PostgreSQL database (15 or later), shared by a team or a Dask cluster."""

    driver_error = psycopg.Error if psycopg is not None else Exception
    dialect = "postgresql"

    def __init__(self, url: str):
        _require_driver()
        self._pool = _pool(url)
        try:
            connection = self._pool.connections.getconn(timeout=POOL_TIMEOUT_S)
        except PoolTimeout as exc:
            raise StoreError(
                f"{_safe(url)}: no free PostgreSQL connection within {POOL_TIMEOUT_S:.0f} s"
            ) from exc
        super().__init__(connection, _safe(url))
        try:
            if not self._pool.migrated:
                self._migrate()
                self._pool.spatial = self._has_point_column()
                self._pool.migrated = True
        except BaseException:
            self.close()
            raise

    # --- dialect hooks -------------------------------------------------------------------

    def _sql(self, query: str) -> str:
        # psycopg's placeholders are %s, so a literal % is written %%.
        return query.replace("%", "%%").replace("?", "%s")

    def _stream(self, query: str, params: Sequence[Any] = ()) -> Iterator[list[tuple]]:
        # A server-side cursor: rows come a chunk at a time. WITH HOLD lets it live outside a
        # transaction (the connection is in autocommit) while other queries run beside it.
        cursor = self._db.cursor(name=f"eventlens_stream_{next(_cursor_names)}", withhold=True)
        try:
            cursor.execute(self._sql(query), tuple(params))
            while rows := cursor.fetchmany(_CHUNK):
                yield rows
        finally:
            # A stream dropped after its store was closed (a generator collected later) must not
            # touch the connection: it is back in the pool, maybe in another thread's hands, and
            # the pool's reset (CLOSE ALL) has closed the cursor on the server already.
            if self._connection is cursor.connection:
                try:
                    cursor.close()
                except self.driver_error:
                    pass  # the connection broke while the stream was open

    def _words(self, words: list[str]) -> tuple[str, list[Any]]:
        # The GIN index finds the candidates; the portable LIKE keeps the exact meaning.
        like_sql, like_params = super()._words(words)
        query = " & ".join([*words[:-1], f"{words[-1]}:*"])
        return (
            f"to_tsvector('simple', e.evidence_words) @@ to_tsquery('simple', ?) AND {like_sql}",
            [query, *like_params],
        )

    def _conditions(self, where: EventFilter | None) -> EventConditions:
        # The actor filter as a test of each event: PostgreSQL plans it as a semi-join, hashed for
        # the counts and a probe per event for a page, where its list of keys would be read whole
        # and each event looked up (SQLite's way) even for a page of 50.
        return super()._conditions(where).each_event()

    def _near_index(self, lat: float, lon: float, km: float) -> tuple[str, list[Any]] | None:
        if not self._pool.spatial:
            return None
        return (
            "ST_DWithin(e.place_point, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, ?, false)",
            [lon, lat, km * 1000 * (1 + _WITHIN_MARGIN) + 1],
        )

    # --- migrations ----------------------------------------------------------------------

    def _migrate(self) -> None:
        # A session lock around the whole upgrade: a second process waits, then finds it done.
        try:
            self._execute("SELECT pg_advisory_lock(?)", (_MIGRATION_LOCK,))
            try:
                super()._migrate()
                self._add_spatial_index()
            finally:
                self._execute("SELECT pg_advisory_unlock(?)", (_MIGRATION_LOCK,))
        except self.driver_error as exc:
            raise self._fail("cannot create or upgrade the schema", exc) from exc

    def _add_spatial_index(self) -> None:
        """The geography column and its index, when PostGIS is (or can be) installed in this database."""
        if self._has_point_column():
            return
        installed = self._execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone()
        if not installed:
            available = self._execute(
                "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'"
            ).fetchone()
            if not available:
                return  # the portable bounding box and distance serve alone
            try:
                self._execute("CREATE EXTENSION IF NOT EXISTS postgis")
            except self.driver_error:
                return  # not allowed (a database owner may add it later): the portable SQL serves
        try:
            self._begin_write()
            self._execute(_POINT_COLUMN)
            self._execute(_POINT_INDEX)
            self._execute("COMMIT")
        except self.driver_error as exc:
            self._rollback()
            raise self._fail("cannot add the PostGIS point index", exc) from exc

    def _has_point_column(self) -> bool:
        return (
            self._execute(
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = 'events' AND column_name = 'place_point'"
            ).fetchone()
            is not None
        )

    # --- writing -------------------------------------------------------------------------

    def _retrying(self, write: Callable[[], T], *, retry_unique: bool = False) -> T:
        """Run a whole write transaction again when it lost a race with another writer."""
        for attempt in range(WRITE_ATTEMPTS):
            try:
                return write()
            except StoreError as exc:
                state = _sqlstate(exc)
                retryable = state in _RETRYABLE or (retry_unique and state == _UNIQUE_VIOLATION)
                if not retryable or attempt == WRITE_ATTEMPTS - 1:
                    raise
                time.sleep(0.01 * 2**attempt)
        raise AssertionError("unreachable")

    def write_result(self, result: Result) -> bool:
        return self.write_results([result]) == 1

    def write_results(self, results: Iterable[Result]) -> int:
        """Store the documents not stored yet, all in one transaction; how many were new.

        Each document's advisory lock is taken in one sorted order, so writers with overlapping
        batches wait for each other instead of deadlocking; the document's presence is read
        after its lock, so it is written exactly once.
        """
        batch = {result.document.id: result for result in results}
        if not batch:
            return 0
        ordered = sorted(batch, key=_lock_key)
        return self._retrying(lambda: self._write_batch(batch, ordered))

    def _write_batch(self, batch: dict[str, Result], ordered: list[str]) -> int:
        names = ", ".join(repr(doc_id) for doc_id in ordered[:3]) + (", ..." if len(ordered) > 3 else "")
        try:
            self._begin_write()
        except self.driver_error as exc:
            raise self._fail(f"cannot store document {names}", exc) from exc
        try:
            for doc_id in ordered:
                self._execute("SELECT pg_advisory_xact_lock(?)", (_lock_key(doc_id),))
            stored = {
                row[0]
                for row in self._execute(
                    "SELECT id FROM documents WHERE id = ANY(?)", (list(batch),)
                ).fetchall()
            }
            fresh = [doc_id for doc_id in ordered if doc_id not in stored]
            self._write_rows([batch[doc_id] for doc_id in fresh])
            self._execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, self.driver_error):
                raise self._fail(f"cannot store document {names}, nothing of it was stored", exc) from exc
            raise
        return len(fresh)

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
        # Two analysts correcting at once may pick the same next id: the loser runs again.
        add = super().add_correction
        return self._retrying(
            lambda: add(document_id, event_id, field, value, analyst=analyst, note=note), retry_unique=True
        )

    @property
    def spatial(self) -> bool:
        """Whether ``near`` uses the PostGIS index (PostGIS is installed in the database)."""
        return self._pool.spatial

    def close(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            self._pool.connections.putconn(connection)
