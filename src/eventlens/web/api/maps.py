"""What the map and the region table draw: events per grid cell, per admin region, the country
outlines and the lines between admin1 regions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Response

from eventlens.store import MapClusters, RegionCount
from eventlens.web.api.query import ERRORS, EventQuery, event_filter, event_query, parse_bbox
from eventlens.web.api_state import ApiState


def router(state: ApiState) -> APIRouter:
    routes = APIRouter()

    @routes.get("/clusters", response_model=MapClusters, responses=ERRORS)
    def clusters(
        query: Annotated[EventQuery, Depends(event_query)],
        cell: Annotated[
            float, Query(gt=0, le=360, allow_inf_nan=False, description="Grid cell size in degrees")
        ] = 1.0,
        view: Annotated[
            str | None,
            Query(max_length=200, description="WEST,SOUTH,EAST,NORTH: only the cells inside the map's view"),
        ] = None,
    ) -> MapClusters:
        """The matching events counted per grid cell (with their types), and those without coordinates."""
        where = event_filter(state, query)
        try:
            box = parse_bbox(view) if view else None
        except ValueError as exc:
            raise HTTPException(400, str(exc).replace("bbox", "view")) from None
        with state.store() as store:
            try:
                return store.clusters(where, cell=cell, view=box)
            except ValueError as exc:
                raise HTTPException(400, str(exc)) from None

    @routes.get("/regions", response_model=list[RegionCount], responses=ERRORS)
    def regions(query: Annotated[EventQuery, Depends(event_query)]) -> tuple[RegionCount, ...]:
        """The matching events and their fatalities per country and first-level division, most events first."""
        where = event_filter(state, query)
        with state.store() as store:
            return store.regions(where)

    geojson = {200: {"content": {"application/geo+json": {"schema": {"type": "object"}}}}}
    # The files change only with an eventlens upgrade or a rebuilt gazetteer: browsers keep them a day.
    kept_a_day = {"Cache-Control": "public, max-age=86400"}

    @routes.get("/outlines", responses=geojson, response_class=Response)
    def outlines() -> Response:
        """Country outlines (GeoJSON FeatureCollection, properties iso_a2 and name) for the map."""
        return Response(state.outlines(), media_type="application/geo+json", headers=kept_a_day)

    @routes.get("/outlines/admin1", responses=geojson, response_class=Response)
    def admin1_boundaries() -> Response:
        """The lines between each country's first-level divisions (GeoJSON FeatureCollection of
        MultiLineStrings, property iso_a2), approximated from the gazetteer's towns."""
        return Response(state.admin1_boundaries(), media_type="application/geo+json", headers=kept_a_day)

    return routes
