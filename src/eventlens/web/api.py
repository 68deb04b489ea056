"""The /api routes: read the store, and (with the server's token) ingest reports and record corrections.

Every route uses the store of its thread (a store is not thread-safe, and FastAPI runs these sync
routes in a thread pool) and answers JSON only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Response, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from eventlens.errors import InputError
from eventlens.model import PLOVER_TYPES, ActorRef, Place, event_to_dict
from eventlens.store import (
    ActorSummary,
    Correction,
    DocumentSummary,
    EventFilter,
    Histogram,
    Network,
    Page,
    PlaceSummary,
    Store,
    StoredEvent,
)
from eventlens.web.api_models import (
    CorrectionIn,
    DocumentDetail,
    ErrorOut,
    EventDetail,
    EventItem,
    IngestIn,
    IngestOut,
    MetaOut,
    Modality,
    PlaceValue,
)
from eventlens.web.api_state import ApiState

T = TypeVar("T")

_ERRORS = {status: {"model": ErrorOut} for status in (400, 404)}
_WRITE_ERRORS = {status: {"model": ErrorOut} for status in (400, 401, 403, 404)}
_DEFAULT_KM = 25.0  # as `eventlens events --near`

_bearer = HTTPBearer(auto_error=False, description="The token given to `eventlens serve --token`")

Limit = Annotated[int, Query(ge=1, le=1000, description="Items per page")]
Cursor = Annotated[str | None, Query(max_length=500, description="next_cursor of the previous page")]
SearchText = Annotated[str | None, Query(max_length=200)]


@dataclasses.dataclass(frozen=True)
class EventQuery:
    """The event filters that /api/events, /api/histogram and /api/network share, as given."""

    actor: str | None
    type: str | None
    acled_type: str | None
    place: str | None
    bbox: str | None
    near: str | None
    km: float | None
    since: date | None
    until: date | None
    q: str | None
    modality: str | None
    min_confidence: float | None


async def event_query(  # async: no I/O here, so no thread pool round trip per request
    actor: SearchText = None,
    type: Annotated[
        str | None, Query(max_length=200, description="PLOVER type, ACLED type or sub-type")
    ] = None,
    acled_type: Annotated[str | None, Query(max_length=200, description="ACLED type or sub-type")] = None,
    place: Annotated[str | None, Query(max_length=200, description="Place name or GeoNames id")] = None,
    bbox: Annotated[str | None, Query(max_length=200, description="WEST,SOUTH,EAST,NORTH in degrees")] = None,
    near: Annotated[str | None, Query(max_length=200, description="LAT,LON or a place name")] = None,
    km: Annotated[
        float | None, Query(ge=0, le=20_100, allow_inf_nan=False, description="Radius around near")
    ] = None,
    since: Annotated[date | None, Query(description="Earliest date YYYY-MM-DD")] = None,
    until: Annotated[date | None, Query(description="Latest date YYYY-MM-DD")] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description=(
                "Words of the evidence sentence, any case and order; the last word may be the beginning of one "
                "('drone str' finds 'drone strike'); punctuation is ignored"
            ),
        ),
    ] = None,
    modality: Annotated[Modality | None, Query()] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1, allow_inf_nan=False)] = None,
) -> EventQuery:
    return EventQuery(
        actor, type, acled_type, place, bbox, near, km, since, until, q, modality, min_confidence
    )


def build_router(state: ApiState) -> APIRouter:
    """The /api routes over the state's store, pipeline and token."""
    router = APIRouter(prefix="/api")

    def event_filter(query: EventQuery) -> EventFilter:
        try:
            return EventFilter(
                actor=query.actor,
                type=query.type,
                acled_type=query.acled_type,
                place=query.place,
                bbox=_bbox(query.bbox) if query.bbox else None,
                near=state.point(query.near) if query.near else None,
                km=(query.km if query.km is not None else _DEFAULT_KM) if query.near else None,
                since=query.since,
                until=query.until,
                text=query.q,
                modality=query.modality,
                min_confidence=query.min_confidence,
            )
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None

    def require_token(credentials: HTTPAuthorizationCredentials | None = Security(_bearer)) -> None:
        # WriteGuard has checked the token before the body was read; this declares it in the schema.
        authorization = f"Bearer {credentials.credentials}" if credentials is not None else None
        if refused := state.write_refusal(authorization):
            raise HTTPException(refused[0], refused[1], headers={"WWW-Authenticate": "Bearer"})

    @router.get("/meta", response_model=MetaOut)
    def meta() -> dict[str, Any]:
        """What the store holds, and how this server runs."""
        with state.store() as store:
            summary = store.summary()
        return {
            "read_only": state.token is None,
            "tile_url": state.tile_url,
            "counts": {
                "events": summary.events,
                "documents": summary.documents,
                "actors": summary.actors,
                "places": summary.places,
            },
            "types": list(summary.types),
            "acled_types": list(summary.acled_types),
            "date_range": list(summary.date_range) if summary.date_range else None,
        }

    @router.get(
        "/events", response_model=Page[EventItem], response_model_exclude_unset=True, responses=_ERRORS
    )
    def events(
        query: Annotated[EventQuery, Depends(event_query)],
        limit: Limit = 100,
        cursor: Cursor = None,
    ) -> dict[str, Any]:
        """Events matching every filter given, in date order (undated last), a page at a time."""
        where = event_filter(query)
        with state.store() as store:
            page = _paged(lambda: store.event_page(where, limit=limit, cursor=cursor))
        return {"items": [event_item(s) for s in page.items], "next_cursor": page.next_cursor}

    @router.get(
        "/events/{document_id}/{event_id}",
        response_model=EventDetail,
        response_model_exclude_unset=True,
        responses=_ERRORS,
    )
    def event(
        document_id: Annotated[str, Path(max_length=200)],
        event_id: Annotated[str, Path(max_length=200)],
    ) -> dict[str, Any]:
        """One event with its document's full text and its corrections."""
        with state.store() as store:
            stored = store.event(document_id, event_id)
            if stored is None:
                raise HTTPException(404, f"no event {event_id!r} in document {document_id!r}")
            corrections = store.corrections(document_id, event_id)
        return {"event": event_item(stored), "document": stored.document, "corrections": corrections}

    @router.get("/histogram", response_model=Histogram, responses=_ERRORS)
    def histogram(
        query: Annotated[EventQuery, Depends(event_query)],
        bucket: Annotated[str, Query(pattern="^(day|week|month)$")] = "month",
    ) -> Histogram:
        """Counts of the matching events per day, week (from Monday) or month of their first day."""
        where = event_filter(query)
        with state.store() as store:
            return store.histogram(where, bucket=bucket)

    @router.get("/network", response_model=Network, responses=_ERRORS)
    def network(query: Annotated[EventQuery, Depends(event_query)]) -> Network:
        """The actors of the matching events as nodes, actor1 -> actor2 event types as edges."""
        where = event_filter(query)
        with state.store() as store:
            return store.network(where)

    @router.get("/actors", response_model=Page[ActorSummary], responses=_ERRORS)
    def actors(q: SearchText = None, limit: Limit = 100, cursor: Cursor = None) -> Page[ActorSummary]:
        """Actors that take part in events, most events first, with their relations."""
        with state.store() as store:
            return _paged(lambda: store.actors(query=q, limit=limit, cursor=cursor))

    @router.get("/places", response_model=Page[PlaceSummary], responses=_ERRORS)
    def places(q: SearchText = None, limit: Limit = 100, cursor: Cursor = None) -> Page[PlaceSummary]:
        """Places of events, most events first."""
        with state.store() as store:
            return _paged(lambda: store.places(query=q, limit=limit, cursor=cursor))

    @router.get("/documents", response_model=Page[DocumentSummary], responses=_ERRORS)
    def documents(limit: Limit = 100, cursor: Cursor = None) -> Page[DocumentSummary]:
        """Stored documents (without their text) in the order they were ingested."""
        with state.store() as store:
            return _paged(lambda: store.document_page(limit=limit, cursor=cursor))

    @router.get(
        "/documents/{document_id}",
        response_model=DocumentDetail,
        response_model_exclude_unset=True,
        responses=_ERRORS,
    )
    def document(document_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
        """One document with its full text and its events."""
        with state.store() as store:
            items = list(_all_events(store, EventFilter(document=document_id)))
            result = store.result(document_id) if not items else None
            if not items and result is None:
                raise HTTPException(404, f"no document {document_id!r}")
        doc = items[0].document if items else result.document
        return {
            **dataclasses.asdict(doc),
            "event_count": len(items),
            "events": [event_item(s) for s in items],
        }

    @router.get(
        "/outlines",
        responses={200: {"content": {"application/geo+json": {"schema": {"type": "object"}}}}},
        response_class=Response,
    )
    def outlines() -> Response:
        """Country outlines (GeoJSON FeatureCollection, properties iso_a2 and name) for the map."""
        return Response(
            state.outlines(),
            media_type="application/geo+json",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    @router.post(
        "/documents",
        status_code=201,
        response_model=IngestOut,
        responses=_WRITE_ERRORS,
        dependencies=[Depends(require_token)],
    )
    def ingest(body: IngestIn) -> dict[str, Any]:
        """Extract a report and store it; a report stored already is left as it is."""
        try:
            document_id, created, n_events = state.ingest(body)
        except InputError as exc:
            raise HTTPException(400, str(exc)) from None
        return {"document_id": document_id, "created": created, "events": n_events}

    @router.post(
        "/events/{document_id}/{event_id}/corrections",
        status_code=201,
        response_model=Correction,
        responses=_WRITE_ERRORS,
        dependencies=[Depends(require_token)],
    )
    def correct(
        document_id: Annotated[str, Path(max_length=200)],
        event_id: Annotated[str, Path(max_length=200)],
        body: CorrectionIn,
    ) -> Correction:
        """Record an analyst's correction of the type, actor1, actor2 or place of an event.

        The machine's answer stays stored; reads show the corrected value and the machine's.
        """
        value = correction_value(state, body)
        with state.store() as store:
            if store.event(document_id, event_id) is None:
                raise HTTPException(404, f"no event {event_id!r} in document {document_id!r}")
            return store.add_correction(
                document_id, event_id, body.field, value, analyst=body.analyst, note=body.note
            )

    return router


def _paged(read: Callable[[], T]) -> T:
    try:
        return read()
    except ValueError as exc:  # a cursor that is not one of ours
        raise HTTPException(400, str(exc)) from None


def _all_events(store: Store, where: EventFilter) -> Iterator[StoredEvent]:
    cursor = None
    while True:
        page = store.event_page(where, limit=1000, cursor=cursor)
        yield from page.items
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def _bbox(text: str) -> tuple[float, float, float, float]:
    parts = text.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise ValueError(f"bbox must be WEST,SOUTH,EAST,NORTH in degrees, got {text!r}") from None
    return west, south, east, north


def correction_value(state: ApiState, body: CorrectionIn) -> str | tuple[ActorRef, ...] | Place | None:
    """The typed value of a correction: the type checked, actors and places resolved."""
    value = body.value
    if body.field == "type":
        if not isinstance(value, str) or value.strip().upper() not in PLOVER_TYPES:
            raise HTTPException(400, f"type must be one of the PLOVER types: {', '.join(PLOVER_TYPES)}")
        return value.strip().upper()
    if body.field in ("actor1", "actor2"):
        if isinstance(value, PlaceValue):
            raise HTTPException(400, f"{body.field} is an actor name (or null for none)")
        return state.actor_refs(value)
    if value is None:
        return None
    if isinstance(value, PlaceValue):
        return Place(
            name=value.name, geonameid=None, lat=value.lat, lon=value.lon, country=None, text=value.name
        )
    place = state.place(value)
    if place is None:
        raise HTTPException(
            400, f"no place called {value!r} in the gazetteer; give {{name, lat, lon}} instead"
        )
    return place


def document_ref(doc) -> dict[str, Any]:
    return {
        "id": doc.id,
        "title": doc.title,
        "outlet": doc.outlet,
        "published": doc.published,
        "language": doc.language,
        "url": doc.url,
    }


def event_item(stored: StoredEvent) -> dict[str, Any]:
    """The API's EventItem: event_to_dict plus the document, the key and the machine's values."""
    item = event_to_dict(stored.event)
    machine = None
    if stored.corrected_fields:
        original = event_to_dict(stored.machine)
        machine = {field: original[field] for field in stored.corrected_fields}
    item.update(
        document_id=stored.document.id,
        key=stored.key,
        document=document_ref(stored.document),
        corrected=bool(stored.corrected_fields),
        machine=machine,
    )
    return item
