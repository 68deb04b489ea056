"""The store over any SQL database: portable SQL, record mapping and the migration runner.

Everything that differs between databases (connecting, placeholders, how a write transaction
starts, the driver's exception class, how rows are streamed) is a hook that a backend such as
``SQLiteStore`` overrides. Queries are written with ``?`` placeholders; ``_sql`` translates them.
"""

from __future__ import annotations

import calendar
import dataclasses
import json
import math
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from eventlens.errors import StoreError
from eventlens.geo.distance import EARTH_RADIUS_KM
from eventlens.model import (
    Actor,
    ActorRef,
    Attribution,
    Document,
    Event,
    Place,
    PlaceMentions,
    Result,
    TextSpan,
)
from eventlens.store.base import Store
from eventlens.store.corrections import CorrectionValue, apply_corrections, correction_json
from eventlens.store.filtering import (
    COLLECTIVE_ACTORS,
    DATE_ORDER,
    EVENT_ORDER,
    OLDEST_FIRST,
    EventConditions,
    EventKey,
    EventOrder,
    bbox_sql,
    collective_name,
    decode_cursor,
    encode_cursor,
    event_conditions,
    event_order,
    evidence_words,
    filters_place,
    in_bbox,
    like_pattern,
    words_like,
)
from eventlens.store.migrations import MIGRATIONS
from eventlens.store.records import (
    CORRECTABLE_FIELDS,
    NETWORK_EDGE_EVENTS,
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
    check_view,
)

DOCUMENT_COLUMNS = (
    "id",
    "source",
    "url",
    "outlet",
    "title",
    "published",
    "language",
    "text",
    "boilerplate_removed",
    "ingested_at",
)
# A Place's fields, in the dataclass's order: the place columns of events ("place_" + field) and
# of places (the field; "geo_precision" for precision) are derived from them.
PLACE_FIELDS = tuple(f.name for f in dataclasses.fields(Place))
_PLACES_TABLE_COLUMNS = tuple("geo_precision" if name == "precision" else name for name in PLACE_FIELDS)

EVENT_COLUMNS = (
    "document_id",
    "id",
    "position",
    "type",
    "mode",
    "acled_type",
    "acled_subtype",
    "date",
    "date_start",
    "date_end",
    "time_precision",
    "historical",
    "modality",
    "attribution_outlet",
    "attribution_speaker",
    "attribution_sourcing",
    "fatalities",
    "confidence",
    "evidence_text",
    "evidence_start",
    "evidence_end",
    *(f"place_{name}" for name in PLACE_FIELDS),
)
# Written with every event, never read back: casefolded copies that the filters compare with.
EVENT_FOLD_COLUMNS = ("evidence_words", "place_name_fold", "place_text_fold", "place_admin1_fold")
# Also written only: a plain event's network (migration 5), which the network reads from events alone.
EVENT_NETWORK_COLUMNS = (
    "net_plain",
    "net_source",
    "net_source_name",
    "net_source_type",
    "net_source_country",
    "net_target",
    "net_target_name",
    "net_target_type",
    "net_target_country",
)
EVENT_ACTOR_COLUMNS = (
    "document_id",
    "event_id",
    "role",
    "position",
    "name",
    "kb_id",
    "type",
    "country",
    "text",
    "name_fold",
    "kb_id_fold",
    "text_fold",
    "node_key",
)
ACTOR_COLUMNS = ("document_id", "position", "name", "kb_id", "type", "country", "mentions", "relations")
_CORRECTION_COLUMNS = ("id", "document_id", "event_id", "field", "value", "analyst", "note", "created_at")
PLACE_COLUMNS = ("document_id", "position", *_PLACES_TABLE_COLUMNS, "mentions")
ROLES = ("actor1", "actor2", "associated")


def _place_values(place: Place) -> tuple:
    """A place's values in PLACE_FIELDS order, as the place columns hold them."""
    return tuple(getattr(place, name) for name in PLACE_FIELDS)


_RefsByRole = dict[str, list[ActorRef]]
_CHUNK = 200  # events read per round trip; also bounds the parameters of one query
_HISTOGRAM_BUCKETS = ("day", "week", "month")
# The network's edge fields: an event with any of them corrected is counted from its corrected view.
_NETWORK_FIELDS = ("type", "actor1", "actor2")
_DOCUMENT_CACHE = 256  # documents kept while streaming events, most recently used first


def _node_key(ref: ActorRef) -> str:
    """An actor's network node: its KB id, its collective type (and country), else its casefolded
    name, so "the Army" and "the army" are one node. Stored with the actor (event_actors.node_key;
    migration 5 fills it for older rows the same way)."""
    if ref.kb_id is not None:
        return ref.kb_id
    if ref.type in COLLECTIVE_ACTORS:
        return ref.type + (f":{ref.country}" if ref.country is not None else "")
    return _fold(ref.name)


def _network_row(event: Event) -> tuple:
    """The values of EVENT_NETWORK_COLUMNS: whether the event is plain (at most one actor1, at most
    one actor2, no associated actor) and, if so, the node, name, type and country of each."""
    plain = len(event.actor1) <= 1 and len(event.actor2) <= 1 and not event.associated
    if not plain:
        return (0,) + (None,) * 8
    return (1,) + tuple(
        value
        for refs in (event.actor1, event.actor2)
        for value in (
            (_node_key(refs[0]), refs[0].name, refs[0].type, refs[0].country) if refs else (None,) * 4
        )
    )


def _actor_key(ref: ActorRef) -> str:
    """The actor an entry of event_actors counts for in the actors' list: its KB id, else its name
    (SQL's COALESCE(kb_id, name))."""
    return ref.kb_id if ref.kb_id is not None else ref.name


def _actor_tallies(results: Iterable[Result]) -> tuple[dict[str, int], dict[tuple[str, str, str], int]]:
    """What documents add to actor_counts and actor_names (migration 7): {actor: events it takes
    part in}, {(actor, casefolded name, casefolded KB id or ''): entries}."""
    events: dict[str, int] = {}
    names: dict[tuple[str, str, str], int] = {}
    for result in results:
        for event in result.events:
            refs = (*event.actor1, *event.actor2, *event.associated)
            for actor in {_actor_key(ref) for ref in refs}:
                events[actor] = events.get(actor, 0) + 1
            for ref in refs:
                key = (_actor_key(ref), _fold(ref.name), _fold(ref.kb_id) or "")
                names[key] = names.get(key, 0) + 1
    return events, names


def _node_name(key: str, name: str, type_: str | None, country: str | None) -> str:
    """The name a node shows: one of its actors', or the crowd's for a merged collective node."""
    if key.partition(":")[0] == type_ and type_ in COLLECTIVE_ACTORS:
        return collective_name(type_, country)
    return name


def date_bounds(value: str | None) -> tuple[str | None, str | None]:
    """The first and last ISO day an extracted date can mean, or (None, None).

    Takes YYYY-MM-DD, YYYY-MM, YYYY, an ISO week YYYY-Www, or an interval "start/end" of these.
    """
    if not value:
        return None, None
    if "/" in value:
        first, _, last = value.partition("/")
        return date_bounds(first.strip())[0], date_bounds(last.strip())[1]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = date.fromisoformat(value)
            return day.isoformat(), day.isoformat()
        if re.fullmatch(r"\d{4}-\d{2}", value):
            year, month = int(value[:4]), int(value[5:])
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1).isoformat(), date(year, month, last).isoformat()
        if re.fullmatch(r"\d{4}", value):
            return f"{value}-01-01", f"{value}-12-31"
        if re.fullmatch(r"\d{4}-W\d{2}", value):
            monday = date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
            return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
    except ValueError:
        pass
    return None, None


