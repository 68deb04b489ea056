"""The events: pages of the matching events, one event in full, and their counts over time."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from eventlens.store import Histogram, Page
from eventlens.web.api.items import event_item
from eventlens.web.api.query import ERRORS, Cursor, EventQuery, Limit, answer, event_filter, event_query
from eventlens.web.api_models import EventDetail, EventItem
from eventlens.web.api_state import ApiState


def router(state: ApiState) -> APIRouter:
    routes = APIRouter()

    @routes.get(
        "/events", response_model=Page[EventItem], response_model_exclude_unset=True, responses=ERRORS
    )
    def events(
        query: Annotated[EventQuery, Depends(event_query)],
        limit: Limit = 100,
        cursor: Cursor = None,
        order: Annotated[
            Literal["oldest", "newest"],
            Query(description="oldest: by first possible day; newest: latest first; undated last in both"),
        ] = "oldest",
    ) -> dict[str, Any]:
        """Events matching every filter given, in date order (undated last), a page at a time."""
        where = event_filter(state, query)
        with state.store() as store:
            page = answer(lambda: store.event_page(where, limit=limit, cursor=cursor, order=order))
        return {"items": [event_item(s) for s in page.items], "next_cursor": page.next_cursor}

    @routes.get(
        "/events/{document_id}/{event_id}",
        response_model=EventDetail,
        response_model_exclude_unset=True,
        responses=ERRORS,
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

    @routes.get("/histogram", response_model=Histogram, responses=ERRORS)
    def histogram(
        query: Annotated[EventQuery, Depends(event_query)],
        bucket: Annotated[str, Query(pattern="^(day|week|month)$")] = "month",
    ) -> Histogram:
        """Counts and fatalities of the matching events per day, week (from Monday) or month of their first day."""
        where = event_filter(state, query)
        with state.store() as store:
            return store.histogram(where, bucket=bucket)

    return routes
