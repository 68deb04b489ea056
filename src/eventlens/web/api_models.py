"""The JSON shapes of the web API, so the OpenAPI schema says exactly what comes back.

Where the JSON is a record as it is (a ``model`` or ``store`` dataclass), the routes declare and
return the record itself; the pydantic models here are the shapes that differ from every record.
Field names follow ``model.event_to_dict`` and the README's API section; the converters from records
to these shapes live in ``api/items.py``.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator, with_config

from eventlens.model import MODALITIES, SOURCINGS, TIME_PRECISIONS, ActorRef, Document, Place, TextSpan
from eventlens.store import CORRECTABLE_FIELDS, Correction

Modality = Literal[MODALITIES]  # type: ignore[valid-type]
CorrectableField = Literal[CORRECTABLE_FIELDS]  # type: ignore[valid-type]
_SURROGATE = re.compile("[\ud800-\udfff]")
# Larger than any report the pipeline reads (Config.max_input_bytes is 10 MB).
MAX_BODY_TEXT = 10_000_000


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


# For shapes holding a record with defaults (``Document``): the JSON always has every key.
_EVERY_KEY = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


# A Place as model.event_to_dict writes it: every field of the dataclass but the resolver's score.
PlaceOut = create_model(
    "PlaceOut",
    __base__=_Out,
    **{
        f.name: (typing.get_type_hints(Place)[f.name], ...)
        for f in dataclasses.fields(Place)
        if f.name != "score"
    },
)


class AttributionOut(_Out):
    outlet: str | None
    speaker: str | None
    sourcing: Literal[SOURCINGS]  # type: ignore[valid-type]


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
    actor1: list[ActorRef] | None = None
    actor2: list[ActorRef] | None = None
    place: PlaceOut | None = None


class EventItem(_Out):
    id: str
    type: str
    mode: str | None
    acled_type: str | None
    acled_subtype: str | None
    actor1: list[ActorRef]
    actor2: list[ActorRef]
    associated: list[ActorRef]
    place: PlaceOut | None
    date: str | None = Field(description="As extracted: YYYY-MM-DD, YYYY-MM, YYYY, YYYY-Www, or start/end")
    time_precision: Literal[TIME_PRECISIONS]  # type: ignore[valid-type]
    historical: bool
    modality: str
    attribution: AttributionOut
    fatalities: int | None
    confidence: float
    evidence: TextSpan
    document_id: str
    key: str = Field(description="<document_id>/<event_id>, unique across the store")
    document: DocumentRef
    corrected: bool
    machine: MachineValues | None = Field(
        description="The machine's values of the corrected fields; null when none"
    )


class EventDetail(_Out):
    model_config = _EVERY_KEY

    event: EventItem
    document: Document
    corrections: list[Correction]


@with_config(_EVERY_KEY)
@dataclass(frozen=True, kw_only=True)
class DocumentDetail(Document):
    """A document with its full text and its events."""

    event_count: int
    events: list[EventItem]


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


class _In(BaseModel):
    """A request body: no unknown keys, and text that is valid Unicode."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _valid_unicode(self) -> _In:
        # JSON may spell a lone surrogate ("\\ud800"), which no store or encoding can write.
        for name, value in self:
            if isinstance(value, str) and _SURROGATE.search(value):
                raise ValueError(f"{name} is not valid Unicode (it holds a lone surrogate)")
        return self


class IngestIn(_In):
    """A report to ingest: its plain ``text`` or its web page's ``html`` (exactly one)."""

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


class PlaceValue(_In):
    """A place given by coordinates when the gazetteer does not know it."""

    name: str = Field(min_length=1, max_length=200)
    lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False)


class CorrectionIn(_In):
    """type: a PLOVER type; actor1/actor2: an actor name (matched against the knowledge base), or
    null/"" for none; place: a place name (resolved with the gazetteer), {name, lat, lon}, or null."""

    field: CorrectableField
    value: str | PlaceValue | None = None
    analyst: str | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, max_length=5000)


class ErrorOut(BaseModel):
    detail: str
