"""The build: atomic, versioned, locked, and fed from small GeoNames files here."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from eventlens.errors import DataError
from eventlens.geo import Gazetteer, build
from eventlens.geo.build import build_gazetteer, is_current

CITIES = {
    "174448": {
        "geonameid": 174448,
        "name": "Ālbū Kamāl",
        "latitude": 34.45226,
        "longitude": 40.91854,
        "countrycode": "SY",
        "population": 57572,
        "timezone": "Asia/Damascus",
        "admin1code": "07",
        "alternatenames": ["Abu Kamal", "Al-Bukamal", "abw kmal", "البو كمال"],
    },
    "92138": {
        "geonameid": 92138,
        "name": "Al Qā’im",
        "latitude": 34.39251,
        "longitude": 40.98945,
        "countrycode": "IQ",
        "population": 74100,
        "timezone": "Asia/Baghdad",
        "admin1code": "01",
        "alternatenames": ["Al-Qaim", "القائم"],
    },
    "4298960": {
        "geonameid": 4298960,
        "name": "London",
        "latitude": 37.12898,
        "longitude": -84.08326,
        "countrycode": "US",
        "population": 8126,
        "timezone": "America/New_York",
        "admin1code": "KY",
        "alternatenames": [],
    },
}
COUNTIES = [{"fips": "21125", "name": "Laurel County", "state": "KY"}]
CONTINENTS = {
    "AS": {
        "geonameId": 6255147,
        "name": "Asia",
        "lat": "29.84064",
        "lng": "89.29688",
        "population": 3812366000,
        "alternateNames": [{"name": "Asia", "lang": "en"}, {"name": "آسيا", "lang": "ar"}],
    }
}
COUNTRIES = {
    "SY": {
        "geonameid": 163843,
        "name": "Syria",
        "iso": "SY",
        "population": 22933531,
        "neighbours": "IQ,JO,IL,TR,LB",
    },
    "IQ": {
        "geonameid": 99237,
        "name": "Iraq",
        "iso": "IQ",
        "population": 40000000,
        "neighbours": "SY,TR,IR,JO,KW,SA",
    },
}


@pytest.fixture()
def small_geonames(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    source = tmp_path / "geonames"
    source.mkdir()
    (source / "cities500.json").write_text(json.dumps(CITIES), encoding="utf-8")
    (source / "countries.json").write_text(json.dumps(COUNTRIES), encoding="utf-8")
    (source / "us_counties.json").write_text(json.dumps(COUNTIES), encoding="utf-8")
    (source / "continents.json").write_text(json.dumps(CONTINENTS, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(build, "geonames_dir", lambda: source)
    return tmp_path / "cache" / "gazetteer.sqlite"


def test_builds_on_first_open_and_reuses_after(small_geonames: Path):
    assert not small_geonames.exists()
    gazetteer = Gazetteer.open(small_geonames)
    assert [c.geonameid for c in gazetteer.lookup("Albu Kamal")] == [174448]
    assert all(c.match == "fuzzy" for c in gazetteer.lookup("abw kmal"))  # romanisations are not indexed
    assert is_current(small_geonames)
    mtime = small_geonames.stat().st_mtime_ns
    Gazetteer.open(small_geonames)
    assert small_geonames.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in small_geonames.parent.iterdir()) == [
        "gazetteer.sqlite",
        "gazetteer.sqlite.lock",
    ]


def test_open_uses_the_configured_cache_dir(small_geonames: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EVENTLENS_CACHE", str(small_geonames.parent))
    gazetteer = Gazetteer.open()
    assert gazetteer.path == small_geonames and small_geonames.exists()


def test_a_crash_leaves_no_database(small_geonames: Path, monkeypatch: pytest.MonkeyPatch):
    real_tsv = build.read_tsv

    def broken(name: str):
        if name == "points.tsv":
            raise RuntimeError("disk full")
        return real_tsv(name)

    monkeypatch.setattr(build, "read_tsv", broken)
    with pytest.raises(RuntimeError):
        build_gazetteer(small_geonames)
    assert not small_geonames.exists()
    assert [p.name for p in small_geonames.parent.iterdir()] == ["gazetteer.sqlite.lock"]


def test_a_stale_or_broken_database_is_rebuilt(small_geonames: Path, monkeypatch: pytest.MonkeyPatch):
    build_gazetteer(small_geonames)
    with sqlite3.connect(small_geonames) as conn:
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'fingerprint'")
    assert not is_current(small_geonames)
    Gazetteer.open(small_geonames)
    assert is_current(small_geonames)

    small_geonames.write_bytes(b"not a database")
    assert not is_current(small_geonames)
    assert Gazetteer.open(small_geonames).lookup("Al-Qaim")[0].geonameid == 92138

    monkeypatch.setattr(build, "BUILD_VERSION", build.BUILD_VERSION + 1)
    assert not is_current(small_geonames)


def test_a_duplicate_id_is_a_data_error(small_geonames: Path, monkeypatch: pytest.MonkeyPatch):
    cities = dict(CITIES)
    cities["163843"] = dict(CITIES["92138"], geonameid=163843)  # Syria's country id
    (build.geonames_dir() / "cities500.json").write_text(json.dumps(cities), encoding="utf-8")
    with pytest.raises(DataError):
        build_gazetteer(small_geonames)
    assert not small_geonames.exists()


def test_the_world_regions_come_from_packages(small_geonames: Path):
    gazetteer = Gazetteer.open(small_geonames)
    kentucky = gazetteer.lookup("Kentucky")[0]
    # GeoNames' id; placed among its towns (here one: London).
    assert (kentucky.geonameid, kentucky.feature, kentucky.country) == (6254925, "admin1", "US")
    assert (kentucky.lat, kentucky.lon) == pytest.approx((37.12898, -84.08326), abs=1e-3)
    assert gazetteer.lookup("Ky.")[0].geonameid == 6254925
    county = gazetteer.lookup("Laurel County")[0]
    # Placed at the middle of its ZIP codes, within a county's width of London, its seat.
    assert county.feature == "admin2" and county.admin1 == "Kentucky"
    assert abs(county.lat - 37.13) < 0.3 and abs(county.lon + 84.08) < 0.3
    asia = gazetteer.lookup("آسيا")[0]
    assert (asia.geonameid, asia.feature, asia.precision) == (6255147, "continent", 3)
    # Countries at their Factbook point, not among their towns: Syria's is 35N 38E.
    assert gazetteer.country("SY").lat == 35.0 and gazetteer.country("SY").lon == 38.0
    assert gazetteer.lookup("Indian Ocean")[0].feature == "water"


def test_progress_is_reported_not_printed(small_geonames: Path, capsys: pytest.CaptureFixture):
    stages = []
    build_gazetteer(small_geonames, progress=lambda stage, fraction: stages.append(fraction))
    assert stages[0] == 0.0 and stages[-1] == 1.0 and stages == sorted(stages)
    assert capsys.readouterr() == ("", "")


def test_data_files_are_well_formed():
    ids = [int(row["id"]) for row in build.read_tsv("points.tsv")]
    assert all(i < 0 for i in ids) and len(ids) == len(set(ids))
    features = {row["feature"] for row in build.read_tsv("points.tsv")}
    assert features <= {"crossing", "field", "base", "airport", "dam", "region", "water"}
    admin1 = list(build.read_tsv("admin1.tsv"))
    assert len({(r["country"], r["admin1_code"]) for r in admin1}) == len(admin1)
    assert {
        "SY",
        "IQ",
        "LB",
        "JO",
        "TR",
        "IR",
        "YE",
        "LY",
        "IL",
        "PS",
        "SA",
        "EG",
        "AF",
        "ML",
        "NG",
        "SO",
        "SD",
        "UA",
    } <= {r["country"] for r in admin1}
    deir = next(r for r in admin1 if (r["country"], r["admin1_code"]) == ("SY", "07"))
    assert deir["geonameid"] == "170792" and "دير الزور" in deir["alternatenames"]
    for row in admin1 + list(build.read_tsv("points.tsv")):
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180
