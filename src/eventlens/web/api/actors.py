"""The actors: the busiest first, and the network of the matching events."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from eventlens.store import ActorSummary, Network, Page
from eventlens.web.api.query import (
    ERRORS,
    Cursor,
    EventQuery,
    Limit,
    SearchText,
    answer,
    event_filter,
    event_query,
)
from eventlens.web.api_state import ApiState


def router(state: ApiState) -> APIRouter:
    routes = APIRouter()

    @routes.get("/network", response_model=Network, responses=ERRORS)
    def network(query: Annotated[EventQuery, Depends(event_query)]) -> Network:
        """The actors of the matching events as nodes, actor1 -> actor2 event types as edges."""
        where = event_filter(state, query)
        with state.store() as store:
            return store.network(where)

    @routes.get("/actors", response_model=Page[ActorSummary], responses=ERRORS)
    def actors(q: SearchText = None, limit: Limit = 100, cursor: Cursor = None) -> Page[ActorSummary]:
        """Actors that take part in events, most events first, with their relations."""
        with state.store() as store:
            return answer(lambda: store.actors(query=q, limit=limit, cursor=cursor))

    return routes
