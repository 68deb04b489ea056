"""The flat CSV of events that `eventlens extract --format csv` prints."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from eventlens.export.records import FLAT_COLUMNS, ExportCounts, csv_value, flat_event
from eventlens.model import Document, Event


def write_events_csv(pairs: Iterable[tuple[Document, Event]], out: TextIO) -> ExportCounts:
    """Write a header and one row per event (columns: records.FLAT_COLUMNS), streaming.

    Several actors in one role are joined with "; ", their KB ids likewise in the same order.
    Empty cells are missing values; booleans are true/false. Lines end with "\\n".
    """
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FLAT_COLUMNS)
    written = 0
    for document, event in pairs:
        record = flat_event(document, event)
        writer.writerow([csv_value(record[column]) for column in FLAT_COLUMNS])
        written += 1
    return ExportCounts(written)
