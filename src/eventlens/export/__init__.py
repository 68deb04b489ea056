"""export stage: write (Document, Event) pairs as ACLED-style CSV, GeoJSON, JSON Lines or CSV.

Every writer takes an iterable of (Document, Event) pairs, from the store or straight from
extraction, and a text file handle; it streams (nothing is held in memory but the current
event) and returns ``ExportCounts(written, skipped)``. ``FORMATS`` maps the `--format` names
to the writers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from eventlens.export.acled import write_acled_csv
from eventlens.export.events_csv import write_events_csv
from eventlens.export.geojson import write_geojson
from eventlens.export.jsonl import write_jsonl
from eventlens.export.records import FLAT_COLUMNS, ExportCounts
from eventlens.model import Document, Event

Writer = Callable[[Iterable[tuple[Document, Event]], TextIO], ExportCounts]

FORMATS: dict[str, Writer] = {
    "acled-csv": write_acled_csv,
    "geojson": write_geojson,
    "jsonl": write_jsonl,
    "csv": write_events_csv,
}

__all__ = [
    "FLAT_COLUMNS",
    "FORMATS",
    "ExportCounts",
    "Writer",
    "write_acled_csv",
    "write_events_csv",
    "write_geojson",
    "write_jsonl",
]
