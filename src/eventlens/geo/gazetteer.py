"""The gazetteer: place lookup by name over the SQLite database that ``build`` writes."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from eventlens.config import Config
from eventlens.errors import DataError
from eventlens.geo.build import (
    FOCUS_COUNTRIES,
    build_gazetteer,
    data_text,
    fuzzy_buckets,
    is_current,
    read_tsv,
)
from eventlens.model import Place
from eventlens.names import fold_text, is_arabic, name_keys, normalize_arabic
from eventlens.settings import GazetteerSettings, shipped_settings

# How well a candidate's name matches, by how it was found: the same written name (1), the
# same strict key (Deir ez-Zor / Deir al-Zour), the same loose key (Abu Kamal / Albu Kamal), or
# a close key (a misspelling); the last three as the [gazetteer] settings say.
SIMILARITY_EXACT = 1.0

# spaCy labels for the ruler: towns, regions and countries are GPE, natural areas and waters
# LOC, built structures FAC.
RULER_LABELS = {
    "country": "GPE",
    "admin1": "GPE",
    "admin2": "GPE",
    "populated": "GPE",
    "continent": "LOC",
    "region": "LOC",
    "water": "LOC",
    "crossing": "FAC",
    "field": "FAC",
    "base": "FAC",
    "airport": "FAC",
    "dam": "FAC",
}
_CURATED = frozenset(
    {"country", "admin1", "admin2", "continent", "region", "water"}
    | {"crossing", "field", "base", "airport", "dam"}
)
_ARTICLE_STARTS = ("al-", "el-", "as-", "ash-", "ad-", "ar-", "az-", "at-", "an-", "ath-", "adh-")


@dataclass(frozen=True)
class Candidate:
    """A place a name may refer to, and how well the name matched it.

    ``admin1`` is the region's name when the gazetteer knows it, ``admin1_code`` GeoNames' code,
    ``admin2`` the district's name when known (a district's own name for a district);
    ``match`` is 'exact', 'key' or 'fuzzy' and ``similarity`` in [0, 1] ranks them; ``precision``
    is the geo-precision the place gives an event (1 a point or town, 2 a district-sized area,
    3 a province or country).
    """

    geonameid: int
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    feature: str
    population: int
    match: str
    similarity: float
    admin1_code: str | None = None
    precision: int = 1
    matched_name: str = ""
    admin2: str | None = None

    def to_place(self, text: str = "", precision: int | None = None, score: float = 1.0) -> Place:
        """The model record for this candidate as the resolution of ``text``."""
        return Place(
            name=self.name,
            geonameid=self.geonameid,
            lat=self.lat,
            lon=self.lon,
            country=self.country,
            admin1=self.admin1,
            admin2=self.admin2,
            precision=self.precision if precision is None else precision,
            text=text,
            feature=self.feature,
            score=score,
        )


_SELECT = (
    "SELECT p.geonameid, p.name, p.lat, p.lon, p.country, a.name, p.feature, p.population, p.admin1, "
    "p.precision, d.name FROM places p LEFT JOIN admin1 a ON a.country = p.country AND a.code = p.admin1 "
    "LEFT JOIN admin2 c ON c.country = p.country AND c.admin1 = p.admin1 AND c.code = p.admin2 "
    "LEFT JOIN places d ON d.geonameid = c.geonameid "
)


class Gazetteer:
    """GeoNames places, admin1 regions, countries and curated points, looked up by name.

    Open it once (``Gazetteer.open()``) and share it: lookups are read-only and cached, and the
    object is safe to use from several threads and to pickle to worker processes. ``settings``
    (how names match, which names the ruler gets) is the ``[gazetteer]`` section of
    settings.toml; the shipped one by default.
    """

    def __init__(self, path: Path, settings: GazetteerSettings | None = None):
        self.path = Path(path)
        self.settings = settings or shipped_settings().gazetteer
        self._local = threading.local()
        self._cache: dict[tuple[str, int], tuple[Candidate, ...]] = {}

    @classmethod
    def open(cls, path: Path | None = None, settings: GazetteerSettings | None = None) -> Gazetteer:
        """Open the gazetteer at ``path`` (default ``Config().gazetteer_file``), building it first
        if it is missing or was built by another eventlens version or from other data files."""
        path = Path(path) if path is not None else Config().gazetteer_file
        if not is_current(path):
            build_gazetteer(path)
        gazetteer = cls(path, settings)
        gazetteer.meta()  # fail now, not at the first lookup
        return gazetteer

    def __getstate__(self) -> dict:
        return {"path": self.path, "settings": self.settings}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"], state["settings"])

    @property
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                # immutable: the file is replaced by rename, never written in place.
                conn = sqlite3.connect(
                    f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False
                )
                conn.execute("SELECT 1 FROM meta LIMIT 1")
            except sqlite3.DatabaseError as exc:
                raise DataError(
                    f"{self.path}: not a gazetteer database ({exc}); delete it to rebuild"
                ) from exc
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Close this thread's database connection (a later lookup reopens it)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def lookup(self, name: str, limit: int = 20) -> list[Candidate]:
        """Places ``name`` may refer to, best first (by match, then population).

        Exact and key matches come from the name index; only when there are none is the name
        compared (rapidfuzz) with the keys that share its first or last two letters and about its
        length, so a lookup stays well under a millisecond.
        """
        text = " ".join(name.split())
        if not text:
            return []
        cache_key = (text, limit)
        cached = self._cache.get(cache_key)
        if cached is not None:
            return list(cached)
        candidates = self._lookup_keys(text)
        if not candidates:
            candidates = self._lookup_fuzzy(text)
        result = tuple(sorted(candidates, key=lambda c: (-c.similarity, -c.population, c.geonameid))[:limit])
        if len(self._cache) >= self.settings.lookup_cache_entries:
            self._cache.clear()
        self._cache[cache_key] = result
        return list(result)

    def _lookup_keys(self, text: str) -> list[Candidate]:
        keys = [k for k in name_keys(text) if k]
        if not keys:
            return []
        surface = _surface(text)
        marks = ",".join("?" * len(keys))
        rows = self._conn.execute(
            f"SELECT n.key, n.kind, n.name, q.* FROM names n JOIN ({_SELECT}) q ON q.geonameid = n.geonameid "
            f"WHERE n.key IN ({marks})",
            keys,
        ).fetchall()
        best: dict[int, Candidate] = {}
        settings = self.settings
        for key, kind, matched, *place in rows:
            if _surface(matched) == surface:
                match, similarity = "exact", SIMILARITY_EXACT
            elif len(key) < settings.short_key_letters:
                continue
            else:
                match = "key"
                strict = kind == 0 and key == keys[0]
                similarity = settings.key_similarity if strict else settings.loose_key_similarity
                if len(key) == settings.short_key_letters:
                    similarity *= settings.short_key_factor
            candidate = _candidate(place, match, similarity, matched)
            if candidate.geonameid not in best or similarity > best[candidate.geonameid].similarity:
                best[candidate.geonameid] = candidate
        return list(best.values())

    def _lookup_fuzzy(self, text: str) -> list[Candidate]:
        key = name_keys(text)[0]
        settings = self.settings
        if len(key) < settings.fuzzy_min_key_letters:
            return []
        buckets = set()
        slack = settings.fuzzy_length_slack
        for length in range(len(key) - slack, len(key) + slack + 1):
            buckets.update(fuzzy_buckets(key, length))
        marks = ",".join("?" * len(buckets))
        pool = [
            row[0]
            for row in self._conn.execute(f"SELECT key FROM fuzzy WHERE bucket IN ({marks})", list(buckets))
        ]
        # Sorted, so that keys tied on their score are kept in the same order whatever the hash
        # seed (a set's order changes with it, and with it which ten ties are kept).
        matches = process.extract(
            key, sorted(set(pool)), scorer=fuzz.ratio, score_cutoff=settings.fuzzy_cutoff, limit=10
        )
        if not matches:
            return []
        scores = {match: score for match, score, _ in matches}
        marks = ",".join("?" * len(scores))
        rows = self._conn.execute(
            f"SELECT n.key, n.name, q.* FROM names n JOIN ({_SELECT}) q ON q.geonameid = n.geonameid "
            f"WHERE n.kind = 0 AND n.key IN ({marks})",
            list(scores),
        ).fetchall()
        best: dict[int, Candidate] = {}
        for matched_key, matched, *place in rows:
            similarity = round(settings.fuzzy_similarity_scale * scores[matched_key] / 100.0, 4)
            candidate = _candidate(place, "fuzzy", similarity, matched)
            if candidate.geonameid not in best or similarity > best[candidate.geonameid].similarity:
                best[candidate.geonameid] = candidate
        return list(best.values())

    def place(self, geonameid: int) -> Candidate | None:
        """The place with this id (a GeoNames id, or a negative id of a curated point)."""
        row = self._conn.execute(_SELECT + "WHERE p.geonameid = ?", (geonameid,)).fetchone()
        return _candidate(list(row), "exact", SIMILARITY_EXACT, row[1]) if row else None

    def country(self, iso2: str) -> Place | None:
        """The country with this ISO 3166-1 alpha-2 code as a Place (precision 3), or None."""
        # Through the countries table's key: places has no index on its feature and country.
        row = self._conn.execute(
            _SELECT
            + "WHERE p.geonameid = (SELECT geonameid FROM countries WHERE iso2 = ?) AND p.feature = 'country'",
            (iso2.upper(),),
        ).fetchone()
        return _candidate(list(row), "exact", SIMILARITY_EXACT, row[1]).to_place(text=row[1]) if row else None

    def admin1_region(self, country: str, code: str) -> Candidate | None:
        """The admin1 region with GeoNames code ``code`` in ``country``, if the gazetteer has it."""
        row = self._conn.execute(
            _SELECT + "WHERE p.feature = 'admin1' AND p.country = ? AND p.admin1 = ?", (country, code)
        ).fetchone()
        return _candidate(list(row), "exact", SIMILARITY_EXACT, row[1]) if row else None

    def towns(self) -> list[tuple[str, str, float, float]]:
        """(country, admin1 code, lat, lon) of every populated place in an admin1 region the
        gazetteer names, in id order; towns with no region or a retired code are left out."""
        return self._conn.execute(
            "SELECT p.country, p.admin1, p.lat, p.lon FROM places p "
            "JOIN admin1 a ON a.country = p.country AND a.code = p.admin1 "
            "WHERE p.feature = 'populated' AND p.lat IS NOT NULL AND p.lon IS NOT NULL ORDER BY p.geonameid"
        ).fetchall()

    @cached_property
    def neighbours(self) -> dict[str, frozenset[str]]:
        """ISO2 code -> the codes of the countries that border it (GeoNames countryInfo)."""
        rows = self._conn.execute("SELECT iso2, neighbours FROM countries").fetchall()
        return {iso2: frozenset(n for n in neighbours.split(",") if n) for iso2, neighbours in rows}

    def meta(self) -> dict[str, str]:
        """The build's metadata: version, fingerprint, counts, build time."""
        return dict(self._conn.execute("SELECT key, value FROM meta").fetchall())

    def ruler_names(self, script: str = "latin") -> Iterator[tuple[str, str]]:
        """(surface name, spaCy label) pairs for an entity ruler, each name once.

        Countries, continents, admin1 regions, curated points, districts and US counties
        (negative ids), and the populated places with at least 5,000 people in the focus theatre
        (SY IQ LB JO TR IR YE IL PS SA) or 100,000 anywhere; not the spots and districts of
        imported GeoNames dumps, the long tail that a lookup finds but the ruler would drown in.
        ``script='latin'`` gives Latin-script names without names shorter than three letters,
        machine romanisations (all lower case), airport codes, one-word alternate names of four
        letters or fewer (the numbers as shipped: the ``ruler_*`` settings), and one-word names that are common English words or given names
        (``data/ruler_stopnames.txt``), unless they name a country, region or curated point;
        ``script='arabic'`` gives the Arabic-script names.
        """
        if script not in ("latin", "arabic"):
            raise ValueError(f"script must be 'latin' or 'arabic', not {script!r}")
        focus = ",".join(f"'{c}'" for c in sorted(FOCUS_COUNTRIES))
        rows = self._conn.execute(
            "SELECT n.name, p.feature, p.name FROM names n JOIN places p ON p.geonameid = n.geonameid "
            "WHERE n.kind = 0 AND (p.feature IN ('country', 'admin1', 'continent') OR p.geonameid < 0 "
            f"OR p.feature = 'populated' AND (p.population >= {self.settings.ruler_world_min_population} "
            f"OR p.population >= {self.settings.ruler_focus_min_population} AND p.country IN ({focus}))) "
            "ORDER BY CASE p.feature WHEN 'country' THEN 0 WHEN 'admin1' THEN 1 "
            "WHEN 'populated' THEN 3 ELSE 2 END, p.population DESC, n.name"
        )
        stopnames = common_words()
        seen: set[str] = set()
        for name, feature, primary in rows:
            if name in seen:
                continue
            if script == "arabic":
                keep = is_arabic(name) and len(normalize_arabic(name).replace(" ", "")) >= 3
            else:
                # A region named by a common word ("Central", "Victoria") is left to spaCy.
                curated = feature in _CURATED and not (feature == "admin1" and name.lower() in stopnames)
                keep = not is_arabic(name) and _ruler_latin_ok(
                    name, curated, stopnames, primary, self.settings.ruler_short_letters
                )
            if keep:
                seen.add(name)
                yield name, RULER_LABELS.get(feature, "GPE")
        if script == "latin":
            # Abbreviations are all capitals, which the rule above drops as airport codes.
            for row in read_tsv("abbreviations.tsv"):
                place = self.place(int(row["geonameid"]))
                if place is not None:
                    yield row["abbreviation"], RULER_LABELS.get(place.feature, "GPE")