@dataclass
class _Cell:
    """A map cell being summed up from its rows (one per type and place)."""

    count: int = 0
    lat_sum: float = 0.0
    lon_sum: float = 0.0
    types: dict[str, int] = dataclasses.field(default_factory=dict)
    places: dict[int | None, int] = dataclasses.field(default_factory=dict)  # by GeoNames id

    def add(self, type_: str, geonameid: int | None, n: int, lat_sum: float, lon_sum: float) -> None:
        self.count += n
        self.lat_sum += lat_sum
        self.lon_sum += lon_sum
        self.types[type_] = self.types.get(type_, 0) + n
        self.places[geonameid] = self.places.get(geonameid, 0) + n

    @property
    def busiest(self) -> int | None:
        """The GeoNames id of the place with most events (None: places without an id)."""
        return min(self.places, key=lambda gid: (-self.places[gid], gid is None, gid or 0))

    def cell(self, names: dict[int, str]) -> MapCell:
        busiest = self.busiest
        return MapCell(
            lat=self.lat_sum / self.count,
            lon=self.lon_sum / self.count,
            count=self.count,
            types=tuple(sorted(self.types.items(), key=lambda item: (-item[1], item[0]))),
            place=names.get(busiest) if busiest is not None else None,
            geonameid=busiest,
            places=len(self.places),
        )


def _fold(text: str | None) -> str | None:
    return text.casefold() if text is not None else None


def _after_count(cursor: str | None, count: str, key: str, clause: str = "HAVING") -> tuple[str, list[Any]]:
    """The HAVING (or WHERE) clause and its parameters of a page that goes on after ``cursor`` in a
    list ordered by ``count`` descending, then ``key``; no clause for the first page."""
    if cursor is None:
        return "", []
    n, after = decode_cursor(cursor, (int, str))
    return f" {clause} {count} < ? OR ({count} = ? AND {key} > ?)", [n, n, after]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _spans_json(spans: Iterable[TextSpan]) -> str:
    return _json([{"text": s.text, "start": s.start, "end": s.end} for s in spans])


def _spans(raw: str) -> tuple[TextSpan, ...]:
    return tuple(TextSpan(m["text"], m["start"], m["end"]) for m in json.loads(raw))


