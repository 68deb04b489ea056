"""The lines between first-level divisions (admin1: governorates, provinces, states) for the page's
offline map, approximated from the gazetteer's towns, built once and cached.

No permissively licensed offline package carries admin1 polygons, so the lines are drawn from facts
eventlens already ships: every GeoNames town in the gazetteer (cities500, and the villages of any
imported dump) has a country and an admin1 code. A country's towns are tessellated into Voronoi
cells, and a cell edge between two towns of different regions is a piece of a region boundary.
The pieces are clipped to the country's outline as the page draws it (``outlines``), so coasts and
international borders are Natural Earth's and only the lines inside a country are approximate:
they run half-way between the nearest towns of two regions, which where towns are few (a desert)
can be tens of kilometres off.

Only those internal lines are written, one MultiLineString per country, not a polygon per region:
the page draws the countries already, a line is written once instead of once for each side, and no
coast is written again, so the file is a third the size of the regions as polygons.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely
from scipy.spatial import Voronoi
from shapely.geometry import shape

from eventlens.config import Config
from eventlens.web.cached_file import read_or_build
from eventlens.web.outlines import OUTLINES_FILE, country_outlines

if TYPE_CHECKING:
    from eventlens.geo import Gazetteer

# Bump when the build changes what it writes. The file's name also carries a key of the gazetteer
# file and the outlines it was built from, so a rebuilt gazetteer or an imported dump (which adds
# villages, and so sharper lines) builds the lines again.
_FILE_PREFIX = "admin1-boundaries-v1"
# Degrees. Voronoi edges zigzag between towns a few km apart, finer than the lines are right; 0.05°
# (about 5 km) smooths that and keeps the world's lines to about half a megabyte.
_TOLERANCE = 0.05
_GRID = 0.01  # coordinates are rounded to this (about 1 km), as the outlines are
# Points on a circle this many times the country's size around it: every town's cell is then
# closed, so each edge between two towns has two ends.
_FRAME_RADIUS = 2.0
_FRAME_POINTS = 32


def admin1_boundaries(gazetteer: Gazetteer, config: Config | None = None) -> bytes:
    """The lines between the admin1 regions of every country as compact GeoJSON bytes: a
    FeatureCollection of MultiLineStrings with property ``iso_a2``.

    Built on the first call into ``config.cache_dir`` (written atomically, a few seconds) and read
    from there afterwards; files built from an older gazetteer are removed.
    """
    config = config or Config()
    path = Path(config.cache_dir) / f"{_FILE_PREFIX}-{_source_key(gazetteer)}.geojson"
    data = read_or_build(path, lambda: _build(gazetteer.towns(), country_outlines(config)))
    for stale in path.parent.glob(f"{_FILE_PREFIX}-*.geojson"):
        if stale != path:
            stale.unlink(missing_ok=True)
    return data


def _source_key(gazetteer: Gazetteer) -> str:
    # The gazetteer file is only ever replaced whole (a build or an import renames a new file into
    # place), so its size and modification time change whenever its towns do.
    stat = gazetteer.path.stat()
    return hashlib.sha256(f"{OUTLINES_FILE}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:12]


def _build(towns: list[tuple[str, str, float, float]], outlines: bytes) -> bytes:
    by_country: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    for country, admin1, lat, lon in towns:
        by_country[country].append((lon, lat, admin1))
    features = []
    # Towns of a country Natural Earth draws as part of another (Réunion, French Guiana: France)
    # have no outline of their own to clip to and are left out.
    for iso, outline in sorted(_country_shapes(outlines).items()):
        if len({admin1 for _, _, admin1 in by_country.get(iso, ())}) < 2:
            continue  # one region or none (Monaco, Singapore): nothing to draw inside
        lines = _internal_lines(outline, by_country[iso])
        if lines:
            features.append(
                {
                    "type": "Feature",
                    "properties": {"iso_a2": iso},
                    "geometry": {"type": "MultiLineString", "coordinates": lines},
                }
            )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, separators=(",", ":")).encode("utf-8")


def _country_shapes(outlines: bytes) -> dict[str, shapely.Geometry]:
    """Each country's outline as the page draws it, its parts (Brazil's islands) in one shape.

    Simplified and rounded, a few outlines cross themselves (Chile's fjords); ``make_valid`` mends
    them so they can be clipped to. Territories without an ISO code (Akrotiri, Bir Tawil) have no
    towns of their own and are left out.
    """
    parts: dict[str, list[shapely.Geometry]] = defaultdict(list)
    for feature in json.loads(outlines)["features"]:
        if iso := feature["properties"]["iso_a2"]:
            parts[iso].append(shapely.make_valid(shape(feature["geometry"])))
    return {iso: shapely.union_all(shapes) for iso, shapes in parts.items()}


def _internal_lines(
    outline: shapely.Geometry, towns: list[tuple[float, float, str]]
) -> list[list[list[float]]]:
    """The lines between the towns' admin1 regions inside ``outline``, as GeoJSON coordinates."""
    west, _, east, _ = outline.bounds
    # Russia, the United States (the Aleutians), Fiji, Kiribati and New Zealand (the Chathams)
    # straddle the antimeridian: their towns and outline are worked on in longitudes 0 to 360,
    # where each is in one piece, and the lines are cut at 180 afterwards.
    straddles = west < -179 and east > 179
    if straddles:
        outline = shapely.transform(outline, lambda xy: np.column_stack([xy[:, 0] % 360, xy[:, 1]]))
    position: dict[tuple[float, float], str] = {}
    for lon, lat, admin1 in towns:
        # Towns at one point (a town and its quarter) would be one Voronoi site: the first one's region.
        position.setdefault((lon % 360 if straddles else lon, lat), admin1)
    points = np.array(list(position))
    codes = {code: n for n, code in enumerate(sorted(set(position.values())))}
    regions = np.array([codes[admin1] for admin1 in position.values()])
    # A degree of longitude is shorter than one of latitude away from the equator: the cells are
    # drawn with longitudes shrunk by the cosine of the country's middle latitude, so that a town's
    # cell holds the places nearest to it on the ground, not in degrees.
    squeeze = math.cos(math.radians(float(np.median(points[:, 1]))))
    sites = points * [squeeze, 1.0]
    x0, y0, x1, y1 = shapely.bounds(shapely.multipoints(sites))
    ox0, oy0, ox1, oy1 = outline.bounds
    x0, x1, y0, y1 = min(x0, ox0 * squeeze), max(x1, ox1 * squeeze), min(y0, oy0), max(y1, oy1)
    radius = _FRAME_RADIUS * max(x1 - x0, y1 - y0, 1.0)
    angles = np.linspace(0, 2 * math.pi, _FRAME_POINTS, endpoint=False)
    frame = np.column_stack(
        [(x0 + x1) / 2 + radius * np.cos(angles), (y0 + y1) / 2 + radius * np.sin(angles)]
    )
    diagram = Voronoi(np.vstack([sites, frame]))

    pairs = diagram.ridge_points
    towns_only = (pairs < len(sites)).all(axis=1)
    between = np.zeros(len(pairs), dtype=bool)
    between[towns_only] = regions[pairs[towns_only, 0]] != regions[pairs[towns_only, 1]]
    ridges = np.array(diagram.ridge_vertices)[between]
    segments = diagram.vertices[ridges] / [squeeze, 1.0]
    lines = shapely.line_merge(shapely.multilinestrings(shapely.linestrings(segments)))
    # Simplified before clipping, so that every vertex left is inside the outline or on its edge.
    lines = shapely.intersection(lines.simplify(_TOLERANCE), outline)
    if straddles:
        east_half = shapely.clip_by_rect(lines, 0, -90, 180, 90)
        west_half = shapely.transform(
            shapely.clip_by_rect(lines, 180, -90, 360, 90), lambda xy: xy - [360, 0]
        )
        lines = shapely.union_all([east_half, west_half])
    # Merged again: the clipping and the rounding cut lines where they crossed or met others.
    lines = shapely.line_merge(shapely.set_precision(lines, _GRID))
    return [shapely.get_coordinates(part).tolist() for part in shapely.get_parts(lines) if not part.is_empty]
