"""Great-circle distances and "LAT,LON" text."""

from __future__ import annotations

import pytest

from eventlens.geo import haversine_km, parse_lat_lon


def test_a_known_distance():
    # Damascus to Aleppo: about 310 km as the crow flies.
    assert 300 < haversine_km(33.5138, 36.2765, 36.2021, 37.1343) < 320
    assert haversine_km(35.0, 40.0, 35.0, 40.0) == 0.0


@pytest.mark.parametrize(
    ("text", "point"), [("35.33,40.14", (35.33, 40.14)), (" -1.5 , 36.8 ", (-1.5, 36.8))]
)
def test_coordinates_are_read(text, point):
    assert parse_lat_lon(text) == point


@pytest.mark.parametrize("text", ["Manbij", "35.3", "35,40,1", "north,east"])
def test_anything_else_is_a_place_name(text):
    assert parse_lat_lon(text) is None