def _candidate(place: list, match: str, similarity: float, matched: str) -> Candidate:
    geonameid, name, lat, lon, country, admin1, feature, population, admin1_code, precision, admin2 = place
    return Candidate(
        geonameid=geonameid,
        name=name,
        lat=lat,
        lon=lon,
        country=country,
        admin1=admin1,
        feature=feature,
        population=population or 0,
        match=match,
        similarity=similarity,
        admin1_code=admin1_code,
        precision=precision,
        matched_name=matched,
        admin2=admin2,
    )


def _surface(text: str) -> str:
    """A written name up to case, accents, quotes, hyphens, dots and spacing ("Ont" as the
    tokenizer leaves "Ont." before a comma, "St Louis")."""
    if is_arabic(text):
        return normalize_arabic(text)
    return " ".join(fold_text(text).replace("-", " ").replace(".", " ").split())


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """English words and given names that are also the name of some town, in lower case
    (``data/ruler_stopnames.txt``): the ruler skips them, the resolver doubts them."""
    lines = data_text("ruler_stopnames.txt").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _ruler_latin_ok(
    name: str, curated: bool, stopnames: frozenset[str], primary: str, short_letters: int
) -> bool:
    if len(name) < 3 or name.islower() and not curated:
        return False
    first = name[0]
    if not first.isupper() and not curated:
        # "al-Qaim" is a name, "dyr alzwr" a machine romanisation.
        lowered = name.lower()
        if not (
            lowered.startswith(_ARTICLE_STARTS)
            and name[lowered.index("-") + 1 : lowered.index("-") + 2].isupper()
        ):
            return False
    if curated:
        return True
    if name.isupper() and len(name) <= 4:
        return False  # IATA and other codes: "DEZ", "ALP"
    words = name.replace("-", " ").split()
    if len(words) > 1:
        return True
    if len(name) <= short_letters and fold_text(name) != fold_text(primary):
        return False  # short alternate names are mostly foreign-language forms ("Bad", "Big")
    return name.lower() not in stopnames
