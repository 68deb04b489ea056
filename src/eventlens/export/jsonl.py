"""JSON Lines: one event per line, with the document it came from."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from eventlens.export.records import ExportCounts
from eventlens.model import Document, Event, event_with_document


def write_jsonl(pairs: Iterable[tuple[Document, Event]], out: TextIO) -> ExportCounts:
    """Write one JSON object per line: ``{"document": {...}, **event}``, streaming.

    The event keys are the documented event shape (as in `--format json`); "document" holds the
    document's id, url, outlet, title, published and language (not its text).
    """
    written = 0
    for document, event in pairs:
        record = event_with_document(document, event)
        out.write(json.dumps(record, ensure_ascii=False, allow_nan=False))
        out.write("\n")
        written += 1
    return ExportCounts(written)
