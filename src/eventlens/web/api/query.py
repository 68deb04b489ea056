"""What the routes share: the event filters as query parameters, paging parameters, the token check
and the error responses they declare."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Annotated, TypeVar

from fastapi import HTTPException, Query, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from eventlens.store import EventFilter
from eventlens.web.api_models import ErrorOut, Modality
from eventlens.web.api_state import ApiState

T = TypeVar("T")

ERRORS = {status: {"model": ErrorOut} for status in (400, 404)}
WRITE_ERRORS = {status: {"model": ErrorOut} for status in (400, 401, 403, 404)}
_DEFAULT_KM = 25.0  # as `eventlens events --near`

_bearer = HTTPBearer(auto_error=False, description="The token given to `eventlens serve --token`")

Limit = Annotated[int, Query(ge=1, le=1000, description="Items per page")]
Cursor = Annotated[str | None, Query(max_length=500, description="next_cursor of the previous page")]
SearchText = Annotated[str | None, Query(max_length=200)]


@dataclasses.dataclass(frozen=True)
class EventQuery:
    """The event filters that every route over a set of events shares, as given."""

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
    country: str | None
    admin1: str | None
    fatal: bool
    historical: bool | None


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
    country: Annotated[
        str | None, Query(max_length=200, description="ISO 3166 alpha-2 code or English name, any case")
    ] = None,
    admin1: Annotated[
        str | None,
        Query(max_length=200, description="First-level division (province, governorate), any case"),
    ] = None,
    fatal: Annotated[bool, Query(description="Only events with fatalities above zero")] = False,
    historical: Annotated[
        bool | None, Query(description="false: leave out recalled past events; true: only them")
    ] = None,
) -> EventQuery:
    return EventQuery(
        actor,
        type,
        acled_type,
        place,
        bbox,
        near,
        km,
        since,
        until,
        q,
        modality,
        min_confidence,
        country,
        admin1,
        fatal,
        historical,
    )


def event_filter(state: ApiState, query: EventQuery) -> EventFilter:
    """The EventFilter of the query parameters; HTTP 400 for values that do not fit."""
    try:
        return EventFilter(
            actor=query.actor,
            type=query.type,
            acled_type=query.acled_type,
            place=query.place,
            bbox=parse_bbox(query.bbox) if query.bbox else None,
            near=state.point(query.near) if query.near else None,
            km=(query.km if query.km is not None else _DEFAULT_KM) if query.near else None,
            since=query.since,
            until=query.until,
            text=query.q,
            modality=query.modality,
            min_confidence=query.min_confidence,
            country=query.country,
            admin1=query.admin1,
            fatal=query.fatal,
            historical=query.historical,
        )
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """WEST,SOUTH,EAST,NORTH as four numbers; ValueError otherwise."""
    parts = text.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise ValueError(f"bbox must be WEST,SOUTH,EAST,NORTH in degrees, got {text!r}") from None
    return west, south, east, north


def answer(read: Callable[[], T]) -> T:
    """The value of a store read; HTTP 400 for a ValueError (a cursor that is not one of ours, a bad order)."""
    try:
        return read()
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None


def token_check(state: ApiState) -> Callable[..., None]:
    """A dependency that refuses a write without the server's token (and declares it in the schema)."""

    def require_token(credentials: HTTPAuthorizationCredentials | None = Security(_bearer)) -> None:
        # WriteGuard has checked the token before the body was read; this declares it in the schema.
        authorization = f"Bearer {credentials.credentials}" if credentials is not None else None
        if refused := state.write_refusal(authorization):
            raise HTTPException(refused[0], refused[1], headers={"WWW-Authenticate": "Bearer"})

    return require_token
