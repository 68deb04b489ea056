"""Country outlines for the offline map: built from Natural Earth once, then read from the cache."""

from __future__ import annotations

import json

from shapely.geometry import Point, shape

from eventlens.config import Config
from eventlens.web.outlines import OUTLINES_FILE, country_outlines


def test_outlines_are_compact_geojson_with_syria_around_deir_ez_zor(tmp_path):
    data = country_outlines(Config(cache_dir=tmp_path))

    assert 300_000 <= len(data) <= 600_000
    collection = json.loads(data)
    assert collection["type"] == "FeatureCollection"
    by_iso = {f["properties"]["iso_a2"]: f for f in collection["features"]}
    assert len(by_iso) > 200
    syria = by_iso["SY"]
    assert set(syria["properties"]) == {"iso_a2", "name"}
    assert syria["properties"]["name"] == "Syria"
    assert shape(syria["geometry"]).contains(Point(40.14, 35.33))
    assert not shape(by_iso["IQ"]["geometry"]).contains(Point(40.14, 35.33))
    first = syria["geometry"]["coordinates"][0][0][0]
    assert all(round(value, 2) == value for value in first)


def test_outlines_are_written_once_and_read_from_the_cache(tmp_path, monkeypatch):
    config = Config(cache_dir=tmp_path / "cache")
    first = country_outlines(config)
    cached = tmp_path / "cache" / OUTLINES_FILE
    assert cached.read_bytes() == first
    assert [p.name for p in cached.parent.iterdir()] == [OUTLINES_FILE]

    def refuse_to_build():
        raise AssertionError("the outlines were built again instead of read from the cache")

    monkeypatch.setattr("eventlens.web.outlines._build_outlines", refuse_to_build)
    assert country_outlines(config) == first
