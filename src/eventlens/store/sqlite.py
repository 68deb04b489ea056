"""The SQLite backend: every SQLite-specific choice of the store lives in this file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from eventlens.errors import StoreError
from eventlens.store.sql import SQLStore

# Long enough for another `eventlens ingest` process to finish writing its document.
BUSY_TIMEOUT_S = 30.0


class SQLiteStore(SQLStore):
    """The default store: one SQLite file in WAL mode, foreign keys enforced.

    WAL lets readers (the web app, `eventlens events`) work while an ingest writes.
    ``synchronous=NORMAL`` is WAL's recommended setting: a power cut can lose the last
    committed documents but never corrupts the file, and ingesting again restores them.
    ``":memory:"`` gives a private in-memory store (no WAL there).
    """

    driver_error = sqlite3.Error

    def __init__(self, path: str | Path):
        self.path = Path(path) if str(path) != ":memory:" else None
        location = str(path)
        if self.path is not None:
            if self.path.is_dir():
                raise StoreError(f"{location}: is a directory; give the path of a database file")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = None
        try:
            # isolation_level=None: no implicit transactions; the store issues BEGIN/COMMIT itself.
            connection = sqlite3.connect(location, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            connection.execute("PRAGMA journal_mode = WAL").fetchone()
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            if connection is not None:
                connection.close()
            raise StoreError(f"{location}: cannot open the SQLite database: {exc}") from exc
        super().__init__(connection, location)
        try:
            self._migrate()
        except BaseException:
            self.close()
            raise

    def _begin_write(self) -> None:
        # IMMEDIATE takes the write lock at once, so a concurrent writer waits (busy timeout)
        # here instead of failing later with "database is locked" halfway through a document.
        self._execute("BEGIN IMMEDIATE")

    def pragma(self, name: str) -> object:
        """The value of a PRAGMA such as journal_mode or foreign_keys (for diagnostics)."""
        if not name.isidentifier():
            raise ValueError(f"not a pragma name: {name!r}")
        row = self._execute(f"PRAGMA {name}").fetchone()
        return row[0] if row else None
