"""An ``EventFilter`` as portable SQL conditions on ``events e``, aware of analysts' corrections.

A filter on a correctable field (type, actors, place) is two alternatives: the machine's value
matches and no correction replaced it (SQL), or the latest correction's value matches (decided
here in Python over the few corrected events, then passed to SQL as a list of keys).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from eventlens.geo.distance import haversine_km
from eventlens.model import PLOVER_TYPES, ActorRef, Place
from eventlens.store.corrections import correction_value
from eventlens.store.distance import bounding_box
from eventlens.store.records import EventFilter, country_code

# Events sort by their first possible day, undated last. The expression is indexed
# (migration 0002); queries must spell it exactly so for the index to serve them.
DATE_ORDER = "COALESCE(e.date_start, '9999-12-31')"
EVENT_ORDER = f"{DATE_ORDER}, e.document_id, e.position"


@dataclass(frozen=True)
class EventOrder:
    """An order of events for pages and cursors: by an indexed date expression, then document and position."""

    name: str
    date: str  # SQL, spelled exactly as its index (migrations 0002, 0004)
    index: str
    descending: bool

    def sql(self) -> str:
        """The ORDER BY terms."""
        way = " DESC" if self.descending else ""
        return f"{self.date}{way}, e.document_id{way}, e.position{way}"

    def after(self) -> str:
        """SQL with four parameters (date, date, document id, position): the events after a cursor's.

        The first condition lets the index seek; the row comparison is the exact one.
        """
        bound, beyond = ("<=", "<") if self.descending else (">=", ">")
        return f"{self.date} {bound} ? AND ({self.date}, e.document_id, e.position) {beyond} (?, ?, ?)"


# Oldest first, undated last; newest first, undated last as well.
OLDEST_FIRST = EventOrder("oldest", DATE_ORDER, "events_order", descending=False)
NEWEST_FIRST = EventOrder("newest", "COALESCE(e.date_start, '0000-01-01')", "events_newest", descending=True)
EVENT_ORDERS = {order.name: order for order in (NEWEST_FIRST, OLDEST_FIRST)}


def event_order(name: str) -> EventOrder:
    """The order called ``name``; ValueError for another name."""
    try:
        return EVENT_ORDERS[name]
    except KeyError:
        raise ValueError(f"order is one of {', '.join(EVENT_ORDERS)}; got {name!r}") from None


EventKey = tuple[str, str]  # (document id, event id)
DistanceSql = Callable[[float, float], tuple[str, list[Any]]]
WordsSql = Callable[[list[str]], tuple[str, list[Any]]]
# An indexed condition that keeps at least every event within km of (lat, lon), or None.
NearIndexSql = Callable[[float, float, float], tuple[str, list[Any]] | None]
# The latest correction of each corrected field, by event: {key: {field: stored JSON value}}.
LatestCorrections = Mapping[EventKey, Mapping[str, Any]]


def _overridden(field_sql: str, alias: str = "e", id_column: str = "id") -> str:
    """SQL: no correction of the field replaced the machine's value (one index probe per row)."""
    return (
        f"NOT EXISTS (SELECT 1 FROM corrections c WHERE c.document_id = {alias}.document_id "
        f"AND c.event_id = {alias}.{id_column} AND c.field = {field_sql})"
    )


def _keys_in(keys: list[EventKey]) -> tuple[str, list[Any]]:
    rows = ", ".join("(?, ?)" for _ in keys)
    return f"(e.document_id, e.id) IN (VALUES {rows})", [part for key in keys for part in key]


