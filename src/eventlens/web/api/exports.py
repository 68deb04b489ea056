"""Downloads of the matching events: the exporters of ``eventlens export``, and the network as GraphML."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from typing import IO, Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import StreamingResponse

from eventlens.export import FORMATS
from eventlens.web.api.query import ERRORS, EventQuery, event_filter, event_query
from eventlens.web.api_state import ApiState
from eventlens.web.network_graphml import write_network_graphml

# format: (media type, file name)
_FILES = {
    "csv": ("text/csv; charset=utf-8", "events.csv"),
    "acled-csv": ("text/csv; charset=utf-8", "events-acled.csv"),
    "geojson": ("application/geo+json", "events.geojson"),
    "jsonl": ("application/x-ndjson", "events.jsonl"),
    "graphml": ("application/graphml+xml", "actors.graphml"),
}
ExportFormat = Literal["csv", "acled-csv", "geojson", "jsonl", "graphml"]
_IN_MEMORY_BYTES = 16 * 1024 * 1024
_CHUNK_BYTES = 1024 * 1024


def router(state: ApiState) -> APIRouter:
    routes = APIRouter()

    @routes.get(
        "/export",
        response_class=Response,
        responses={
            **ERRORS,
            200: {
                "description": "A file to save",
                # GeoJSON is one JSON object; the others are text (JSON Lines is no one JSON value).
                "content": {
                    media.split(";")[0]: {
                        "schema": {"type": "object" if media.endswith("geo+json") else "string"}
                    }
                    for media, _ in _FILES.values()
                },
            },
        },
    )
    def export(
        query: Annotated[EventQuery, Depends(event_query)],
        format: Annotated[
            ExportFormat,
            Query(
                description="csv, acled-csv, geojson, jsonl (the events), or graphml (their actor network)"
            ),
        ] = "csv",
    ) -> Response:
        """Every matching event as a file, as `eventlens export` writes it; graphml: their actor network."""
        where = event_filter(state, query)
        # Written whole here, in the thread of the request's store, into memory up to a point and
        # then a temporary file (a million events are hundreds of MB), then sent from there.
        spool = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY_BYTES)  # noqa: SIM115 (_chunks closes it)
        try:
            out = io.TextIOWrapper(spool, encoding="utf-8", newline="")
            with state.store() as store:
                if format == "graphml":
                    write_network_graphml(store.network(where), out)
                else:
                    FORMATS[format](store.events(where), out)
            out.flush()
            out.detach()
            spool.seek(0)
        except BaseException:
            spool.close()
            raise
        media, name = _FILES[format]
        return StreamingResponse(
            _chunks(spool),
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return routes


def _chunks(file: IO[bytes]) -> Iterator[bytes]:
    """The file's bytes a chunk at a time; the file is closed (and deleted) after the last."""
    try:
        while chunk := file.read(_CHUNK_BYTES):
            yield chunk
    finally:
        file.close()
