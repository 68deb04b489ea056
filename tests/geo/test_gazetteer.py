"""Gazetteer lookups: spellings, Arabic, fuzzy, regions, curated points, ruler names."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from eventlens.geo import Candidate, Gazetteer
from eventlens.model import Place

ALBU_KAMAL, DEIR_EZ_ZOR_CITY, DEIR_EZ_ZOR_REGION, AL_QAIM = 174448, 170794, 170792, 92138


def ids(candidates: list[Candidate]) -> list[int]:
    return [c.geonameid for c in candidates]


@pytest.mark.parametrize(
    "spelling",
    ["Al-Bukamal", "al-Bukamal", "Albu Kamal", "Abu Kamal", "Boukamal", "Abukamal", "البوكمال", "أبو كمال"],
)
def test_albu_kamal_spellings(gazetteer, spelling):
    assert ALBU_KAMAL in ids(gazetteer.lookup(spelling)[:3])


@pytest.mark.parametrize(
    "spelling", ["Deir Ezzor", "Deir ez-Zor", "Dayr az-Zawr", "Deir al-Zour", "دير الزور"]
)
def test_deir_ez_zor_spellings_find_the_city_and_the_governorate(gazetteer, spelling):
    found = ids(gazetteer.lookup(spelling)[:3])
    assert DEIR_EZ_ZOR_CITY in found and DEIR_EZ_ZOR_REGION in found


def test_candidate_fields(gazetteer):
    city = next(c for c in gazetteer.lookup("Albu Kamal") if c.geonameid == ALBU_KAMAL)
    assert (city.country, city.admin1, city.admin1_code, city.feature) == (
        "SY",
        "Deir ez-Zor",
        "07",
        "populated",
    )
    assert city.match == "exact" and city.similarity == 1.0
    assert abs(city.lat - 34.45) < 0.05 and abs(city.lon - 40.92) < 0.05
    region = gazetteer.place(DEIR_EZ_ZOR_REGION)
    assert (region.feature, region.precision, region.admin1) == ("admin1", 3, "Deir ez-Zor")
    assert region.population > 300000  # the sum of its towns


def test_match_kinds_rank_exact_key_loose(gazetteer):
    assert gazetteer.lookup("Al-Bukamal")[0].match == "exact"
    boukamal = gazetteer.lookup("Boukamal")[0]
    assert (boukamal.geonameid, boukamal.match) == (ALBU_KAMAL, "key")
    assert boukamal.similarity < 1.0


@pytest.mark.parametrize(
    ("misspelling", "geonameid"),
    [("Dier ez-Zor", DEIR_EZ_ZOR_CITY), ("Idleb", 169389), ("Manbijj", 167357), ("Qamishlee", 173377)],
)
def test_fuzzy_misspellings(gazetteer, misspelling, geonameid):
    found = gazetteer.lookup(misspelling)
    assert geonameid in ids(found[:4])


def test_fuzzy_is_flagged_and_scored_below_key_matches(gazetteer):
    found = next(c for c in gazetteer.lookup("Dier ez-Zor") if c.geonameid == DEIR_EZ_ZOR_CITY)
    assert found.match == "fuzzy" and 0.7 < found.similarity < 0.9


def test_how_close_a_misspelling_must_be_is_a_setting(gazetteer):
    # "Dier ez-Zor" is about 92 % like "Deir ez-Zor" (rapidfuzz's ratio of their keys).
    strict = dataclasses.replace(gazetteer.settings, fuzzy_cutoff=95.0)
    assert DEIR_EZ_ZOR_CITY in ids(gazetteer.lookup("Dier ez-Zor"))
    assert Gazetteer(gazetteer.path, strict).lookup("Dier ez-Zor") == []


def test_the_settings_travel_with_a_pickled_gazetteer(gazetteer):
    strict = Gazetteer(gazetteer.path, dataclasses.replace(gazetteer.settings, fuzzy_cutoff=95.0))
    assert pickle.loads(pickle.dumps(strict)).settings == strict.settings


def test_nonsense_finds_nothing(gazetteer):
    assert gazetteer.lookup("Xyzzyq Blorfington") == []
    assert gazetteer.lookup("   ") == []


def test_curated_points_and_regions(gazetteer):
    crossing = gazetteer.lookup("al-Qaim border crossing")[0]
    assert crossing.feature == "crossing" and crossing.geonameid < 0 and crossing.country == "IQ"
    assert gazetteer.lookup("T4")[0].feature == "base"
    assert gazetteer.lookup("Tishreen Dam")[0].feature == "dam"
    assert gazetteer.lookup("Conoco")[0].feature == "field"
    assert gazetteer.lookup("Rural Damascus")[0].geonameid == 170652
    assert gazetteer.lookup("eastern Deir Ezzor countryside")[0].feature == "region"
    assert gazetteer.lookup("ريف دير الزور الشرقي")[0].feature == "region"


def test_admin1_regions_carry_geonames_codes(gazetteer):
    anbar = gazetteer.admin1_region("IQ", "01")
    assert anbar is not None and anbar.name == "Al Anbar"
    assert gazetteer.admin1_region("SY", "07").geonameid == DEIR_EZ_ZOR_REGION
    assert AL_QAIM in ids(gazetteer.lookup("Al-Qaim"))
    assert next(c for c in gazetteer.lookup("Al-Qaim") if c.geonameid == AL_QAIM).admin1 == "Al Anbar"


def test_country(gazetteer):
    syria = gazetteer.country("sy")
    assert isinstance(syria, Place)
    assert (syria.name, syria.geonameid, syria.country, syria.precision, syria.feature) == (
        "Syria",
        163843,
        "SY",
        3,
        "country",
    )
    assert 32 < syria.lat < 37.5 and 35.5 < syria.lon < 42.5
    assert gazetteer.country("XX") is None
    assert gazetteer.lookup("Iraq")[0].feature == "country"
    assert gazetteer.lookup("UAE")[0].country == "AE"
    assert "SY" in gazetteer.neighbours["IQ"]


def test_pickles_by_path(gazetteer):
    copy = pickle.loads(pickle.dumps(gazetteer))
    assert isinstance(copy, Gazetteer) and copy.path == gazetteer.path
    assert ids(copy.lookup("Manbij")) == ids(gazetteer.lookup("Manbij"))


def test_ruler_names(gazetteer):
    names = dict(gazetteer.ruler_names())
    for name in (
        "Syria",
        "Deir ez-Zor",
        "Al-Bukamal",
        "Albu Kamal",
        "Aleppo",
        "Idlib",
        "Manbij",
        "Hajin",
        "London",
    ):
        assert names.get(name) == "GPE", name
    assert names["Bab al-Hawa"] == "FAC" and names["Tishreen Dam"] == "FAC"
    assert names["Eastern Ghouta"] == "LOC"
    assert names["DEZ"] == "GPE"  # a listed abbreviation, unlike airport codes
    for word in ("Of", "Most", "Mission", "Victoria", "Ali", "Said", "Hope", "Center", "US", "ALP", "BGW"):
        assert word not in names, word
    assert not any(len(name) < 3 for name in names)
    assert not any(name.islower() and not name.endswith("countryside") for name in names)
    assert not any("\u0600" <= ch <= "\u06ff" for name in names for ch in name)
    assert 20000 < len(names) < 150000


def test_ruler_names_arabic(gazetteer):
    names = dict(gazetteer.ruler_names(script="arabic"))
    assert names.get("دير الزور") == "GPE"
    assert names.get("البو كمال") == "GPE"
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in name) for name in names)
    with pytest.raises(ValueError):
        list(gazetteer.ruler_names(script="cyrillic"))


def test_meta(gazetteer):
    meta = gazetteer.meta()
    assert int(meta["places"]) > 230000 and int(meta["names"]) > 500000


def test_towns_carry_the_admin1_region_the_gazetteer_names(gazetteer):
    towns = gazetteer.towns()
    assert len(towns) > 230000
    raqqa = ("SY", "04", 35.95, 39.01)
    assert raqqa in {(c, a, round(lat, 2), round(lon, 2)) for c, a, lat, lon in towns}
    regions = {(c, a) for c, a, _, _ in towns}
    assert all(gazetteer.admin1_region(c, a) is not None for c, a in sorted(regions)[::50])
    assert ("SG", "00") not in regions  # GeoNames' code for a town of no known region
