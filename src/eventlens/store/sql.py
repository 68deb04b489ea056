"""The store over any SQL database: portable SQL, record mapping and the migration runner.

Everything that differs between databases (connecting, placeholders, how a write transaction
starts, the driver's exception class, how rows are streamed) is a hook that a backend such as
``SQLiteStore`` overrides. Queries are written with ``?`` placeholders; ``_sql`` translates them.
"""

from __future__ import annotations

import calendar
import json
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from typing import Any

from eventlens.errors import StoreError
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
from eventlens.store.distance import bounding_box, haversine_km

DOCUMENT_COLUMNS = (
    "id", "source", "url", "outlet", "title", "published", "language", "text",
    "boilerplate_removed", "ingested_at",
)
EVENT_COLUMNS = (
    "document_id", "id", "position", "type", "mode", "acled_type", "acled_subtype",
    "date", "date_start", "date_end", "time_precision", "historical", "modality",
    "attribution_outlet", "attribution_speaker", "attribution_sourcing",
    "fatalities", "confidence", "evidence_text", "evidence_start", "evidence_end",
    "place_name", "place_geonameid", "place_lat", "place_lon", "place_country",
    "place_admin1", "place_admin2", "place_precision", "place_text", "place_feature", "place_score",
)
EVENT_ACTOR_COLUMNS = (
    "document_id", "event_id", "role", "position", "name", "kb_id", "type", "country", "text",
    "name_fold", "kb_id_fold", "text_fold",
)
ACTOR_COLUMNS = ("document_id", "position", "name", "kb_id", "type", "country", "mentions", "relations")
PLACE_COLUMNS = (
    "document_id", "position", "name", "geonameid", "lat", "lon", "country", "admin1", "admin2",
    "geo_precision", "text", "feature", "score", "mentions",
)
ROLES = ("actor1", "actor2", "associated")

_MIGRATION_FILE = re.compile(r"^(\d+)_([A-Za-z0-9_]+)\.sql$")
_STATEMENT_END = re.compile(r";[ \t]*$", re.MULTILINE)
_RefsByRole = dict[str, list[ActorRef]]
_CHUNK = 200  # events read per round trip; also bounds the parameters of one query
_DOCUMENT_CACHE = 256  # documents kept while streaming events, most recently used first


@dataclass(frozen=True)
class Migration:
    """One numbered .sql file of ``store/migrations``."""

    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        """The file's statements: split on ';' at a line end, comment-only chunks dropped."""
        out = []
        for chunk in _STATEMENT_END.split(self.sql):
            code = [line for line in chunk.splitlines() if line.strip() and not line.strip().startswith("--")]
            if code:
                out.append(chunk.strip())
        return out


def load_migrations() -> list[Migration]:
    """The shipped migrations in version order."""
    found = []
    for entry in resources.files("eventlens.store").joinpath("migrations").iterdir():
        match = _MIGRATION_FILE.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise StoreError(f"two store migrations share a version number: {versions}")
    return found


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


def _fold(text: str | None) -> str | None:
    return text.casefold() if text is not None else None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _spans_json(spans: Iterable[TextSpan]) -> str:
    return _json([{"text": s.text, "start": s.start, "end": s.end} for s in spans])


def _spans(raw: str) -> tuple[TextSpan, ...]:
    return tuple(TextSpan(m["text"], m["start"], m["end"]) for m in json.loads(raw))


def _day(value: date) -> str:
    return (value.date() if isinstance(value, datetime) else value).isoformat()


