"""The JSON shapes of the web API (pydantic), so the OpenAPI schema says exactly what comes back.

Field names follow ``model.event_to_dict`` and /tmp/contract/api.md; the converters from store
records to these shapes live in ``api.py``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from eventlens.model import MODALITIES, SOURCINGS, TIME_PRECISIONS

Modality = Literal[MODALITIES]  # type: ignore[valid-type]
CorrectableField = Literal["type", "actor1", "actor2", "place"]
# Larger than any report the pipeline reads (Config.max_input_bytes is 10 MB).
MAX_BODY_TEXT = 10_000_000


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActorRefOut(_Out):
    name: str
    kb_id: str | None
    type: str | None
    country: str | None
    text: str


class PlaceOut(_Out):
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    admin2: str | None
    precision: int
    feature: str | None
    text: str


class AttributionOut(_Out):
    outlet: str | None
    speaker: str | None
    sourcing: Literal[SOURCINGS]  # type: ignore[valid-type]


class EvidenceOut(_Out):
    text: str
    start: int
    end: int


class DocumentRef(_Out):
    id: str
    title: str | None
    outlet: str | None
    published: date | None
    language: str
    url: str | None


class MachineValues(_Out):
    """The machine's value of each corrected field (only those fields are present)."""

    type: str | None = None
    actor1: list[ActorRefOut] | None = None
    actor2: list[ActorRefOut] | None = None
    place: PlaceOut | None = None


class EventItem(_Out):
    id: str
    type: str
    mode: str | None
    acled_type: str | None
    acled_subtype: str | None
    actor1: list[ActorRefOut]
    actor2: list[ActorRefOut]
    associated: list[ActorRefOut]
    place: PlaceOut | None
    date: str | None = Field(description="As extracted: YYYY-MM-DD, YYYY-MM, YYYY, YYYY-Www, or start/end")
    time_precision: Literal[TIME_PRECISIONS]  # type: ignore[valid-type]
    historical: bool
    modality: str
    attribution: AttributionOut
    fatalities: int | None
    confidence: float
    evidence: EvidenceOut
    document_id: str
    key: str = Field(description="<document_id>/<event_id>, unique across the store")
    document: DocumentRef
    corrected: bool
    machine: MachineValues | None = Field(description="The machine's values of the corrected fields; null when none")


class EventPage(_Out):
    items: list[EventItem]
    next_cursor: str | None


class CorrectionOut(_Out):
    id: int
    document_id: str
    event_id: str
    field: CorrectableField
    value: Any = Field(description="type: a PLOVER type; actor1/actor2: a list of actors; place: a place or null")
    analyst: str | None
    note: str | None
    created_at: str


class DocumentOut(_Out):
    id: str
    source: str
    url: str | None
    outlet: str | None
    title: str | None
    published: date | None
    language: str
    text: str
    boilerplate_removed: list[str]


class EventDetail(_Out):
    event: EventItem
    document: DocumentOut
    corrections: list[CorrectionOut]


class DocumentDetail(DocumentOut):
    event_count: int
    events: list[EventItem]


class DocumentSummaryOut(_Out):
    id: str
    source: str
    url: str | None
    outlet: str | None
    title: str | None
    published: date | None
    language: str
    event_count: int


class DocumentPage(_Out):
    items: list[DocumentSummaryOut]
    next_cursor: str | None


class ActorOut(_Out):
    name: str
    kb_id: str | None
    type: str | None
    country: str | None
    event_count: int
    relations: list[tuple[str, str]]


class ActorPage(_Out):
    items: list[ActorOut]
    next_cursor: str | None


class PlaceSummaryOut(_Out):
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    precision: int | None
    event_count: int


class PlacePage(_Out):
    items: list[PlaceSummaryOut]
    next_cursor: str | None


class HistogramBinOut(_Out):
    start: date
    count: int


class HistogramOut(_Out):
    bucket: Literal["day", "week", "month"]
    bins: list[HistogramBinOut]
    undated: int


class NetworkNodeOut(_Out):
    id: str
    name: str
    type: str | None
    country: str | None
    event_count: int


class NetworkEdgeOut(_Out):
    source: str
    target: str
    type: str
    count: int
    events: list[str]


class NetworkOut(_Out):
    nodes: list[NetworkNodeOut]
    edges: list[NetworkEdgeOut]


class Counts(_Out):
    events: int
    documents: int
    actors: int
    places: int


class MetaOut(_Out):
    read_only: bool
    tile_url: str | None
    counts: Counts
    types: list[str]
    acled_types: list[str]
    date_range: tuple[date, date] | None


class IngestIn(BaseModel):
    """A report to ingest: its plain ``text`` or its web page's ``html`` (exactly one)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, max_length=MAX_BODY_TEXT)
    html: str | None = Field(default=None, max_length=MAX_BODY_TEXT)
    url: str | None = Field(default=None, max_length=2000)
    published: date | None = None
    outlet: str | None = Field(default=None, max_length=200)
    title: str | None = Field(default=None, max_length=1000)

    @model_validator(mode="after")
    def _one_body(self) -> IngestIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give the report as exactly one of text or html")
        return self


class IngestOut(_Out):
    document_id: str
    created: bool = Field(description="False when the document was stored already (nothing changed)")
    events: int


class PlaceValue(BaseModel):
    """A place given by coordinates when the gazetteer does not know it."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False)


class CorrectionIn(BaseModel):
    """type: a PLOVER type; actor1/actor2: an actor name (matched against the knowledge base), or
    null/"" for none; place: a place name (resolved with the gazetteer), {name, lat, lon}, or null."""

    model_config = ConfigDict(extra="forbid")

    field: CorrectableField
    value: str | PlaceValue | None = None
    analyst: str | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, max_length=5000)


class ErrorOut(BaseModel):
    detail: str
