"""An analyst's corrections of an event (with the token): the machine's answer stays stored."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path

from eventlens.model import PLOVER_TYPES, ActorRef, Place
from eventlens.store import Correction
from eventlens.web.api.query import WRITE_ERRORS, token_check
from eventlens.web.api_models import CorrectionIn, PlaceValue
from eventlens.web.api_state import ApiState


def router(state: ApiState) -> APIRouter:
    routes = APIRouter()

    @routes.post(
        "/events/{document_id}/{event_id}/corrections",
        status_code=201,
        response_model=Correction,
        responses=WRITE_ERRORS,
        dependencies=[Depends(token_check(state))],
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

    return routes


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
