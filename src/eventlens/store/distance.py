"""The latitude/longitude box that encloses a circle (the distance itself is eventlens.geo's).

The store filters ``near``/``km`` in two steps: a box in SQL, which an index on (lat, lon)
answers on any database, then the exact haversine distance (in SQL) on the rows inside the box.
"""

from __future__ import annotations

import math

from eventlens.geo.distance import EARTH_RADIUS_KM

# Widen the box by a hair so points exactly on the circle survive floating-point rounding.
_BOX_MARGIN_DEG = 1e-6


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, list[tuple[float, float]] | None]:
    """The box around a circle: (min lat, max lat, longitude ranges or None for all longitudes).

    Longitude ranges are one (lon_min, lon_max) pair, or two when the box crosses the
    antimeridian. None means every longitude qualifies: the circle contains a pole.
    Follows J. Matuschek, "Finding Points Within a Distance of a Latitude/Longitude Using
    Bounding Coordinates".
    """
    r = km / EARTH_RADIUS_KM  # angular radius
    lat_min = lat - math.degrees(r) - _BOX_MARGIN_DEG
    lat_max = lat + math.degrees(r) + _BOX_MARGIN_DEG
    if lat_min <= -90 or lat_max >= 90:
        return max(lat_min, -90.0), min(lat_max, 90.0), None
    ratio = math.sin(r) / math.cos(math.radians(lat))
    if ratio >= 1:
        return lat_min, lat_max, None
    dlon = math.degrees(math.asin(ratio)) + _BOX_MARGIN_DEG
    lon_min, lon_max = lon - dlon, lon + dlon
    if lon_min < -180:
        return lat_min, lat_max, [(lon_min + 360, 180.0), (-180.0, lon_max)]
    if lon_max > 180:
        return lat_min, lat_max, [(lon_min, 180.0), (-180.0, lon_max - 360)]
    return lat_min, lat_max, [(lon_min, lon_max)]
