"""The /api routes, one module per resource (as datasette's views): each module's ``router``
builds its routes over the server's ``ApiState``; ``build_router`` gathers them under /api.

Every route uses the store of its thread (a store is not thread-safe, and FastAPI runs these sync
routes in a thread pool) and answers JSON only, except the downloads of ``exports``.
"""

from __future__ import annotations

from fastapi import APIRouter

from eventlens.web.api import actors, corrections, documents, events, exports, maps, meta, places
from eventlens.web.api_state import ApiState

_RESOURCES = (meta, events, maps, actors, places, documents, corrections, exports)


def build_router(state: ApiState) -> APIRouter:
    """The /api routes over the state's store, pipeline and token."""
    router = APIRouter(prefix="/api")
    for resource in _RESOURCES:
        router.include_router(resource.router(state))
    return router
