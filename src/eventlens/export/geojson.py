"""GeoJSON (RFC 7946): a FeatureCollection of event points, written feature by feature."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from eventlens.export.records import ExportCounts, coordinates, flat_event, global_event_id
from eventlens.model import Document, Event


def write_geojson(pairs: Iterable[tuple[Document, Event]], out: TextIO) -> ExportCounts:
    """Write a FeatureCollection with one Point per event; events without coordinates are skipped.

    Returns (written, skipped). Coordinates are [longitude, latitude] as RFC 7946 requires;
    the properties are the flat event record (the columns of the events CSV) and the feature
    id is "<document id>:<event id>". The collection is streamed: header, features, footer.
    """
    written = skipped = 0
    out.write('{"type": "FeatureCollection", "features": [')
    for document, event in pairs:
        point = coordinates(event)
        if point is None:
            skipped += 1
            continue
        lat, lon = point
        feature = {
            "type": "Feature",
            "id": global_event_id(document, event),
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": flat_event(document, event),
        }
        out.write(",\n" if written else "\n")
        out.write(json.dumps(feature, ensure_ascii=False, allow_nan=False))
        written += 1
    out.write("\n]}\n")
    return ExportCounts(written, skipped)
