"""Shared pieces of the writers: the flat event record, the JSON event shape, the counts."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, NamedTuple

from eventlens.model import ActorRef, Document, Event

# The columns of `eventlens extract --format csv` and the properties of a GeoJSON feature.
FLAT_COLUMNS = (
    "document_id",
    "event_id",
    "type",
    "mode",
    "acled_type",
    "acled_subtype",
    "date",
    "time_precision",
    "historical",
    "modality",
    "actor1",
    "actor1_kb_id",
    "actor2",
    "actor2_kb_id",
    "associated",
    "associated_kb_id",
    "place",
    "place_text",
    "geonameid",
    "latitude",
    "longitude",
    "country",
    "admin1",
    "admin2",
    "geo_precision",
    "attribution_outlet",
    "attribution_speaker",
    "attribution_sourcing",
    "fatalities",
    "confidence",
    "evidence",
    "evidence_start",
    "evidence_end",
    "url",
    "outlet",
    "published",
)

# Several actors in one column are joined the way ACLED joins associated actors.
ACTOR_SEPARATOR = "; "


class ExportCounts(NamedTuple):
    """What a writer did: events written, and events left out (GeoJSON: no coordinates;
    ACLED CSV: the reasons in ``skipped_because``, (reason, count) most frequent first)."""

    written: int
    skipped: int = 0
    skipped_because: tuple[tuple[str, int], ...] = ()


def join_names(refs: Iterable[ActorRef]) -> str:
    """Actor names joined with "; "."""
    return ACTOR_SEPARATOR.join(ref.name for ref in refs)


def join_kb_ids(refs: Iterable[ActorRef]) -> str:
    """KB ids in the order of ``join_names`` (empty where unlinked); "" when none is linked."""
    ids = [ref.kb_id or "" for ref in refs]
    return ACTOR_SEPARATOR.join(ids) if any(ids) else ""


def coordinates(event: Event) -> tuple[float, float] | None:
    """The event's (lat, lon), or None when it has no place or no finite coordinates."""
    place = event.place
    if place is None or place.lat is None or place.lon is None:
        return None
    if not (math.isfinite(place.lat) and math.isfinite(place.lon)):
        return None
    return place.lat, place.lon


def flat_event(document: Document, event: Event) -> dict[str, Any]:
    """One event as a flat record of FLAT_COLUMNS, values left as Python values (None, bool)."""
    place = event.place
    return {
        "document_id": document.id,
        "event_id": event.id,
        "type": event.type,
        "mode": event.mode,
        "acled_type": event.acled_type,
        "acled_subtype": event.acled_subtype,
        "date": event.date,
        "time_precision": event.time_precision,
        "historical": event.historical,
        "modality": event.modality,
        "actor1": join_names(event.actor1),
        "actor1_kb_id": join_kb_ids(event.actor1),
        "actor2": join_names(event.actor2),
        "actor2_kb_id": join_kb_ids(event.actor2),
        "associated": join_names(event.associated),
        "associated_kb_id": join_kb_ids(event.associated),
        "place": place.name if place else None,
        "place_text": place.text if place else None,
        "geonameid": place.geonameid if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "admin2": place.admin2 if place else None,
        "geo_precision": place.precision if place else None,
        "attribution_outlet": event.attribution.outlet,
        "attribution_speaker": event.attribution.speaker,
        "attribution_sourcing": event.attribution.sourcing,
        "fatalities": event.fatalities,
        "confidence": event.confidence,
        "evidence": event.evidence.text,
        "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
        "url": document.url,
        "outlet": document.outlet,
        "published": document.published.isoformat() if document.published else None,
    }


def csv_value(value: Any) -> str:
    """A value as CSV text: None is empty, booleans are true/false like in JSON, and text a
    spreadsheet would run as a formula is neutralised (see ``neutralised``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return neutralised(value)
    return str(value)


# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"), fullwidth forms too.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralised(text: str) -> str:
    """Text that a spreadsheet shows as text: a cell starting with = + - @ or a tab or line break
    gets a leading single quote, as OWASP recommends; a number such as -3.5 is left alone."""
    if not text.startswith(_FORMULA_STARTS) or _is_number(text):
        return text
    return "'" + text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text.lower().lstrip("+-") not in ("inf", "infinity", "nan")


def global_event_id(document: Document, event: Event) -> str:
    """An id unique across documents: event ids are unique only within their document."""
    return f"{document.id}:{event.id}"
