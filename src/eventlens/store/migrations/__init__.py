"""The store's migrations: named units in a registry, applied in order and recorded in the database.

A migration is one unit: its portable SQL (``NNNN_name.sql`` beside this file), what it fills in
for the rows stored before it (its backfill), and what a backend adds for itself (an index only
that database has). ``SQLStore._migrate`` applies the units a database lacks, in version order, in
one transaction, and records each in ``schema_version``; a backend names itself by its dialect.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from eventlens.store.filtering import COLLECTIVE_ACTORS, evidence_words

Execute = Callable[[str, Sequence[Any]], Any]
ExecuteMany = Callable[[str, Iterable[Sequence[Any]]], None]

_STATEMENT_END = re.compile(r";[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Migration:
    """One schema version: its SQL file, its backfill and its backend-only statements."""

    version: int
    name: str
    backfill: Callable[[Execute, ExecuteMany], None] | None = None
    # {dialect: statements run after the SQL and the backfill}, e.g. SQLite's FTS5 index.
    backend_sql: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def file_name(self) -> str:
        return f"{self.version:04d}_{self.name}.sql"

    def sql(self) -> str:
        """The text of its portable SQL file."""
        return resources.files(__name__).joinpath(self.file_name).read_text(encoding="utf-8")

    def statements(self) -> list[str]:
        """The file's statements: split on ';' at a line end, comment-only chunks dropped."""
        out = []
        for chunk in _STATEMENT_END.split(self.sql()):
            code = [line for line in chunk.splitlines() if line.strip() and not line.strip().startswith("--")]
            if code:
                out.append(chunk.strip())
        return out

    def apply(self, execute: Execute, execute_many: ExecuteMany, dialect: str) -> None:
        """Run the SQL, the backfill, then the statements of ``dialect``, in the caller's transaction."""
        for statement in self.statements():
            execute(statement, ())
        if self.backfill is not None:
            self.backfill(execute, execute_many)
        for statement in self.backend_sql.get(dialect, ()):
            execute(statement, ())


def _fold(text: str | None) -> str | None:
    return text.casefold() if text is not None else None


def _fill_folded_columns(execute: Execute, execute_many: ExecuteMany) -> None:
    """The casefolded place names and evidence words of the events stored before migration 2."""
    rows = execute("SELECT document_id, id, evidence_text, place_name, place_text FROM events", ()).fetchall()
    execute_many(
        "UPDATE events SET evidence_words = ?, place_name_fold = ?, place_text_fold = ? "
        "WHERE document_id = ? AND id = ?",
        [
            (evidence_words(evidence), _fold(name), _fold(text), doc_id, event_id)
            for doc_id, event_id, evidence, name, text in rows
        ],
    )


def _fill_admin1_fold(execute: Execute, execute_many: ExecuteMany) -> None:
    """The casefolded admin1 of the events stored before migration 3."""
    rows = execute(
        "SELECT document_id, id, place_admin1 FROM events WHERE place_admin1 IS NOT NULL", ()
    ).fetchall()
    execute_many(
        "UPDATE events SET place_admin1_fold = ? WHERE document_id = ? AND id = ?",
        [(_fold(admin1), doc_id, event_id) for doc_id, event_id, admin1 in rows],
    )


def _fill_network(execute: Execute, execute_many: ExecuteMany) -> None:
    """The network columns of the actors and events stored before migration 5, as the store
    writes them (sql.py's _node_key and _network_row)."""
    kinds = ", ".join(f"'{kind}'" for kind in COLLECTIVE_ACTORS)
    execute(
        "UPDATE event_actors SET node_key = CASE WHEN kb_id IS NOT NULL THEN kb_id "
        f"WHEN type IN ({kinds}) THEN type || COALESCE(':' || country, '') ELSE name_fold END",
        (),
    )

    def actors(role: str, what: str) -> str:
        return (
            f"(SELECT {what} FROM event_actors ea WHERE ea.document_id = events.document_id "
            f"AND ea.event_id = events.id AND ea.role = '{role}')"
        )

    execute(
        "UPDATE events SET net_plain = CASE WHEN "
        f"{actors('actor1', 'COUNT(*)')} <= 1 AND {actors('actor2', 'COUNT(*)')} <= 1 "
        f"AND {actors('associated', 'COUNT(*)')} = 0 THEN 1 ELSE 0 END",
        (),
    )
    columns = ", ".join(
        f"net_{side}{suffix} = {actors(role, column)}"
        for side, role in (("source", "actor1"), ("target", "actor2"))
        for suffix, column in (
            ("", "node_key"),
            ("_name", "name"),
            ("_type", "type"),
            ("_country", "country"),
        )
    )
    execute(f"UPDATE events SET {columns} WHERE net_plain = 1", ())