class SQLStore(Store):
    """A store on a DB-API connection in autocommit mode; transactions are explicit."""

    driver_error: type[Exception] | tuple[type[Exception], ...] = Exception
    dialect = "sql"  # names the backend's own statements of a migration (Migration.backend_sql)

    def __init__(self, connection: Any, location: str):
        self._connection = connection
        self.location = location

    # --- dialect hooks -------------------------------------------------------------------

    def _sql(self, query: str) -> str:
        """The query in the driver's placeholder style (written with ``?``)."""
        return query

    def _begin_write(self) -> None:
        """Start a transaction that will write."""
        self._execute("BEGIN")

    def _stream(self, query: str, params: Sequence[Any] = ()) -> Iterator[list[tuple]]:
        """Rows of a query in chunks, without reading the whole result into memory."""
        cursor = self._db.cursor()
        try:
            cursor.execute(self._sql(query), tuple(params))
            while rows := cursor.fetchmany(_CHUNK):
                yield rows
        finally:
            try:
                cursor.close()
            except self.driver_error:
                pass  # the store was closed while the stream was open

    # --- plumbing ------------------------------------------------------------------------

    @property
    def _db(self) -> Any:
        if self._connection is None:
            raise StoreError(f"{self.location}: the store is closed")
        return self._connection

    def _execute(self, query: str, params: Sequence[Any] = ()) -> Any:
        return self._db.execute(self._sql(query), tuple(params))

    def _executemany(self, query: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            cursor = self._db.cursor()
            try:
                cursor.executemany(self._sql(query), rows)
            finally:
                cursor.close()

    def _insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        marks = ", ".join("?" for _ in columns)
        self._executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def _rollback(self) -> None:
        try:
            self._execute("ROLLBACK")
        except self.driver_error:
            pass  # no transaction was open, or the connection is gone: nothing to undo

    def _fail(self, doing: str, exc: Exception) -> StoreError:
        return StoreError(f"{self.location}: {doing}: {exc}")

    # --- migrations ----------------------------------------------------------------------

    def _applied_versions(self) -> set[int]:
        try:
            return {row[0] for row in self._execute("SELECT version FROM schema_version").fetchall()}
        except self.driver_error:
            return set()  # a new database: the table does not exist yet

    def _migrate(self) -> None:
        """Apply the migrations this database lacks, in order, in one transaction."""
        newest = MIGRATIONS[-1].version
        applied = self._applied_versions()
        if applied and max(applied) > newest:
            raise StoreError(
                f"{self.location}: the database has schema version {max(applied)}, newer than this "
                f"eventlens knows ({newest}); upgrade eventlens"
            )
        if all(m.version in applied for m in MIGRATIONS):
            return
        try:
            self._begin_write()
            self._execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            # Another process may have migrated while this one waited for the write lock.
            applied = {row[0] for row in self._execute("SELECT version FROM schema_version").fetchall()}
            for migration in MIGRATIONS:
                if migration.version in applied:
                    continue
                migration.apply(self._execute, self._executemany, self.dialect)
                self._execute(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, datetime.now(UTC).isoformat()),
                )
            self._execute("COMMIT")
        except self.driver_error as exc:
            self._rollback()
            raise self._fail("cannot create or upgrade the schema", exc) from exc

    def schema_versions(self) -> list[tuple[int, str, str]]:
        """The applied migrations: (version, name, applied_at), oldest first."""
        rows = self._execute("SELECT version, name, applied_at FROM schema_version ORDER BY version")
        return [tuple(row) for row in rows.fetchall()]

    # --- writing -------------------------------------------------------------------------

    def has_document(self, document_id: str) -> bool:
        try:
            row = self._execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone()
        except self.driver_error as exc:
            raise self._fail("cannot read", exc) from exc
        return row is not None

    def write_result(self, result: Result) -> bool:
        doc = result.document
        try:
            self._begin_write()
        except self.driver_error as exc:
            raise self._fail(f"cannot store document {doc.id!r}", exc) from exc
        try:
            if self._execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone():
                self._rollback()
                return False
            self._write_rows([result])
            self._execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, self.driver_error):
                raise self._fail(f"cannot store document {doc.id!r}, nothing of it was stored", exc) from exc
            raise
        return True

    def _write_rows(self, results: Sequence[Result]) -> None:
        """The rows of documents not stored yet, in the caller's transaction: each document's,
        then what they add to the actors' counts."""
        for result in results:
            self._write_document(result)
        events, names = _actor_tallies(results)
        # In the actors' order, the same in every writer: concurrent writers (PostgreSQL) that
        # add to the same actors wait for one another instead of deadlocking.
        self._executemany(
            "INSERT INTO actor_counts (actor, events) VALUES (?, ?) "
            "ON CONFLICT (actor) DO UPDATE SET events = actor_counts.events + excluded.events",
            sorted(events.items()),
        )
        self._executemany(
            "INSERT INTO actor_names (actor, name_fold, kb_id_fold, entries) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (actor, name_fold, kb_id_fold) DO UPDATE SET entries = actor_names.entries + excluded.entries",
            [(*key, n) for key, n in sorted(names.items())],
        )

    def _write_document(self, result: Result) -> None:
        doc = result.document
        self._insert(
            "documents",
            DOCUMENT_COLUMNS,
            [
                (
                    doc.id,
                    doc.source,
                    doc.url,
                    doc.outlet,
                    doc.title,
                    doc.published.isoformat() if doc.published else None,
                    doc.language,
                    doc.text,
                    _json(list(doc.boilerplate_removed)),
                    datetime.now(UTC).isoformat(),
                )
            ],
        )
        self._insert(
            "events",
            EVENT_COLUMNS + EVENT_FOLD_COLUMNS + EVENT_NETWORK_COLUMNS,
            [
                self._event_row(doc.id, position, event) + _network_row(event)
                for position, event in enumerate(result.events)
            ],
        )
        self._insert(
            "event_actors",
            EVENT_ACTOR_COLUMNS,
            [
                (
                    doc.id,
                    event.id,
                    role,
                    i,
                    ref.name,
                    ref.kb_id,
                    ref.type,
                    ref.country,
                    ref.text,
                    _fold(ref.name),
                    _fold(ref.kb_id),
                    _fold(ref.text),
                    _node_key(ref),
                )
                for event in result.events
                for role in ROLES
                for i, ref in enumerate(getattr(event, role))
            ],
        )
        self._insert(
            "actors",
            ACTOR_COLUMNS,
            [
                (
                    doc.id,
                    i,
                    a.name,
                    a.kb_id,
                    a.type,
                    a.country,
                    _spans_json(a.mentions),
                    _json([list(r) for r in a.relations]),
                )
                for i, a in enumerate(result.actors)
            ],
        )
        self._insert(
            "places",
            PLACE_COLUMNS,
            [
                (doc.id, i, *_place_values(p.place), _spans_json(p.mentions))
                for i, p in enumerate(result.places)
            ],
        )

    @staticmethod
    def _event_row(document_id: str, position: int, e: Event) -> tuple:
        start, end = date_bounds(e.date)
        p = e.place
        place = _place_values(p) if p is not None else (None,) * len(PLACE_FIELDS)
        return (
            document_id,
            e.id,
            position,
            e.type,
            e.mode,
            e.acled_type,
            e.acled_subtype,
            e.date,
            start,
            end,
            e.time_precision,
            bool(e.historical),
            e.modality,
            e.attribution.outlet,
            e.attribution.speaker,
            e.attribution.sourcing,
            e.fatalities,
            e.confidence,
            e.evidence.text,
            e.evidence.start,
            e.evidence.end,
            *place,
            evidence_words(e.evidence.text),
            _fold(p.name if p else None),
            _fold(p.text if p else None),
            _fold(p.admin1 if p else None),
        )

    # --- reading -------------------------------------------------------------------------

    @staticmethod
    def _document(row: Sequence[Any]) -> Document:
        r = dict(zip(DOCUMENT_COLUMNS, row, strict=True))
        return Document(
            id=r["id"],
            text=r["text"],
            source=r["source"],
            url=r["url"],
            outlet=r["outlet"],
            title=r["title"],
            published=date.fromisoformat(r["published"]) if r["published"] else None,
            language=r["language"],
            boilerplate_removed=tuple(json.loads(r["boilerplate_removed"])),
        )

    @staticmethod
    def _event(r: dict[str, Any], refs: _RefsByRole) -> Event:
        place = None
        if r["place_name"] is not None:
            place = Place(**{name: r[f"place_{name}"] for name in PLACE_FIELDS})
        return Event(
            id=r["id"],
            type=r["type"],
            mode=r["mode"],
            acled_type=r["acled_type"],
            acled_subtype=r["acled_subtype"],
            actor1=tuple(refs.get("actor1", ())),
            actor2=tuple(refs.get("actor2", ())),
            associated=tuple(refs.get("associated", ())),
            place=place,
            date=r["date"],
            time_precision=r["time_precision"],
            historical=bool(r["historical"]),
            modality=r["modality"],
            attribution=Attribution(
                outlet=r["attribution_outlet"],
                speaker=r["attribution_speaker"],
                sourcing=r["attribution_sourcing"],
            ),
            fatalities=r["fatalities"],
            confidence=r["confidence"],
            evidence=TextSpan(r["evidence_text"], r["evidence_start"], r["evidence_end"]),
        )

    def _actor_refs(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], _RefsByRole]:
        """The actor refs of the given (document id, event id) pairs, by pair and role, in order."""
        out: dict[tuple[str, str], _RefsByRole] = {}
        if not keys:
            return out
        where = " OR ".join("(document_id = ? AND event_id = ?)" for _ in keys)
        params = [value for key in keys for value in key]
        rows = self._execute(
            "SELECT document_id, event_id, role, name, kb_id, type, country, text FROM event_actors "
            f"WHERE {where} ORDER BY document_id, event_id, role, position",
            params,
        )
        for doc_id, event_id, role, name, kb_id, type_, country, text in rows.fetchall():
            out.setdefault((doc_id, event_id), {}).setdefault(role, []).append(
                ActorRef(name=name, kb_id=kb_id, type=type_, country=country, text=text)
            )
        return out

    def _documents_by_id(self, ids: Sequence[str]) -> dict[str, Document]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        query = f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents WHERE id IN ({marks})"
        rows = self._execute(query, ids)
        return {doc.id: doc for doc in map(self._document, rows.fetchall())}

    def result(self, document_id: str) -> Result | None:
        try:
            docs = self._documents_by_id([document_id])
            if not docs:
                return None
            rows = self._execute(
                f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE document_id = ? ORDER BY position",
                (document_id,),
            ).fetchall()
            records = [dict(zip(EVENT_COLUMNS, row, strict=True)) for row in rows]
            refs: dict[tuple[str, str], _RefsByRole] = {}
            for start in range(0, len(records), _CHUNK):
                refs.update(
                    self._actor_refs([(document_id, r["id"]) for r in records[start : start + _CHUNK]])
                )
            events = tuple(self._event(r, refs.get((document_id, r["id"]), {})) for r in records)
            actors = tuple(
                Actor(
                    name=name,
                    kb_id=kb_id,
                    type=type_,
                    country=country,
                    mentions=_spans(mentions),
                    relations=tuple(tuple(rel) for rel in json.loads(relations)),
                )
                for name, kb_id, type_, country, mentions, relations in self._execute(
                    "SELECT name, kb_id, type, country, mentions, relations FROM actors "
                    "WHERE document_id = ? ORDER BY position",
                    (document_id,),
                ).fetchall()
            )
            places = tuple(
                PlaceMentions(place=Place(*row[:-1]), mentions=_spans(row[-1]))
                for row in self._execute(
                    f"SELECT {', '.join(PLACE_COLUMNS[2:])} FROM places WHERE document_id = ? ORDER BY position",
                    (document_id,),
                ).fetchall()
            )
        except self.driver_error as exc:
            raise self._fail("cannot read", exc) from exc
        return Result(document=docs[document_id], events=events, actors=actors, places=places)

    # --- events: the corrected view -------------------------------------------------------

    def _distance(self, lat: float, lon: float) -> tuple[str, list[Any]]:
        """SQL for the great-circle km from (lat, lon) to ``e.place_lat/lon``, with its parameters.

        Portable trigonometry (PostgreSQL has it); SQLite's build may lack it, so SQLiteStore
        overrides this with a function it registers.
        """
        sql = (
            f"(2 * {EARTH_RADIUS_KM} * asin(sqrt("
            "power(sin(radians(e.place_lat - ?) / 2), 2) + cos(radians(?)) * cos(radians(e.place_lat)) "
            "* power(sin(radians(e.place_lon - ?) / 2), 2))))"
        )
        return sql, [lat, lat, lon]

    def _near_index(self, lat: float, lon: float, km: float) -> tuple[str, list[Any]] | None:
        """An indexed condition keeping at least the events within ``km`` of (lat, lon); None: none."""
        return None

    def _words(self, words: list[str]) -> tuple[str, list[Any]]:
        """SQL for events whose evidence has every word as a word or a word's beginning.

        Portable LIKE over evidence_words (a scan); a backend with a text index overrides this.
        """
        return words_like(words)

    def _events_source(self, conditions: EventConditions, order: EventOrder) -> str:
        """The FROM item of an events query with these conditions: the table; a backend may add a plan hint."""
        return "events e"

    def _count_source(self, conditions: EventConditions, index: str | None) -> str:
        """The FROM item of a count over events with these conditions, whose columns ``index``
        covers (None: no index covers them)."""
        return "events e"

    def _floor(self, sql: str) -> str:
        """SQL for the largest integer not above a non-negative number."""
        return f"floor({sql})"

    def _has_corrections(self) -> bool:
        return self._execute("SELECT 1 FROM corrections LIMIT 1").fetchone() is not None

    def _latest_corrections(
        self,
        fields: Sequence[str],
        keys: Sequence[EventKey] | None = None,
    ) -> dict[EventKey, dict[str, Any]]:
        """{(document id, event id): {field: stored JSON value}}: the latest correction of each field.

        Of every event (few are corrected), or of the given events only.
        """
        if not fields:
            return {}
        query = (
            "SELECT document_id, event_id, field, value FROM corrections "
            f"WHERE field IN ({', '.join('?' for _ in fields)})"
        )
        params: list[Any] = list(fields)
        if keys is not None:
            if not keys:
                return {}
            query += f" AND (document_id, event_id) IN (VALUES {', '.join('(?, ?)' for _ in keys)})"
            params += [part for key in keys for part in key]
        out: dict[EventKey, dict[str, Any]] = {}
        for doc_id, event_id, field, value in self._execute(query + " ORDER BY id", params).fetchall():
            out.setdefault((doc_id, event_id), {})[field] = json.loads(value)
        return out

    def _conditions(self, where: EventFilter | None) -> EventConditions:
        f = where or EventFilter()
        fields = [
            name
            for name, wanted in (
                ("actor1", f.actor is not None),
                ("actor2", f.actor is not None),
                ("type", f.type is not None),
                ("place", filters_place(f)),
            )
            if wanted
        ]
        latest = self._latest_corrections(fields) if self._has_corrections() else None
        return event_conditions(f, latest, self._distance, self._words, self._near_index)

    def _stored_events(
        self,
        query: str,
        params: Sequence[Any],
        limit: int | None,
    ) -> Iterator[tuple[tuple[str, str, int], StoredEvent]]:
        """(sort key, event) for the rows of an events query that selects EVENT_COLUMNS + its order's date.

        The sort key is the parts of a cursor; only a page's last one is ever encoded."""
        if limit == 0:
            return
        cache: OrderedDict[str, Document] = OrderedDict()
        emitted = 0
        any_corrections = self._has_corrections()
        for chunk in self._stream(query, params):
            records = [dict(zip(EVENT_COLUMNS, row, strict=False)) for row in chunk]
            keys = [(r["document_id"], r["id"]) for r in records]
            refs = self._actor_refs(keys)
            latest = self._latest_corrections(CORRECTABLE_FIELDS, keys) if any_corrections else {}
            missing = sorted({r["document_id"] for r in records} - cache.keys())
            cache.update(self._documents_by_id(missing))
            for row, r, key in zip(chunk, records, keys, strict=True):
                doc = cache[r["document_id"]]
                cache.move_to_end(doc.id)
                machine = self._event(r, refs.get(key, {}))
                fields = latest.get(key, {})
                stored = StoredEvent(doc, apply_corrections(machine, fields), machine, tuple(sorted(fields)))
                yield (row[len(EVENT_COLUMNS)], r["document_id"], r["position"]), stored
                emitted += 1
                if limit is not None and emitted >= limit:
                    return
            while len(cache) > _DOCUMENT_CACHE:
                cache.popitem(last=False)

    def _events_query(
        self,
        where: EventFilter | None,
        cursor: str | None = None,
        extra: Sequence[tuple[Any, ...]] = (),
        order: EventOrder = OLDEST_FIRST,
        one_by_one: bool = False,
    ) -> tuple[str, list[Any]]:
        """The query and parameters for the events of ``where`` after ``cursor``; ``extra``: (sql, *params)
        conditions; ``one_by_one``: the filter tests each event by itself (``extra`` lists a few)."""
        conditions = self._conditions(where)
        if one_by_one:
            conditions = conditions.each_event()
        for sql, *params in extra:
            conditions.add(sql, *params)
        if order.descending and where is not None and where.until is not None:
            # The same bound in the order's own terms, so that a walk of its index starts there.
            until = where.until.date() if isinstance(where.until, datetime) else where.until
            conditions.add(f"{order.date} <= ?", until.isoformat())
        if cursor is not None:
            after = decode_cursor(cursor, (str, str, int))
            conditions.add(order.after(), after[0], *after)
        query = (
            f"SELECT {', '.join('e.' + c for c in EVENT_COLUMNS)}, {order.date} "
            f"FROM {self._events_source(conditions, order)}{conditions.sql()} ORDER BY {order.sql()}"
        )
        return query, conditions.params

    def _apart(
        self, where: EventFilter | None, fields: Sequence[str]
    ) -> tuple[EventConditions, list[StoredEvent]]:
        """The conditions of the matching events none of whose ``fields`` an analyst corrected, and
        the matching events with a correction of one (few), in their corrected view.

        Aggregates count the first in SQL from the machine's columns, and the second in Python.
        """
        conditions = self._conditions(where)
        if not self._has_corrections():
            return conditions, []
        corrected = self._corrected_events(where, fields)
        conditions.add(
            "NOT EXISTS (SELECT 1 FROM corrections c WHERE c.document_id = e.document_id AND c.event_id = e.id "
            f"AND c.field IN ({', '.join(repr(f) for f in fields)}))"
        )
        return conditions, corrected

    def _corrected_events(self, where: EventFilter | None, fields: Sequence[str]) -> list[StoredEvent]:
        """The matching events with a correction of one of ``fields`` (few), in their corrected view:
        read through the corrections, each tested against the filter by itself."""
        touched = (
            "(e.document_id, e.id) IN (SELECT c.document_id, c.event_id FROM corrections c "
            f"WHERE c.field IN ({', '.join(repr(f) for f in fields)}))"
        )
        query, params = self._events_query(where, extra=[(touched,)], one_by_one=True)
        return [stored for _, stored in self._stored_events(query, params, None)]

    def events(
        self,
        where: EventFilter | None = None,
        *,
        limit: int | None = None,
    ) -> Iterator[tuple[Document, Event]]:
        if limit is not None and limit < 0:
            raise ValueError(f"limit must not be negative, got {limit}")
        query, params = self._events_query(where)
        if limit is not None:
            query += f" LIMIT {int(limit)}"

        def stream() -> Iterator[tuple[Document, Event]]:
            try:
                for _, stored in self._stored_events(query, params, limit):
                    yield stored.document, stored.event
            except self.driver_error as exc:
                raise self._fail("cannot read events", exc) from exc

        return stream()

    def event_page(
        self,
        where: EventFilter | None = None,
        *,
        limit: int = 100,
        cursor: str | None = None,
        order: str = "oldest",
    ) -> Page[StoredEvent]:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        sort = event_order(order)
        try:
            query, params = self._events_query(where, cursor, order=sort)
            rows = list(self._stored_events(f"{query} LIMIT {int(limit) + 1}", params, limit + 1))
        except self.driver_error as exc:
            raise self._fail("cannot read events", exc) from exc
        more = len(rows) > limit
        rows = rows[:limit]
        return Page(tuple(stored for _, stored in rows), encode_cursor(*rows[-1][0]) if more else None)

    def event(self, document_id: str, event_id: str) -> StoredEvent | None:
        try:
            query, params = self._events_query(
                EventFilter(document=document_id), extra=[("e.id = ?", event_id)]
            )
            found = list(self._stored_events(query, params, 1))
        except self.driver_error as exc:
            raise self._fail("cannot read events", exc) from exc
        return found[0][1] if found else None

    # --- corrections ---------------------------------------------------------------------

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
        stored = correction_json(field, value)
        try:
            self._begin_write()
        except self.driver_error as exc:
            raise self._fail("cannot store the correction", exc) from exc
        try:
            if (
                self._execute(
                    "SELECT 1 FROM events WHERE document_id = ? AND id = ?", (document_id, event_id)
                ).fetchone()
                is None
            ):
                raise StoreError(f"no event {event_id!r} in document {document_id!r}")
            (new_id,) = self._execute("SELECT COALESCE(MAX(id), 0) + 1 FROM corrections").fetchone()
            correction = Correction(
                id=int(new_id),
                document_id=document_id,
                event_id=event_id,
                field=field,
                value=stored,
                analyst=analyst,
                note=note,
                created_at=datetime.now(UTC).isoformat(),
            )
            self._insert(
                "corrections",
                _CORRECTION_COLUMNS,
                [
                    (
                        correction.id,
                        document_id,
                        event_id,
                        field,
                        _json(stored),
                        analyst,
                        note,
                        correction.created_at,
                    )
                ],
            )
            self._execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, self.driver_error):
                raise self._fail("cannot store the correction", exc) from exc
            raise
        return correction

    def corrections(self, document_id: str, event_id: str) -> list[Correction]:
        try:
            rows = self._execute(
                f"SELECT {', '.join(_CORRECTION_COLUMNS)} FROM corrections "
                "WHERE document_id = ? AND event_id = ? ORDER BY id",
                (document_id, event_id),
            ).fetchall()
        except self.driver_error as exc:
            raise self._fail("cannot read corrections", exc) from exc
        return [
            Correction(
                id=cid,
                document_id=doc_id,
                event_id=ev_id,
                field=field,
                value=json.loads(value),
                analyst=analyst,
                note=note,
                created_at=created,
            )
            for cid, doc_id, ev_id, field, value, analyst, note, created in rows
        ]

    # --- aggregates ----------------------------------------------------------------------

    def histogram(self, where: EventFilter | None = None, *, bucket: str = "month") -> Histogram:
        if bucket not in _HISTOGRAM_BUCKETS:
            raise ValueError(f"bucket is one of {', '.join(_HISTOGRAM_BUCKETS)}; got {bucket!r}")
        conditions = self._conditions(where)
        query = (
            "SELECT e.date_start, COUNT(*), SUM(COALESCE(e.fatalities, 0)) "
            f"FROM {self._count_source(conditions, 'events_date_start')}{conditions.sql()} GROUP BY e.date_start"
        )
        try:
            rows = self._execute(query, conditions.params).fetchall()
        except self.driver_error as exc:
            raise self._fail("cannot count events", exc) from exc
        counts: dict[date, list[int]] = {}
        undated = [0, 0]
        for day, n, dead in rows:
            if day is None:
                undated = [undated[0] + int(n), undated[1] + int(dead)]
                continue
            start = date.fromisoformat(day)
            if bucket == "week":
                start -= timedelta(days=start.weekday())
            elif bucket == "month":
                start = start.replace(day=1)
            total = counts.setdefault(start, [0, 0])
            total[0] += int(n)
            total[1] += int(dead)
        bins = tuple(HistogramBin(start, n, dead) for start, (n, dead) in sorted(counts.items()))
        return Histogram(bucket, bins, undated[0], undated[1])

    def clusters(
        self,
        where: EventFilter | None = None,
        *,
        cell: float,
        view: tuple[float, float, float, float] | None = None,
    ) -> MapClusters:
        if not (isinstance(cell, int | float) and math.isfinite(cell) and 0 < cell <= 360):
            raise ValueError(f"cell must be a number of degrees above 0 and at most 360, got {cell!r}")
        cell = float(cell)
        if view is not None:
            check_view(view)
        conditions, corrected = self._apart(where, ("type", "place"))
        source = self._count_source(conditions, None)
        unplaced_query = None
        if view is not None:
            # The events without coordinates are outside every view: counted apart.
            unplaced_query = f"SELECT COUNT(*) FROM {source}{conditions.sql()}"
            unplaced_query += (" AND " if conditions.where else " WHERE ") + "e.place_lat IS NULL"
            unplaced_params = list(conditions.params)
            view_sql, view_params = bbox_sql(view)
            conditions.add(
                f"e.place_lat IS NOT NULL AND e.place_lon IS NOT NULL AND {view_sql}", *view_params
            )
        # The events are first counted per place and type (the events_map index's order, so no
        # sort), then those counts per cell: the cost is a walk of the index, not a sort of events.
        # Without a view, the events without coordinates are counted in the same walk: their cell
        # is NULL (one read of the matching events, which an actor filter lists only once).
        # The cell's column and row, from -180 and -90 (a float literal: the cell is a checked number).
        column = self._floor(f"(p.lon + 180) / {cell!r}")
        row = self._floor(f"(p.lat + 90) / {cell!r}")
        query = (
            f"SELECT {column}, {row}, p.type, p.gid, SUM(p.n), SUM(p.lat * p.n), SUM(p.lon * p.n) "
            "FROM (SELECT e.place_lat AS lat, e.place_lon AS lon, e.type AS type, "
            "e.place_geonameid AS gid, COUNT(*) AS n "
            f"FROM {source}{conditions.sql()} GROUP BY e.place_lat, e.place_lon, e.type, e.place_geonameid) AS p "
            "GROUP BY 1, 2, 3, 4"
        )
        try:
            rows = self._execute(query, conditions.params).fetchall()
            unplaced = 0
            if unplaced_query is not None:
                unplaced = int(self._execute(unplaced_query, unplaced_params).fetchone()[0])
        except self.driver_error as exc:
            raise self._fail("cannot count events on the map", exc) from exc
        cells: dict[tuple[int, int], _Cell] = {}
        for x, y, type_, gid, n, lat_sum, lon_sum in rows:
            if y is None:  # no latitude: no place on the map
                unplaced += int(n)
                continue
            if x is None:  # a latitude without a longitude is on no map and counted nowhere
                continue
            gid = int(gid) if gid is not None else None
            cells.setdefault((int(x), int(y)), _Cell()).add(type_, gid, int(n), lat_sum, lon_sum)
        for stored in corrected:
            place = stored.event.place
            if place is None or place.lat is None or place.lon is None:
                unplaced += 1
                continue
            if view is not None and not in_bbox(place.lat, place.lon, view):
                continue
            key = (int((place.lon + 180) // cell), int((place.lat + 90) // cell))
            cells.setdefault(key, _Cell()).add(stored.event.type, place.geonameid, 1, place.lat, place.lon)
        names = self._place_names([c.busiest for c in cells.values() if c.busiest is not None])
        return MapClusters(
            cell=cell, cells=tuple(c.cell(names) for _, c in sorted(cells.items())), unplaced=unplaced
        )

    def _place_names(self, geonameids: Sequence[int]) -> dict[int, str]:
        """The stored name of each GeoNames id (one index probe and one row each)."""
        names: dict[int, str] = {}
        ids = sorted(set(geonameids))
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            one = "SELECT ?, (SELECT e.place_name FROM events e WHERE e.place_geonameid = ? LIMIT 1)"
            rows = self._execute(
                " UNION ALL ".join(one for _ in chunk), [i for gid in chunk for i in (gid, gid)]
            )
            rows = rows.fetchall()
            names.update({int(gid): name for gid, name in rows if name is not None})
        return names

    def regions(self, where: EventFilter | None = None) -> tuple[RegionCount, ...]:
        conditions, corrected = self._apart(where, ("place",))
        query = (
            "SELECT e.place_country, e.place_admin1, COUNT(*), SUM(COALESCE(e.fatalities, 0)) "
            f"FROM {self._count_source(conditions, 'events_region')}{conditions.sql()} "
            "GROUP BY e.place_country, e.place_admin1"
        )
        try:
            rows = self._execute(query, conditions.params).fetchall()
        except self.driver_error as exc:
            raise self._fail("cannot count events per region", exc) from exc
        counts: dict[tuple[str | None, str | None], list[int]] = {}
        for country, admin1, n, dead in rows:
            counts[(country, admin1)] = [int(n), int(dead)]
        for stored in corrected:
            place = stored.event.place
            key = (place.country, place.admin1) if place is not None else (None, None)
            total = counts.setdefault(key, [0, 0])
            total[0] += 1
            total[1] += stored.event.fatalities or 0
        return tuple(
            RegionCount(country, admin1, n, dead)
            for (country, admin1), (n, dead) in sorted(
                counts.items(), key=lambda item: (-item[1][0], item[0][0] or "\uffff", item[0][1] or "\uffff")
            )
        )

    def network(self, where: EventFilter | None = None) -> Network:
        conditions = self._conditions(where)
        # Events with a corrected type or actor are counted below, from their corrected view.
        touched = (
            "EXISTS (SELECT 1 FROM corrections c WHERE c.document_id = e.document_id AND c.event_id = e.id "
            f"AND c.field IN ({', '.join(repr(f) for f in _NETWORK_FIELDS)}))"
        )
        # A seek per edge tests its events one by one (an actor filter too); a condition with an IN
        # subquery (words) would be computed again for each edge.
        seek = not any("IN (SELECT" in condition for condition in conditions.each_event().where)
        any_corrections = self._has_corrections()
        if any_corrections:
            conditions.add(f"NOT {touched}")
        # {node: [count, {(name, type, country)}]}: each node's names are chosen by the database's MIN.
        found: dict[str, list[Any]] = {}
        # {edge: [count, [(order, event key)]]}: at most NETWORK_EDGE_EVENTS first events each.
        edges: dict[tuple[str, str, str], list[Any]] = {}
        try:
            self._plain_network(conditions, found, edges, seek)
            self._rest_network(conditions, found, edges)
            names = self._node_names({key: node[1] for key, node in found.items()})
            corrected = self._corrected_events(where, _NETWORK_FIELDS) if any_corrections else []
        except self.driver_error as exc:
            raise self._fail("cannot read the network", exc) from exc
        nodes = {
            key: [_node_name(key, *names[key]), names[key][1], names[key][2], n]
            for key, (n, _) in found.items()
        }
        edges = {edge: [n, [key for _, key in first]] for edge, (n, first) in edges.items()}
        for stored in corrected:
            event = stored.event
            seen: set[str] = set()
            for ref in (*event.actor1, *event.actor2, *event.associated):
                key = _node_key(ref)
                node = nodes.setdefault(
                    key, [_node_name(key, ref.name, ref.type, ref.country), ref.type, ref.country, 0]
                )
                if key not in seen:
                    node[3] += 1
                    seen.add(key)
            for a1 in event.actor1:
                for a2 in event.actor2:
                    edge = edges.setdefault((_node_key(a1), _node_key(a2), event.type), [0, []])
                    edge[0] += 1
                    if len(edge[1]) < NETWORK_EDGE_EVENTS:
                        edge[1].append(stored.key)
        return Network(
            nodes=tuple(
                NetworkNode(key, name, type_, country, n)
                for key, (name, type_, country, n) in sorted(
                    nodes.items(), key=lambda item: (-item[1][3], item[0])
                )
            ),
            edges=tuple(
                NetworkEdge(source, target, type_, n, tuple(keys))
                for (source, target, type_), (n, keys) in sorted(
                    edges.items(), key=lambda item: (-item[1][0], item[0])
                )
            ),
        )

    def _plain_network(
        self,
        conditions: EventConditions,
        found: dict[str, list[Any]],
        edges: dict[tuple[str, str, str], list[Any]],
        seek: bool,
    ) -> None:
        """Add the nodes and edges of the matching plain events, from the events_network index alone:
        one walk counts each (source, target, type) and takes its names, a seek per edge its first events."""
        plain = EventConditions(
            ["e.net_plain = 1", *conditions.where], list(conditions.params), dict(conditions.one_by_one)
        )
        groups = self._execute(
            "SELECT e.net_source, e.net_target, e.type, COUNT(*), MIN(e.net_source_name), MIN(e.net_source_type), "
            "MIN(e.net_source_country), MIN(e.net_target_name), MIN(e.net_target_type), MIN(e.net_target_country) "
            f"FROM {self._count_source(plain, 'events_network')}{plain.sql()} "
            "GROUP BY e.net_source, e.net_target, e.type",
            plain.params,
        ).fetchall()
        wanted = []
        for source, target, type_, n, *names in groups:
            n = int(n)
            for key, named in ((source, names[:3]), (target, names[3:])):
                if key is not None:
                    node = found.setdefault(key, [0, set()])
                    node[1].add(tuple(named))
            for key in {source, target} - {None}:
                found[key][0] += n  # once per event, also when an actor acts on itself
            if source is not None and target is not None:
                edges[(source, target, type_)] = [n, []]
                wanted.append((source, target, type_))
        for source, target, type_, doc_id, event_id, day, position, _ in self._first_events(
            plain, wanted, seek
        ):
            edges[(source, target, type_)][1].append(((day, doc_id, position), f"{doc_id}/{event_id}"))

    def _first_events(
        self, plain: EventConditions, wanted: list[tuple[str, str, str]], seek: bool
    ) -> Iterator[tuple[Any, ...]]:
        """(source, target, type, document id, event id, day, position) of the first matching plain
        events of each wanted edge, in the events' order.

        A seek per edge on the events_network index reads only those, testing them one by one; a
        condition with an IN subquery (words) would be computed again for each edge, so then one
        window over the matching events numbers them instead."""
        columns = f"e.net_source, e.net_target, e.type, e.document_id, e.id, {DATE_ORDER}, e.position"
        if not seek:
            yield from self._execute(
                f"SELECT * FROM (SELECT {columns}, ROW_NUMBER() OVER (PARTITION BY e.net_source, e.net_target, "
                f"e.type ORDER BY {EVENT_ORDER}) AS rn FROM events e{plain.sql()} "
                f"AND e.net_source IS NOT NULL AND e.net_target IS NOT NULL) AS x WHERE rn <= {NETWORK_EDGE_EVENTS}",
                plain.params,
            ).fetchall()
            return
        one = (
            f"SELECT * FROM (SELECT {columns}, 0 FROM events e{plain.each_event().sql()} "
            f"AND e.net_source = ? AND e.net_target = ? AND e.type = ? ORDER BY {EVENT_ORDER} "
            f"LIMIT {NETWORK_EDGE_EVENTS}) AS x"
        )
        # As many edges a query as the parameters allow (SQLite's limit is 32,766).
        per_query = max(1, min(_CHUNK, 30_000 // (len(plain.params) + 3)))
        for start in range(0, len(wanted), per_query):
            chunk = wanted[start : start + per_query]
            yield from self._execute(
                " UNION ALL ".join(one for _ in chunk), [p for edge in chunk for p in (*plain.params, *edge)]
            ).fetchall()

    def _rest_network(
        self,
        conditions: EventConditions,
        found: dict[str, list[Any]],
        edges: dict[tuple[str, str, str], list[Any]],
    ) -> None:
        """Add the nodes and edges of the matching events that are not plain (few), through their actors."""
        # Few events, each tested by itself (an actor filter without its list of every match).
        each = conditions.each_event()
        rest = f" IN (SELECT e.document_id, e.id FROM events e WHERE e.net_plain = 0{''.join(' AND ' + c for c in each.where)})"
        nodes_query = (
            "SELECT ea.node_key, MIN(ea.name), MIN(ea.type), MIN(ea.country), "
            "COUNT(DISTINCT ea.document_id || '/' || ea.event_id) FROM event_actors ea "
            f"WHERE (ea.document_id, ea.event_id){rest} GROUP BY ea.node_key"
        )
        for key, name, type_, country, n in self._execute(nodes_query, conditions.params).fetchall():
            node = found.setdefault(key, [0, set()])
            node[0] += int(n)
            node[1].add((name, type_, country))
        edge_key = "a1.node_key, a2.node_key, e.type"
        edges_query = (
            "SELECT source, target, type, n, document_id, event_id, day, position FROM ("
            "SELECT a1.node_key AS source, a2.node_key AS target, e.type AS type, "
            f"e.document_id AS document_id, e.id AS event_id, {DATE_ORDER} AS day, e.position AS position, "
            f"COUNT(*) OVER (PARTITION BY {edge_key}) AS n, "
            f"ROW_NUMBER() OVER (PARTITION BY {edge_key} ORDER BY {EVENT_ORDER}) AS rn "
            "FROM events e "
            "JOIN event_actors a1 ON a1.document_id = e.document_id AND a1.event_id = e.id AND a1.role = 'actor1' "
            "JOIN event_actors a2 ON a2.document_id = e.document_id AND a2.event_id = e.id AND a2.role = 'actor2' "
            f"WHERE (e.document_id, e.id){rest}) AS x "
            f"WHERE rn <= {NETWORK_EDGE_EVENTS} ORDER BY source, target, type, rn"
        )
        merged = set()
        for source, target, type_, n, doc_id, event_id, day, position in self._execute(
            edges_query, conditions.params
        ):
            edge = edges.setdefault((source, target, type_), [0, []])
            if (source, target, type_) not in merged:
                edge[0] += int(n)
                merged.add((source, target, type_))
            edge[1].append(((day, doc_id, position), f"{doc_id}/{event_id}"))
        for key in merged:  # the first events of both kinds, in the events' order
            edges[key][1] = sorted(edges[key][1])[:NETWORK_EDGE_EVENTS]

    def _node_names(self, candidates: dict[str, set[tuple[Any, ...]]]) -> dict[str, tuple[Any, Any, Any]]:
        """{node: (MIN(name), MIN(type), MIN(country))} over each node's candidate rows, as the
        database orders text (its collation), so the network names a node as one query over its rows would."""
        out: dict[str, tuple[Any, Any, Any]] = {}
        keys = list(candidates)
        while keys:
            # Whole nodes a query, so that each MIN sees all of its node's rows.
            rows: list[tuple[Any, ...]] = []
            while keys and (not rows or len(rows) + len(candidates[keys[-1]]) <= _CHUNK):
                key = keys.pop()
                rows += [(key, *named) for named in candidates[key]]
            values = ", ".join("(?, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))" for _ in rows)
            for key, name, type_, country in self._execute(
                f"SELECT column1, MIN(column2), MIN(column3), MIN(column4) FROM (VALUES {values}) AS v GROUP BY column1",
                [p for row in rows for p in row],
            ):
                out[key] = (name, type_, country)
        return out

    # --- actors, places, documents --------------------------------------------------------

    def actors(
        self,
        *,
        query: str | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> Page[ActorSummary]:
        # The busiest actors are read from actor_counts in its index's order (migration 7). A search
        # reads the actors' spellings: an actor whose every spelling matches counts all its events;
        # one whose other spellings do not (a KB actor's alias) counts the events of its matching
        # entries, from the event_actors_search index alone. Each actor's name, type and country
        # then come from its first row.
        if query is not None and query.strip():
            matches = "({0}name_fold LIKE ? ESCAPE '\\' OR {0}kb_id_fold LIKE ? ESCAPE '\\')"
            counted = (
                "SELECT s.actor AS actor, CASE WHEN MIN(s.hit) = 1 "
                "THEN (SELECT c.events FROM actor_counts c WHERE c.actor = s.actor) "
                "ELSE (SELECT COUNT(*) FROM (SELECT DISTINCT ea.document_id, ea.event_id FROM event_actors ea "
                f"WHERE COALESCE(ea.kb_id, ea.name) = s.actor AND {matches.format('ea.')}) AS m) END AS events "
                f"FROM (SELECT actor, CASE WHEN {matches.format('')} THEN 1 ELSE 0 END AS hit FROM actor_names) AS s "
                "GROUP BY s.actor HAVING MAX(s.hit) = 1"
            )
            params: list[Any] = [like_pattern(query)] * 4
        else:
            counted, params = "SELECT actor, events FROM actor_counts", []
        after, after_params = _after_count(cursor, "events", "actor", clause="WHERE")
        sql = (
            f"SELECT actor, events FROM ({counted}) AS a{after} "
            f"ORDER BY events DESC, actor LIMIT {int(limit) + 1}"
        )
        first_row = (
            "SELECT name, kb_id, type, country FROM event_actors "
            "WHERE COALESCE(kb_id, name) = ? ORDER BY document_id, event_id LIMIT 1"
        )
        try:
            rows = self._execute(sql, [*params, *after_params]).fetchall()
            page = [(k, int(n), self._execute(first_row, (k,)).fetchone()) for k, n in rows[:limit]]
            relations = self._actor_relations([(kb_id, name) for _, _, (name, kb_id, _, _) in page])
        except self.driver_error as exc:
            raise self._fail("cannot read actors", exc) from exc
        items = tuple(
            ActorSummary(
                name=name,
                kb_id=kb_id,
                type=type_,
                country=country,
                event_count=n,
                relations=relations.get(k, ()),
            )
            for k, n, (name, kb_id, type_, country) in page
        )
        next_cursor = encode_cursor(page[-1][1], page[-1][0]) if len(rows) > limit else None
        return Page(items, next_cursor)

    def _actor_relations(
        self, actors: Sequence[tuple[str | None, str]]
    ) -> dict[str, tuple[tuple[str, str], ...]]:
        """The relations every document gives each (kb id, name) actor, by KB id or name, first seen first."""
        if not actors:
            return {}
        kb_ids = sorted({kb_id for kb_id, _ in actors if kb_id})
        names = sorted({name for kb_id, name in actors if not kb_id})
        # Each different list once (most documents repeat their actor's), in the order first seen:
        # per actor, a walk of its entries in the actors_relations index (migration 6), which
        # holds them grouped, where one query over all of them would read and sort every row.
        group = "SELECT kb_id, name, relations, MIN(document_id) AS d, MIN(position) AS p FROM actors WHERE "
        members = [group + "kb_id = ? GROUP BY kb_id, name, relations" for _ in kb_ids]
        members += [group + "kb_id IS NULL AND name = ? GROUP BY kb_id, name, relations" for _ in names]
        rows = self._execute(
            f"SELECT kb_id, name, relations FROM ({' UNION ALL '.join(members)}) AS r ORDER BY d, p",
            [*kb_ids, *names],
        ).fetchall()
        out: dict[str, dict[tuple[str, str], None]] = {}
        for kb_id, name, relations in rows:
            for relation, target in json.loads(relations):
                out.setdefault(kb_id or name, {})[(relation, target)] = None
        return {key: tuple(found) for key, found in out.items()}

    def places(
        self,
        *,
        query: str | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> Page[PlaceSummary]:
        where, params = " WHERE e.place_name IS NOT NULL", []
        if query is not None and query.strip():
            where += " AND (e.place_name_fold LIKE ? ESCAPE '\\' OR e.place_text_fold LIKE ? ESCAPE '\\')"
            params += [like_pattern(query)] * 2
        # A place is its GeoNames id, or its name when it has none (curated points, free text).
        key = "COALESCE(CAST(e.place_geonameid AS TEXT), e.place_name)"
        having, having_params = _after_count(cursor, "COUNT(*)", key)
        sql = (
            f"SELECT {key}, MIN(e.place_name), MIN(e.place_geonameid), MIN(e.place_lat), MIN(e.place_lon), "
            "MIN(e.place_country), MIN(e.place_admin1), MIN(e.place_precision), COUNT(*) "
            f"FROM events e{where} GROUP BY {key}{having} ORDER BY COUNT(*) DESC, {key} LIMIT {int(limit) + 1}"
        )
        try:
            rows = self._execute(sql, [*params, *having_params]).fetchall()
        except self.driver_error as exc:
            raise self._fail("cannot read places", exc) from exc
        page = rows[:limit]
        items = tuple(
            PlaceSummary(
                name=name,
                geonameid=gid,
                lat=lat,
                lon=lon,
                country=country,
                admin1=admin1,
                precision=precision,
                event_count=int(n),
            )
            for _, name, gid, lat, lon, country, admin1, precision, n in page
        )
        next_cursor = encode_cursor(int(page[-1][8]), page[-1][0]) if len(rows) > limit else None
        return Page(items, next_cursor)

    def document_page(self, *, limit: int = 100, cursor: str | None = None) -> Page[DocumentSummary]:
        where, params = "", []
        if cursor is not None:
            where = " WHERE (d.ingested_at, d.id) > (?, ?)"
            params = list(decode_cursor(cursor, (str, str)))
        sql = (
            "SELECT d.id, d.source, d.url, d.outlet, d.title, d.published, d.language, d.ingested_at, "
            "(SELECT COUNT(*) FROM events e WHERE e.document_id = d.id) "
            f"FROM documents d{where} ORDER BY d.ingested_at, d.id LIMIT {int(limit) + 1}"
        )
        try:
            rows = self._execute(sql, params).fetchall()
        except self.driver_error as exc:
            raise self._fail("cannot read documents", exc) from exc
        page = rows[:limit]
        items = tuple(
            DocumentSummary(
                id=doc_id,
                source=source,
                url=url,
                outlet=outlet,
                title=title,
                published=date.fromisoformat(published) if published else None,
                language=language,
                event_count=int(n),
            )
            for doc_id, source, url, outlet, title, published, language, _, n in page
        )
        next_cursor = encode_cursor(page[-1][7], page[-1][0]) if len(rows) > limit else None
        return Page(items, next_cursor)

    def summary(self) -> StoreSummary:
        try:
            (events,) = self._execute("SELECT COUNT(*) FROM events").fetchone()
            # Each from an index (the actors from their counts): the first and last day, and the
            # distinct values by one seek each.
            (first,) = self._execute("SELECT MIN(date_start) FROM events").fetchone()
            (last,) = self._execute("SELECT MAX(date_end) FROM events").fetchone()
            (actors,) = self._execute("SELECT COUNT(*) FROM actor_counts").fetchone()
            (with_id,) = self._execute("SELECT COUNT(DISTINCT place_geonameid) FROM events").fetchone()
            (without_id,) = self._execute(
                "SELECT COUNT(DISTINCT place_name) FROM events WHERE place_geonameid IS NULL AND place_name IS NOT NULL"
            ).fetchone()
            types = {self._spelled("type", folded) for folded in self._distinct("lower(type)")}
            types |= {
                json.loads(row[0])
                for row in self._execute(
                    "SELECT DISTINCT value FROM corrections WHERE field = 'type'"
                ).fetchall()
            }
            acled = [self._spelled("acled_type", folded) for folded in self._distinct("lower(acled_type)")]
        except self.driver_error as exc:
            raise self._fail("cannot read", exc) from exc
        return StoreSummary(
            events=int(events),
            documents=self.count_documents(),
            actors=int(actors),
            places=int(with_id) + int(without_id),
            types=tuple(sorted(types)),
            acled_types=tuple(sorted(acled)),
            date_range=(date.fromisoformat(first), date.fromisoformat(last)) if first and last else None,
        )

    def _distinct(self, indexed: str) -> list[Any]:
        """The distinct values (not NULL) of an indexed expression of events, in order: a seek per
        value on its index, where DISTINCT would read every event."""
        rows = self._execute(
            f"WITH RECURSIVE d (v) AS (SELECT MIN({indexed}) FROM events UNION ALL "
            f"SELECT (SELECT MIN({indexed}) FROM events WHERE {indexed} > d.v) FROM d WHERE d.v IS NOT NULL) "
            "SELECT v FROM d WHERE v IS NOT NULL"
        ).fetchall()
        return [row[0] for row in rows]

    def _spelled(self, column: str, folded: str) -> str:
        """The stored spelling of a column's value whose lower() is ``folded`` (one index seek)."""
        return self._execute(
            f"SELECT {column} FROM events WHERE lower({column}) = ? LIMIT 1", (folded,)
        ).fetchone()[0]

    def documents(self) -> Iterator[Document]:
        query = f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents ORDER BY ingested_at, id"

        def stream() -> Iterator[Document]:
            try:
                for chunk in self._stream(query):
                    yield from map(self._document, chunk)
            except self.driver_error as exc:
                raise self._fail("cannot read documents", exc) from exc

        return stream()

    def _count(self, table: str) -> int:
        try:
            return int(self._execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        except self.driver_error as exc:
            raise self._fail("cannot read", exc) from exc

    def count_events(self) -> int:
        return self._count("events")

    def count_documents(self) -> int:
        return self._count("documents")

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