def _day(value: date) -> str:
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def like_pattern(text: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') for casefolded values that contain ``text``."""
    escaped = text.strip().casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# A word is a run of letters and digits (no underscore): the same for the stored evidence and a query.
_WORD = re.compile(r"[^\W_]+")


def text_words(text: str) -> list[str]:
    """The casefolded words of a text, in order."""
    return _WORD.findall(text.casefold())


def evidence_words(text: str) -> str:
    """The stored form of the evidence for word search: " word word ", every word between spaces."""
    return " " + "".join(word + " " for word in text_words(text))


def words_like(words: list[str]) -> tuple[str, list[Any]]:
    """Portable SQL: every word is a word of the evidence, the last one also a word's beginning.

    (Words hold no LIKE wildcard.) As you type: "drone str" finds "drone strike".
    """
    patterns = [f"% {word} %" for word in words[:-1]] + [f"% {words[-1]}%"]
    return " AND ".join("e.evidence_words LIKE ?" for _ in patterns), patterns


@dataclass
class EventConditions:
    """SQL conditions (joined with AND) and their parameters.

    ``one_by_one`` maps a condition that lists the keys of the events it keeps (the actor filter), by
    which a backend may read the matching events instead of testing every event, to the same test
    of one event at a time, with the same parameters: for a query that reads a few events through
    another index, where the list would be built whole for them.
    """

    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    one_by_one: dict[str, str] = field(default_factory=dict)

    @property
    def by_key(self) -> bool:
        """Whether a condition lists the keys of the events it keeps."""
        return bool(self.one_by_one)

    def each_event(self) -> EventConditions:
        """The same conditions, each a test of one event at a time."""
        return EventConditions([self.one_by_one.get(sql, sql) for sql in self.where], list(self.params))

    def add(self, sql: str, *params: Any) -> None:
        self.where.append(sql)
        self.params.extend(params)

    def either(self, machine_sql: str, machine_params: list[Any], corrected: list[EventKey]) -> None:
        """The machine's value matches, or one of the ``corrected`` events matches."""
        if not corrected:
            self.add(f"({machine_sql})", *machine_params)
            return
        keys_sql, keys_params = _keys_in(corrected)
        self.add(f"(({machine_sql}) OR {keys_sql})", *machine_params, *keys_params)

    def sql(self) -> str:
        """ " WHERE ..." or ""."""
        return " WHERE " + " AND ".join(self.where) if self.where else ""


# Unlinked actors of these types are phrases for a crowd ("24 people", "مدنيين اثنين", "the
# demonstrators"), not names: the network shows them as one node per type and country, named the
# way ACLED names them ("Civilians", "Protesters (SYR)"), and that name, as an actor filter, finds them.
COLLECTIVE_ACTORS = {"civilians": "Civilians", "protesters": "Protesters", "rioters": "Rioters"}
_COLLECTIVE_NAME = re.compile(
    r"(?P<type>" + "|".join(COLLECTIVE_ACTORS) + r")(?:\s*\((?P<country>[a-z]{2,3})\))?"
)


def collective_name(type_: str, country: str | None) -> str:
    """The name of the crowd of unlinked actors of a collective type: "Civilians (SYR)"."""
    return COLLECTIVE_ACTORS[type_] + (f" ({country})" if country else "")


def collective_of(key: str) -> tuple[str, str | None] | None:
    """(type, upper-case country or None) when a casefolded actor filter names a crowd, else None."""
    match = _COLLECTIVE_NAME.fullmatch(key)
    if match is None:
        return None
    return match.group("type"), match.group("country").upper() if match.group("country") else None


def _in_crowd(ref: ActorRef, crowd: tuple[str, str | None] | None) -> bool:
    return (
        crowd is not None
        and ref.kb_id is None
        and ref.type == crowd[0]
        and (crowd[1] is None or ref.country == crowd[1])
    )


def _actor_matches(refs: tuple[ActorRef, ...], key: str) -> bool:
    crowd = collective_of(key)
    return any(
        key in (ref.name.casefold(), (ref.kb_id or "").casefold(), ref.text.casefold())
        or _in_crowd(ref, crowd)
        for ref in refs
    )


def filters_place(f: EventFilter) -> bool:
    """Whether the filter has a condition on the event's place (which analysts may correct)."""
    return any(v is not None for v in (f.place, f.bbox, f.near, f.country, f.admin1))


def place_matches(place: Place | None, f: EventFilter) -> bool:
    """Whether a (corrected) place passes the filter's place, country, admin1, bbox and near conditions."""
    if not filters_place(f):
        return True
    if place is None:
        return False
    if f.country is not None and place.country != country_code(f.country):
        return False
    if f.admin1 is not None and (place.admin1 or "").casefold() != f.admin1.strip().casefold():
        return False
    if f.place is not None:
        wanted = f.place.strip()
        if wanted.isdigit():
            if place.geonameid != int(wanted):
                return False
        elif wanted.casefold() not in (place.name.casefold(), place.text.casefold()):
            return False
    if place.lat is None or place.lon is None:
        return f.bbox is None and f.near is None
    if f.bbox is not None and not in_bbox(place.lat, place.lon, f.bbox):
        return False
    if f.near is not None:
        return haversine_km(f.near[0], f.near[1], place.lat, place.lon) <= f.km
    return True


def in_bbox(lat: float, lon: float, bbox: tuple[float, float, float, float]) -> bool:
    """Whether a point is inside (west, south, east, north); west > east crosses the antimeridian."""
    west, south, east, north = bbox
    in_lon = west <= lon <= east if west <= east else (lon >= west or lon <= east)
    return south <= lat <= north and in_lon


def bbox_sql(bbox: tuple[float, float, float, float]) -> tuple[str, list[Any]]:
    """Portable SQL: the event's place is inside (west, south, east, north), as ``in_bbox``."""
    west, south, east, north = bbox
    if west <= east:
        return "e.place_lat BETWEEN ? AND ? AND e.place_lon BETWEEN ? AND ?", [south, north, west, east]
    return "e.place_lat BETWEEN ? AND ? AND (e.place_lon >= ? OR e.place_lon <= ?)", [
        south,
        north,
        west,
        east,
    ]


def event_conditions(
    f: EventFilter,
    latest: LatestCorrections | None,
    distance: DistanceSql,
    words: WordsSql,
    near_index: NearIndexSql | None = None,
) -> EventConditions:
    """The SQL for every condition of ``f``.

    ``latest`` holds the corrections of the fields ``f`` filters on, None when the store holds
    no correction at all (the conditions are then plain, and faster); ``distance`` gives the
    database's SQL for the km from a point to the event's place, ``words`` its SQL for events
    whose evidence has every word (as a word or a word's beginning); ``near_index`` a spatial
    index's condition (PostGIS) that narrows ``near`` before the exact distance.
    """
    out = EventConditions()
    any_corrections = latest is not None
    latest = latest or {}

    def unless_corrected(field_sql: str, alias: str = "e", id_column: str = "id") -> str:
        return " AND " + _overridden(field_sql, alias, id_column) if any_corrections else ""

    if f.document is not None:
        out.add("e.document_id = ?", f.document)
    if f.actor is not None:
        key = f.actor.strip().casefold()
        corrected = [
            k
            for k, fields in latest.items()
            if any(
                _actor_matches(correction_value(role, fields[role]), key)
                for role in ("actor1", "actor2")
                if role in fields
            )
        ]
        listed, one_by_one, params = _actor_sql(key, unless_corrected("ea.role", "ea", "event_id"), corrected)
        out.add(listed, *params)
        out.one_by_one[listed] = one_by_one
    if f.type is not None:
        key = f.type.strip().lower()
        corrected = [k for k, fields in latest.items() if "type" in fields and fields["type"].lower() == key]
        if key.upper() in PLOVER_TYPES:
            # A PLOVER type is stored as its upper-case name and is no ACLED type or sub-type's:
            # the plain column is what the covering indexes of the page's counts hold.
            out.either("e.type = ?" + unless_corrected("'type'"), [key.upper()], corrected)
        else:
            out.either(
                "lower(e.acled_type) = ? OR lower(e.acled_subtype) = ? OR (lower(e.type) = ?"
                + unless_corrected("'type'")
                + ")",
                [key, key, key],
                corrected,
            )
    if f.acled_type is not None:
        key = f.acled_type.strip().lower()
        out.add("(lower(e.acled_type) = ? OR lower(e.acled_subtype) = ?)", key, key)
    if filters_place(f):
        machine_sql, machine_params = _place_sql(f, distance, near_index)
        corrected = [
            k
            for k, fields in latest.items()
            if "place" in fields and place_matches(correction_value("place", fields["place"]), f)
        ]
        out.either(machine_sql + unless_corrected("'place'"), machine_params, corrected)
    if f.since is not None:
        out.add("e.date_end >= ?", _day(f.since))
    if f.until is not None:
        # The second condition says the same in the order index's terms, so a walk of it stops there.
        out.add(f"e.date_start <= ? AND {DATE_ORDER} <= ?", _day(f.until), _day(f.until))
    wanted = text_words(f.text) if f.text is not None else []
    if wanted:
        words_sql, words_params = words(wanted)
        out.add(f"({words_sql})", *words_params)
    if f.modality is not None:
        out.add("e.modality = ?", f.modality.strip().lower())
    if f.min_confidence is not None:
        out.add("e.confidence >= ?", f.min_confidence)
    if f.fatal:
        out.add("e.fatalities > 0")
    if f.historical is not None:
        out.add("e.historical = ?", f.historical)
    return out


# An entry of event_actors matches the actor filter by its name, its KB id or its text. These are
# the three without overlap, each the condition of its own index (migration 8): the entries with
# the name, those with the KB id and another name, those with the text and another name and KB id.
# The conditions of the last two are spelled as their partial indexes' so that SQLite uses them.
_ACTOR_PARTS = (
    "ea.name_fold = ?",
    "ea.kb_id_fold = ? AND ea.kb_id_fold <> ea.name_fold",
    "ea.text_fold = ? AND ea.text_fold <> ea.name_fold AND (ea.kb_id_fold IS NULL OR ea.text_fold <> ea.kb_id_fold)",
)


def _actor_sql(key: str, unless_corrected: str, corrected: list[EventKey]) -> tuple[str, str, list[Any]]:
    """The actor filter as SQL that lists the keys of the events it keeps, the same as a test of
    one event, and their parameters.

    An event is kept when an entry of its actors matches (each part of _ACTOR_PARTS read from its
    index), or an unlinked actor of the crowd the filter names, or when it is one of the
    ``corrected`` events whose corrected actors match. The list is wrapped as a plain subquery,
    which SQLite reads first and then looks the events up by their keys.
    """
    parts = list(_ACTOR_PARTS)
    params: list[Any] = [key] * len(parts)
    crowd = collective_of(key)
    if crowd is not None:
        type_, country = crowd
        parts.append("ea.kb_id IS NULL AND ea.type = ?" + (" AND ea.country = ?" if country else ""))
        params += [type_, country] if country else [type_]
    entries = "SELECT ea.document_id, ea.event_id FROM event_actors ea WHERE "
    listed = [entries + part + unless_corrected for part in parts]
    one_by_one = (
        "EXISTS (SELECT 1 FROM event_actors ea WHERE ea.document_id = e.document_id AND ea.event_id = e.id "
        f"AND ({' OR '.join(f'({part})' for part in parts)}){unless_corrected})"
    )
    if corrected:
        listed.append("VALUES " + ", ".join("(?, ?)" for _ in corrected))
        one_by_one = f"({one_by_one} OR {_keys_in(corrected)[0]})"
        params += [part for k in corrected for part in k]
    return (
        f"(e.document_id, e.id) IN (SELECT * FROM ({' UNION ALL '.join(listed)}) AS matched)",
        one_by_one,
        params,
    )


def _place_sql(
    f: EventFilter,
    distance: DistanceSql,
    near_index: NearIndexSql | None = None,
) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.place is not None:
        wanted = f.place.strip()
        if wanted.isdigit():
            where.append("e.place_geonameid = ?")
            params.append(int(wanted))
        else:
            where.append("(e.place_name_fold = ? OR e.place_text_fold = ?)")
            params += [wanted.casefold()] * 2
    if f.country is not None:
        where.append("e.place_country = ?")
        params.append(country_code(f.country))
    if f.admin1 is not None:
        where.append("e.place_admin1_fold = ?")
        params.append(f.admin1.strip().casefold())
    if f.bbox is not None:
        box_sql, box_params = bbox_sql(f.bbox)
        where.append(box_sql)
        params += box_params
    indexed = near_index(f.near[0], f.near[1], f.km) if near_index and f.near is not None else None
    if indexed is not None:
        where.append(indexed[0])
        params += indexed[1]
    if f.near is not None:
        # A box that the (lat, lon) index answers, then the exact distance on the rows inside it.
        lat_min, lat_max, lon_ranges = bounding_box(f.near[0], f.near[1], f.km)
        where.append("e.place_lat BETWEEN ? AND ?")
        params += [lat_min, lat_max]
        where.append("e.place_lon IS NOT NULL")
        if lon_ranges is not None:
            where.append("(" + " OR ".join("e.place_lon BETWEEN ? AND ?" for _ in lon_ranges) + ")")
            params += [bound for pair in lon_ranges for bound in pair]
        km_sql, km_params = distance(*f.near)
        where.append(f"{km_sql} <= ?")
        params += [*km_params, f.km]
    return "(" + " AND ".join(where) + ")", params


# --- cursors ------------------------------------------------------------------------------


def encode_cursor(*parts: Any) -> str:
    """An opaque cursor for the key of the last item of a page."""
    raw = json.dumps(parts, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, types: tuple[type, ...]) -> tuple[Any, ...]:
    """The key a cursor holds, checked against the expected part types; ValueError when invalid."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        parts = json.loads(raw.decode("utf-8"))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValueError("invalid cursor: pass back the next_cursor of the previous page unchanged") from None
    if (
        not isinstance(parts, list)
        or len(parts) != len(types)
        or not all(isinstance(p, t) and not isinstance(p, bool) for p, t in zip(parts, types, strict=True))
    ):
        raise ValueError("invalid cursor: pass back the next_cursor of the previous page unchanged")
    return tuple(parts)
