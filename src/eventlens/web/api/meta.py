"""GET /api/meta: what the store holds, and how this server runs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from eventlens.web.api_models import MetaOut
from eventlens.web.api_state import ApiState


def router(state: ApiState) -> APIRouter:
    routes = APIRouter()

    @routes.get("/meta", response_model=MetaOut)
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

    return routes