class SQLStore(Store):
    """A store on a DB-API connection in autocommit mode; transactions are explicit."""

    driver_error: type[Exception] | tuple[type[Exception], ...] = Exception

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
        migrations = load_migrations()
        newest = migrations[-1].version if migrations else 0
        applied = self._applied_versions()
        if applied and max(applied) > newest:
            raise StoreError(
                f"{self.location}: the database has schema version {max(applied)}, newer than this "
                f"eventlens knows ({newest}); upgrade eventlens"
            )
        if all(m.version in applied for m in migrations):
            return
        try:
            self._begin_write()
            self._execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            # Another process may have migrated while this one waited for the write lock.
            applied = {row[0] for row in self._execute("SELECT version FROM schema_version").fetchall()}
            for migration in migrations:
                if migration.version in applied:
                    continue
                for statement in migration.statements():
                    self._execute(statement)
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
            self._write_rows(result)
            self._execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, self.driver_error):
                raise self._fail(f"cannot store document {doc.id!r}, nothing of it was stored", exc) from exc
            raise
        return True

    def _write_rows(self, result: Result) -> None:
        doc = result.document
        self._insert("documents", DOCUMENT_COLUMNS, [(
            doc.id, doc.source, doc.url, doc.outlet, doc.title,
            doc.published.isoformat() if doc.published else None, doc.language, doc.text,
            _json(list(doc.boilerplate_removed)), datetime.now(UTC).isoformat(),
        )])
        self._insert("events", EVENT_COLUMNS, [
            self._event_row(doc.id, position, event) for position, event in enumerate(result.events)
        ])
        self._insert("event_actors", EVENT_ACTOR_COLUMNS, [
            (doc.id, event.id, role, i, ref.name, ref.kb_id, ref.type, ref.country, ref.text,
             _fold(ref.name), _fold(ref.kb_id), _fold(ref.text))
            for event in result.events
            for role in ROLES
            for i, ref in enumerate(getattr(event, role))
        ])
        self._insert("actors", ACTOR_COLUMNS, [
            (doc.id, i, a.name, a.kb_id, a.type, a.country, _spans_json(a.mentions),
             _json([list(r) for r in a.relations]))
            for i, a in enumerate(result.actors)
        ])
        self._insert("places", PLACE_COLUMNS, [
            (doc.id, i, p.place.name, p.place.geonameid, p.place.lat, p.place.lon, p.place.country,
             p.place.admin1, p.place.admin2, p.place.precision, p.place.text, p.place.feature,
             p.place.score, _spans_json(p.mentions))
            for i, p in enumerate(result.places)
        ])

    @staticmethod
    def _event_row(document_id: str, position: int, e: Event) -> tuple:
        start, end = date_bounds(e.date)
        p = e.place
        place = (
            (p.name, p.geonameid, p.lat, p.lon, p.country, p.admin1, p.admin2, p.precision, p.text,
             p.feature, p.score)
            if p is not None else (None,) * 11
        )
        return (
            document_id, e.id, position, e.type, e.mode, e.acled_type, e.acled_subtype,
            e.date, start, end, e.time_precision, bool(e.historical), e.modality,
            e.attribution.outlet, e.attribution.speaker, e.attribution.sourcing,
            e.fatalities, e.confidence, e.evidence.text, e.evidence.start, e.evidence.end,
            *place,
        )

    # --- reading -------------------------------------------------------------------------

    @staticmethod
    def _document(row: Sequence[Any]) -> Document:
        r = dict(zip(DOCUMENT_COLUMNS, row, strict=True))
        return Document(
            id=r["id"], text=r["text"], source=r["source"], url=r["url"], outlet=r["outlet"],
            title=r["title"], published=date.fromisoformat(r["published"]) if r["published"] else None,
            language=r["language"], boilerplate_removed=tuple(json.loads(r["boilerplate_removed"])),
        )

    @staticmethod
    def _event(r: dict[str, Any], refs: _RefsByRole) -> Event:
        place = None
        if r["place_name"] is not None:
            place = Place(
                name=r["place_name"], geonameid=r["place_geonameid"], lat=r["place_lat"], lon=r["place_lon"],
                country=r["place_country"], admin1=r["place_admin1"], admin2=r["place_admin2"],
                precision=r["place_precision"], text=r["place_text"], feature=r["place_feature"],
                score=r["place_score"],
            )
        return Event(
            id=r["id"], type=r["type"], mode=r["mode"], acled_type=r["acled_type"],
            acled_subtype=r["acled_subtype"],
            actor1=tuple(refs.get("actor1", ())), actor2=tuple(refs.get("actor2", ())),
            associated=tuple(refs.get("associated", ())),
            place=place, date=r["date"], time_precision=r["time_precision"], historical=bool(r["historical"]),
            modality=r["modality"],
            attribution=Attribution(
                outlet=r["attribution_outlet"],
                speaker=r["attribution_speaker"],
                sourcing=r["attribution_sourcing"],
            ),
            fatalities=r["fatalities"], confidence=r["confidence"],
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
                refs.update(self._actor_refs([(document_id, r["id"]) for r in records[start:start + _CHUNK]]))
            events = tuple(self._event(r, refs.get((document_id, r["id"]), {})) for r in records)
            actors = tuple(
                Actor(name=name, kb_id=kb_id, type=type_, country=country, mentions=_spans(mentions),
                      relations=tuple(tuple(rel) for rel in json.loads(relations)))
                for name, kb_id, type_, country, mentions, relations in self._execute(
                    "SELECT name, kb_id, type, country, mentions, relations FROM actors "
                    "WHERE document_id = ? ORDER BY position",
                    (document_id,),
                ).fetchall()
            )
            places = tuple(
                PlaceMentions(
                    place=Place(name=name, geonameid=geonameid, lat=lat, lon=lon, country=country,
                                admin1=admin1, admin2=admin2, precision=precision, text=text,
                                feature=feature, score=score),
                    mentions=_spans(mentions),
                )
                for (name, geonameid, lat, lon, country, admin1, admin2, precision, text, feature, score,
                     mentions) in self._execute(
                    "SELECT name, geonameid, lat, lon, country, admin1, admin2, geo_precision, text, "
                    "feature, score, mentions FROM places WHERE document_id = ? ORDER BY position",
                    (document_id,),
                ).fetchall()
            )
        except self.driver_error as exc:
            raise self._fail("cannot read", exc) from exc
        return Result(document=docs[document_id], events=events, actors=actors, places=places)

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
        if (near is None) != (km is None):
            raise ValueError("near and km go together: give both (near=(lat, lon), km=radius) or neither")
        if km is not None and km < 0:
            raise ValueError(f"km must not be negative, got {km}")
        if limit is not None and limit < 0:
            raise ValueError(f"limit must not be negative, got {limit}")
        where: list[str] = []
        params: list[Any] = []
        if actor is not None:
            key = actor.strip().casefold()
            where.append(
                "(e.document_id, e.id) IN (SELECT document_id, event_id FROM event_actors "
                "WHERE name_fold = ? OR kb_id_fold = ? OR text_fold = ?)"
            )
            params += [key, key, key]
        if type is not None:
            key = type.strip().lower()
            where.append("(lower(e.type) = ? OR lower(e.acled_type) = ? OR lower(e.acled_subtype) = ?)")
            params += [key, key, key]
        if since is not None:
            where.append("e.date_end >= ?")
            params.append(_day(since))
        if until is not None:
            where.append("e.date_start <= ?")
            params.append(_day(until))
        if near is not None:
            lat_min, lat_max, lon_ranges = bounding_box(near[0], near[1], km)
            where.append("e.place_lat BETWEEN ? AND ?")
            params += [lat_min, lat_max]
            where.append("e.place_lon IS NOT NULL")
            if lon_ranges is not None:
                where.append("(" + " OR ".join("e.place_lon BETWEEN ? AND ?" for _ in lon_ranges) + ")")
                params += [bound for pair in lon_ranges for bound in pair]
        query = f"SELECT {', '.join('e.' + c for c in EVENT_COLUMNS)} FROM events e"
        if where:
            query += " WHERE " + " AND ".join(where)
        query += " ORDER BY e.date_start NULLS LAST, e.document_id, e.position"
        if limit is not None and near is None:  # with near, the distance test runs after SQL
            query += f" LIMIT {int(limit)}"
        return self._iter_events(query, params, near, km, limit)

    def _iter_events(
        self,
        query: str,
        params: list[Any],
        near: tuple[float, float] | None,
        km: float | None,
        limit: int | None,
    ) -> Iterator[tuple[Document, Event]]:
        if limit == 0:
            return
        cache: OrderedDict[str, Document] = OrderedDict()
        emitted = 0
        try:
            for chunk in self._stream(query, params):
                records = [dict(zip(EVENT_COLUMNS, row, strict=True)) for row in chunk]
                if near is not None:
                    records = [
                        r for r in records
                        if haversine_km(near[0], near[1], r["place_lat"], r["place_lon"]) <= km
                    ]
                if not records:
                    continue
                refs = self._actor_refs([(r["document_id"], r["id"]) for r in records])
                missing = sorted({r["document_id"] for r in records} - cache.keys())
                cache.update(self._documents_by_id(missing))
                for r in records:
                    doc = cache[r["document_id"]]
                    cache.move_to_end(doc.id)
                    yield doc, self._event(r, refs.get((r["document_id"], r["id"]), {}))
                    emitted += 1
                    if limit is not None and emitted >= limit:
                        return
                while len(cache) > _DOCUMENT_CACHE:
                    cache.popitem(last=False)
        except self.driver_error as exc:
            raise self._fail("cannot read events", exc) from exc

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
