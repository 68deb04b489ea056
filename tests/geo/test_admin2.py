"""Districts (admin2): our data file, their lookup, and the admin2 of the towns that seat them."""

from __future__ import annotations

import pytest

from eventlens.geo import ToponymMention, build

DISTRICTS = list(build.read_tsv("admin2.tsv"))


def test_the_data_file_is_well_formed():
    ids = [int(row["id"]) for row in DISTRICTS]
    assert all(i <= -200001 for i in ids) and len(ids) == len(set(ids))
    admin1 = {(r["country"], r["admin1_code"]) for r in build.read_tsv("admin1.tsv")}
    assert {(r["country"], r["admin1_code"]) for r in DISTRICTS} <= admin1
    countries = [r["country"] for r in DISTRICTS]
    assert countries.count("SY") >= 60 and countries.count("IQ") >= 80
    for row in DISTRICTS:
        assert row["name"].endswith(" District")
        arabic = [a for a in row["alternatenames"].split("|") if a.startswith(("منطقة ", "قضاء "))]
        assert arabic, row["name"]
        assert 29 <= float(row["lat"]) <= 38 and 35 <= float(row["lon"]) <= 49, row["name"]


def test_a_district_sits_at_its_seat_town(gazetteer):
    for row in DISTRICTS:
        seat = gazetteer.place(int(row["seat"]))
        assert seat is not None and seat.feature == "populated", row["name"]
        assert (seat.country, seat.admin1_code) == (row["country"], row["admin1_code"]), row["name"]
        assert abs(seat.lat - float(row["lat"])) < 0.001 and abs(seat.lon - float(row["lon"])) < 0.001


@pytest.mark.parametrize(
    "name, district",
    [
        ("Manbij District", "Manbij District"),
        ("Manbij district", "Manbij District"),
        ("منطقة منبج", "Manbij District"),
        ("Kobani District", "Ayn al-Arab District"),
        ("Al-Qaim District", "Al-Qa'im District"),
        ("قضاء القائم", "Al-Qa'im District"),
        ("Tal Afar District", "Tal Afar District"),
    ],
)
def test_a_district_name_finds_the_district(gazetteer, name, district):
    best = gazetteer.lookup(name)[0]
    assert (best.name, best.feature, best.precision, best.admin2) == (district, "admin2", 2, district)
    assert best.admin1 is not None


def test_a_bare_name_stays_the_town_and_the_town_knows_its_district(gazetteer):
    manbij = gazetteer.lookup("Manbij")[0]
    assert (manbij.geonameid, manbij.feature, manbij.admin2) == (167357, "populated", "Manbij District")
    assert gazetteer.lookup("Albu Kamal")[0].admin2 == "Abu Kamal District"


def test_the_resolver_gives_districts_and_towns_their_admin2(resolver):
    text = "Clashes in Manbij district spread to Manbij city and to al-Bab."
    district, town, al_bab = resolver.resolve(
        [
            ToponymMention("Manbij district", 11, 26, context=text, context_start=0),
            ToponymMention("Manbij", 37, 43, context=text, context_start=0),
            ToponymMention("al-Bab", 56, 62, context=text, context_start=0),
        ]
    )
    assert (district.feature, district.precision, district.admin2) == ("admin2", 2, "Manbij District")
    assert (town.geonameid, town.precision, town.admin2) == (167357, 1, "Manbij District")
    assert al_bab.admin2 == "Al-Bab District"


def test_districts_are_in_the_entity_ruler(gazetteer):
    names = dict(gazetteer.ruler_names())
    assert names.get("Manbij District") == "GPE"
    assert dict(gazetteer.ruler_names("arabic")).get("قضاء القائم") == "GPE"
