"""The world's regions as the build reads them from packages (eventlens.geo.world)."""

from __future__ import annotations

import pytest

from eventlens.geo import world


def test_a_region_is_placed_in_the_middle_of_its_towns_not_in_its_crowded_corner():
    # Nine towns in the east of a region, one in its far west: the median would sit in the
    # east, the trimmed box's middle sits between them.
    towns = [(30.0 + i * 0.1, -95.0) for i in range(9)] + [(31.0, -105.0)]
    lat, lon = world.region_point(towns)
    assert lat == pytest.approx(30.5, abs=0.05) and lon == pytest.approx(-100.0, abs=0.05)
    assert world.region_point([]) is None


def test_a_region_astride_the_antimeridian_is_not_placed_on_the_other_side_of_the_earth():
    _lat, lon = world.region_point([(-17.0, 178.0), (-17.5, 179.5), (-16.8, -179.9)])
    assert abs(lon) > 170


def test_countries_are_at_their_factbook_point():
    assert world.country_point("RU") == (60.0, 100.0)
    assert world.country_point("XK") is None or len(world.country_point("XK")) == 2


def test_admin1_rows_keep_the_ascii_name_as_an_alternate():
    row = {"country": "TR", "admin1_code": "34", "geonameid": "745042"}
    rows = [{**row, "name": "İstanbul", "asciiname": "Istanbul"}]
    (region,) = world.geonames_admin1(iter(rows), {("TR", "34"): [(41.0, 29.0)]})
    assert (region.geonameid, region.feature, region.alternates) == (745042, "admin1", ("Istanbul",))
    assert (region.lat, region.lon) == (41.0, 29.0)
