"""The places of events, the busiest first."""

from __future__ import annotations

from fastapi import APIRouter

from eventlens.store import Page, PlaceSummary
from eventlens.web.api.query import ERRORS, Cursor, Limit, SearchText, answer
from eventlens.web.api_state import ApiState


def router(state: ApiState) -> APIRouter:
    routes = APIRouter()

    @routes.get("/places", response_model=Page[PlaceSummary], responses=ERRORS)
    def places(q: SearchText = None, limit: Limit = 100, cursor: Cursor = None) -> Page[PlaceSummary]:
        """Places of events, most events first."""
        with state.store() as store:
            return answer(lambda: store.places(query=q, limit=limit, cursor=cursor))

    return routes
