"""The documents: the stored reports, one in full with its events, and (with the token) a new one."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path

from eventlens.errors import InputError
from eventlens.store import DocumentSummary, EventFilter, Page
from eventlens.web.api.items import event_item
from eventlens.web.api.query import ERRORS, WRITE_ERRORS, Cursor, Limit, answer, token_check
from eventlens.web.api_models import DocumentDetail, IngestIn, IngestOut
from eventlens.web.api_state import ApiState


def router(state: ApiState) -> APIRouter:
    routes = APIRouter()

    @routes.get("/documents", response_model=Page[DocumentSummary], responses=ERRORS)
    def documents(limit: Limit = 100, cursor: Cursor = None) -> Page[DocumentSummary]:
        """Stored documents (without their text) in the order they were ingested."""
        with state.store() as store:
            return answer(lambda: store.document_page(limit=limit, cursor=cursor))

    @routes.get(
        "/documents/{document_id}",
        response_model=DocumentDetail,
        response_model_exclude_unset=True,
        responses=ERRORS,
    )
    def document(document_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
        """One document with its full text and its events."""
        items = []
        with state.store() as store:
            cursor = None
            while True:
                page = store.event_page(EventFilter(document=document_id), limit=1000, cursor=cursor)
                items += page.items
                if (cursor := page.next_cursor) is None:
                    break
            result = store.result(document_id) if not items else None
            if not items and result is None:
                raise HTTPException(404, f"no document {document_id!r}")
        doc = items[0].document if items else result.document
        return {
            **dataclasses.asdict(doc),
            "event_count": len(items),
            "events": [event_item(s) for s in items],
        }

    @routes.post(
        "/documents",
        status_code=201,
        response_model=IngestOut,
        responses=WRITE_ERRORS,
        dependencies=[Depends(token_check(state))],
    )
    def ingest(body: IngestIn) -> dict[str, Any]:
        """Extract a report and store it; a report stored already is left as it is."""
        try:
            document_id, created, n_events = state.ingest(body)
        except InputError as exc:
            raise HTTPException(400, str(exc)) from None
        return {"document_id": document_id, "created": created, "events": n_events}

    return routes
