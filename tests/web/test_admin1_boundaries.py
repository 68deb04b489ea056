"""The lines between admin1 regions: Voronoi cells of the gazetteer's towns, clipped to the country
outlines, built once per session into a cache folder of its own."""

from __future__ import annotations

import json
import shutil

import pytest
import shapely
from shapely.geometry import LineString, mapping, shape

from eventlens.config import Config
from eventlens.geo import Gazetteer
from eventlens.web.admin1_boundaries import _build, admin1_boundaries
from eventlens.web.outlines import OUTLINES_FILE, country_outlines


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.open(Config().gazetteer_file)


@pytest.fixture(scope="session")
def built(tmp_path_factory, gazetteer) -> tuple[Config, bytes]:
    """The world's lines built from the real gazetteer and outlines into an empty cache folder."""
    config = Config(cache_dir=tmp_path_factory.mktemp("admin1-cache"))
    return config, admin1_boundaries(gazetteer, config)


@pytest.fixture(scope="session")
def lines_of(built) -> dict[str, shapely.Geometry]:
    return {f["properties"]["iso_a2"]: shape(f["geometry"]) for f in json.loads(built[1])["features"]}


def crosses(lines: shapely.Geometry, a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether a line runs between two (lat, lon) points."""
    return LineString([(a[1], a[0]), (b[1], b[0])]).intersects(lines)


DEIR_EZ_ZOR, ALBU_KAMAL, RAQQA, TABQA = (35.33, 40.14), (34.45, 40.92), (35.95, 39.01), (35.84, 38.55)
DALLAS, AUSTIN, OKLAHOMA_CITY, TULSA = (32.78, -96.80), (30.27, -97.74), (35.47, -97.52), (36.15, -95.99)


def test_a_line_runs_between_two_regions_and_none_inside_one(lines_of):
    syria, us = lines_of["SY"], lines_of["US"]
    assert crosses(syria, DEIR_EZ_ZOR, RAQQA)
    assert not crosses(syria, DEIR_EZ_ZOR, ALBU_KAMAL)  # both in Deir ez-Zor governorate
    assert not crosses(syria, RAQQA, TABQA)  # both in Raqqa governorate
    assert crosses(us, DALLAS, OKLAHOMA_CITY)
    assert not crosses(us, DALLAS, AUSTIN)
    assert not crosses(us, OKLAHOMA_CITY, TULSA)


def test_every_line_lies_inside_its_country(built, lines_of):
    config, _ = built
    outlines = {}
    for feature in json.loads(country_outlines(config))["features"]:
        if iso := feature["properties"]["iso_a2"]:
            outlines.setdefault(iso, []).append(shapely.make_valid(shape(feature["geometry"])))
    assert len(lines_of) > 150
    for iso, lines in lines_of.items():
        # Within the rounding of the coordinates to 0.01 degree.
        outside = lines.difference(shapely.union_all(outlines[iso]).buffer(0.01))
        assert outside.length < 1e-6, iso
        assert -180 <= lines.bounds[0] and lines.bounds[2] <= 180, iso


def test_the_file_is_small_compact_geojson_and_leaves_out_countries_of_one_region(built, lines_of):
    data = built[1]
    assert 300_000 <= len(data) <= 700_000
    collection = json.loads(data)
    syria = next(f for f in collection["features"] if f["properties"]["iso_a2"] == "SY")
    assert syria["properties"] == {"iso_a2": "SY"}
    assert syria["geometry"]["type"] == "MultiLineString"
    assert all(round(value, 2) == value for line in syria["geometry"]["coordinates"] for value in line[0])
    assert "MC" not in lines_of and "SG" not in lines_of  # one region each: nothing inside to draw


def test_lines_of_a_country_astride_the_antimeridian_are_cut_at_180():
    # A Fiji-like country in two parts, either side of 180: region A's towns west of the
    # antimeridian, region B's east of it (negative longitudes); their cells meet at -179.8.
    halves = [shapely.box(178.0, -18.0, 180.0, -16.0), shapely.box(-180.0, -18.0, -178.0, -16.0)]
    fiji = {"properties": {"iso_a2": "FJ"}, "geometry": mapping(shapely.MultiPolygon(halves))}
    outlines = json.dumps({"type": "FeatureCollection", "features": [fiji]}).encode()
    rows = (-17.5, -17.0, -16.5)
    towns = [("FJ", "A", lat, lon) for lat in rows for lon in (178.5, 179.6)]
    towns += [("FJ", "B", lat, lon) for lat in rows for lon in (-179.2, -178.5)]
    towns += [("MC", "00", 43.73, 7.42), ("MC", "00", 43.74, 7.43)]  # no outline, one region

    (feature,) = json.loads(_build(towns, outlines))["features"]

    assert feature["properties"] == {"iso_a2": "FJ"}
    points = [point for line in feature["geometry"]["coordinates"] for point in line]
    assert {lon for lon, _ in points} == {-179.8}
    assert min(lat for _, lat in points) == -18.0 and max(lat for _, lat in points) == -16.0


def test_the_lines_are_built_once_per_gazetteer_and_stale_files_removed(
    built, gazetteer, tmp_path, monkeypatch
):
    config = Config(cache_dir=tmp_path)
    shutil.copyfile(built[0].cache_dir / OUTLINES_FILE, tmp_path / OUTLINES_FILE)
    copy = tmp_path / "gazetteer.sqlite"
    shutil.copyfile(gazetteer.path, copy)
    copied = Gazetteer(copy)
    monkeypatch.setattr("eventlens.web.admin1_boundaries._build", lambda towns, outlines: b"first")
    assert admin1_boundaries(copied, config) == b"first"
    (first,) = tmp_path.glob("admin1-boundaries-*.geojson")

    monkeypatch.setattr("eventlens.web.admin1_boundaries._build", lambda towns, outlines: b"again")
    assert admin1_boundaries(copied, config) == b"first"  # read from the cache

    # A rebuilt gazetteer (or an imported dump) is a new file: the lines are built again.
    shutil.copyfile(gazetteer.path, copy.with_suffix(".new"))
    copy.with_suffix(".new").replace(copy)
    assert admin1_boundaries(copied, config) == b"again"
    (second,) = tmp_path.glob("admin1-boundaries-*.geojson")
    assert second != first