def _count_actors(execute: Execute, execute_many: ExecuteMany) -> None:
    """The actors' counts and spellings of the rows stored before migration 7, as the store adds
    them (sql.py's _actor_tallies)."""
    execute(
        "INSERT INTO actor_counts (actor, events) SELECT actor, COUNT(*) FROM ("
        "SELECT DISTINCT COALESCE(kb_id, name) AS actor, document_id, event_id FROM event_actors"
        ") AS a GROUP BY actor",
        (),
    )
    execute(
        "INSERT INTO actor_names (actor, name_fold, kb_id_fold, entries) "
        "SELECT COALESCE(kb_id, name), name_fold, COALESCE(kb_id_fold, ''), COUNT(*) FROM event_actors "
        "GROUP BY COALESCE(kb_id, name), name_fold, COALESCE(kb_id_fold, '')",
        (),
    )


# SQLite's evidence word index: FTS5 over events.evidence_words ('ascii' splits at the spaces
# only, so non-ASCII letters stay in words), kept in step by triggers. It names events by rowid,
# which VACUUM may renumber (events has no INTEGER PRIMARY KEY): after a VACUUM, run
# INSERT INTO events_fts (events_fts) VALUES ('rebuild').
_SQLITE_WORD_INDEX = (
    (
        "CREATE VIRTUAL TABLE events_fts USING fts5("
        "evidence_words, content = 'events', tokenize = 'ascii', detail = 'none')"
    ),
    "INSERT INTO events_fts (events_fts) VALUES ('rebuild')",
    (
        "CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN "
        "INSERT INTO events_fts (rowid, evidence_words) VALUES (new.rowid, new.evidence_words); END"
    ),
    (
        "CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN "
        "INSERT INTO events_fts (events_fts, rowid, evidence_words) VALUES ('delete', old.rowid, old.evidence_words); END"
    ),
)
# SQLite's index of the events by key (migration 8), through which it reads the events an actor
# filter lists (sqlite.py's KEY_INDEX): the key, what the page's counts and their other filters read
# (the map's cells, the timeline, the regions' table: types, places, dates, fatalities, confidence)
# and what the network counts of a plain event (migration 5), so that none of them reads a row.
_SQLITE_KEY_INDEX = (
    (
        "CREATE INDEX events_by_key ON events (document_id, id, type, place_lat, place_lon, place_geonameid, "
        "place_country, place_admin1, fatalities, date_start, date_end, confidence, net_plain, net_source, "
        "net_target, net_source_name, net_source_type, net_source_country, net_target_name, net_target_type, "
        "net_target_country)"
    ),
)
# PostgreSQL's: a GIN index of the words; 'simple' folds nothing away (no stemming, no stop
# words), so a word matches itself only, as on every backend.
_POSTGRES_WORD_INDEX = (
    "CREATE INDEX events_evidence_words ON events USING gin (to_tsvector('simple', evidence_words))",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial"),
    Migration(
        2,
        "corrections",
        backfill=_fill_folded_columns,
        backend_sql={"sqlite": _SQLITE_WORD_INDEX, "postgresql": _POSTGRES_WORD_INDEX},
    ),
    Migration(3, "region_filters", backfill=_fill_admin1_fold),
    Migration(4, "aggregation"),
    Migration(5, "network", backfill=_fill_network),
    Migration(6, "actor_suggestions"),
    Migration(7, "actor_counts", backfill=_count_actors),
    Migration(8, "actor_filter", backend_sql={"sqlite": _SQLITE_KEY_INDEX}),
    Migration(9, "confidence_counts"),
)
