"""Importing full GeoNames dumps into the gazetteer: ``eventlens gazetteer import``.

The built-in gazetteer has GeoNames' cities500; a dump (``allCountries.txt``, a country file
such as ``SY.txt``, either inside GeoNames' ``.zip``) adds the villages, districts and spots
cities500 lacks, and ``alternateNamesV2.txt`` adds English, Arabic and romanised names to the
places the gazetteer then has.

Design: imported places are written into the gazetteer file itself, into the same ``places``,
``names`` and ``fuzzy`` tables with the same ``name_keys`` keys as built-in ones, so every lookup
and the resolver treat them alike with no second database to query. Readers open that file as
immutable, so an import never writes it in place: it works on a copy
(``gazetteer.sqlite.import``) and renames it into place when done, like the build. The copy is
committed every ``BATCH_LINES`` lines together with the file's position in the ``imports``
table; an interrupted import finds the copy and goes on from there, and every table's primary
key makes a replayed batch add nothing twice. The ``imports`` table also lists the dumps
imported (by path and identity: size and a hash of the first MiB), so re-importing one is a
no-op and a rebuild of the gazetteer (a new eventlens version or data file) imports them again
into the new file (``reimport``), keys computed by the new code rather than carried over.

What is kept of a dump (``FEATURES``): populated places (class P, but for historical ones),
ADM1-ADM3 areas, and the spots conflict reports name: airports and air bases, military bases,
border and customs posts, bridges, dams, refugee camps, prisons, oil and gas fields, mountains,
hills and regions. Rivers, wadis and the other terrain classes are left out: a river's GeoNames
point is one spot on a long line and would place an event hundreds of km off. A place already in
the gazetteer (same geonameid, e.g. every cities500 town) is skipped; an ADM2 area that is one
of our districts (``data/admin2.tsv``, same country, governorate and name) is not added again,
its GeoNames code is mapped to our district so that its villages carry it as their admin2.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from eventlens.config import Config
from eventlens.errors import InputError
from eventlens.geo.build import NameIndex, build_gazetteer, build_lock, is_current, wants_fuzzy
from eventlens.names import name_key

BATCH_LINES = 50_000
PLACES, ALTERNATE_NAMES = "places", "alternate names"
_PLACE_COLUMNS = 19
_ALTERNATE_COLUMNS = (8, 10)  # alternateNames.txt, alternateNamesV2.txt (with from/to)
_HEAD_BYTES = 1 << 20

# (GeoNames feature class, feature code) -> (our feature, geo-precision); every P code but the
# historical ones is a populated place. Our features are the ones points.tsv uses where they mean
# the same, so the resolver and the ruler's labels treat an imported air base like a curated one.
FEATURES: dict[tuple[str, str], tuple[str, int]] = {
    ("A", "ADM1"): ("admin1", 3),
    ("A", "ADM2"): ("admin2", 2),
    ("A", "ADM3"): ("admin3", 2),
    ("S", "AIRP"): ("airport", 1),
    ("S", "AIRF"): ("airport", 1),
    ("S", "AIRH"): ("airport", 1),
    ("S", "AIRB"): ("base", 1),
    ("L", "MILB"): ("base", 1),
    ("L", "NVB"): ("base", 1),
    ("S", "INSM"): ("base", 1),
    ("S", "PSTB"): ("crossing", 1),
    ("S", "PSTC"): ("crossing", 1),
    ("S", "BDG"): ("bridge", 1),
    ("S", "DAM"): ("dam", 1),
    ("S", "CMPRF"): ("camp", 1),
    ("S", "PRN"): ("prison", 1),
    ("L", "OILF"): ("field", 1),
    ("L", "GASF"): ("field", 1),
    ("T", "MT"): ("mountain", 1),
    ("T", "PK"): ("mountain", 1),
    ("T", "HLL"): ("mountain", 1),
    ("T", "MTS"): ("region", 2),
    ("L", "RGN"): ("region", 2),
}
_HISTORICAL_PLACES = frozenset({"PPLH", "PPLCH"})
# Names in these languages are kept from alternateNames, with the romanisations ("ar-Latn",
# "fa-Latn") and the names without a language; GeoNames' pseudo-languages (post, iata, icao,
# faac, tcid, abbr, link, wkdt, unlc, nuts, ...) are codes and links, not names.
_LANGUAGES = frozenset({"", "en", "ar"})

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class DumpFile:
    """One GeoNames dump as found on disk: ``member`` is the text file inside a zip, if any,
    ``size`` the size of the text (uncompressed)."""

    path: Path
    member: str | None
    kind: str
    identity: str
    size: int


@dataclass(frozen=True)
class ImportSummary:
    """What importing one dump did; ``already_done`` when it had been imported before."""

    path: str
    kind: str
    lines: int = 0
    places: int = 0
    names: int = 0
    resumed_at_line: int = 0
    already_done: bool = False
    seconds: float = 0.0


def import_dumps(
    paths: Sequence[Path | str],
    gazetteer_path: Path | None = None,
    *,
    progress: Progress | None = None,
    batch_lines: int = BATCH_LINES,
) -> list[ImportSummary]:
    """Import GeoNames dumps into the gazetteer (default ``Config().gazetteer_file``).

    Place files are imported before alternate-names files, whatever the order given. Raises
    InputError, with the gazetteer as it was, for a file that is not a GeoNames dump.
    ``progress(message, fraction of the current file)`` is called after every batch.
    """
    target = Path(gazetteer_path) if gazetteer_path is not None else Config().gazetteer_file
    dumps = sorted((inspect_dump(Path(p)) for p in paths), key=lambda d: d.kind != PLACES)
    report = progress or (lambda message, fraction: None)
    if not is_current(target):
        build_gazetteer(target)
    with build_lock(target):
        done = _done_identities(target)
        pending = [d for d in dumps if d.identity not in done]
        summaries = {d.identity: ImportSummary(str(d.path), d.kind, already_done=True) for d in dumps}
        if pending:
            work = target.with_name(target.name + ".import")
            if _base_of(work) != _file_identity(target):
                work.unlink(missing_ok=True)
                shutil.copyfile(target, work)
            try:
                with _connect(work) as conn:
                    conn.execute(
                        "INSERT OR REPLACE INTO meta VALUES ('import_base', ?)", (_file_identity(target),)
                    )
                    conn.commit()
                    for dump in pending:
                        summaries[dump.identity] = _import(conn, dump, report, batch_lines)
                    conn.execute("DELETE FROM meta WHERE key = 'import_base'")
                    conn.commit()
            except InputError:
                work.unlink(missing_ok=True)  # a bad file is not resumed: start clean once fixed
                raise
            os.replace(work, target)
    return [summaries[d.identity] for d in dumps]


def reimport(old: Path, new: Path, progress: Progress) -> None:
    """Import into the database ``new`` the dumps imported into ``old``, in the same order.

    Called by the build (which holds the lock) before ``new`` replaces ``old``. A dump that is
    gone or has changed since is left out, and said so through ``progress``.
    """
    try:
        with closing(sqlite3.connect(f"file:{old}?mode=ro", uri=True)) as conn:
            rows = conn.execute("SELECT path, identity FROM imports WHERE done = 1 ORDER BY seq").fetchall()
    except sqlite3.DatabaseError:
        return  # no old file, or one from before imports existed
    if not rows:
        return
    with _connect(new) as conn:
        for path, identity in rows:
            try:
                dump = inspect_dump(Path(path))
            except InputError:
                dump = None
            if dump is None or dump.identity != identity:
                progress(f"not re-importing {path}: missing or changed since it was imported", 1.0)
                continue
            _import(conn, dump, progress, BATCH_LINES)


def inspect_dump(path: Path) -> DumpFile:
    """What kind of GeoNames dump ``path`` is (reading its first line only), or InputError."""
    source = str(path)
    if not path.is_file():
        raise InputError(source, "no such file")
    member = None
    size = path.stat().st_size
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            texts = [i for i in archive.infolist() if i.filename.endswith(".txt") and not i.is_dir()]
            if not texts:
                raise InputError(source, "the zip file holds no .txt file; expected a GeoNames dump")
            # GeoNames' zips hold the dump and a small readme or language list beside it.
            largest = max(texts, key=lambda i: i.file_size)
            member, size = largest.filename, largest.file_size
    with _open(path, member) as stream:
        head = stream.read(_HEAD_BYTES)
    if not head.strip():
        raise InputError(source, "empty file; expected a GeoNames dump")
    if b"\x00" in head:
        raise InputError(source, "binary file; expected a GeoNames dump (tab-separated text)")
    try:
        cells = head.split(b"\n", 1)[0].decode("utf-8").rstrip("\r").split("\t")
    except UnicodeDecodeError:
        raise InputError(source, "not UTF-8 text; expected a GeoNames dump") from None
    kind = None
    if len(cells) == _PLACE_COLUMNS and _numbers(cells[0]) and _numbers(cells[4], cells[5], real=True):
        kind = PLACES
    elif len(cells) in _ALTERNATE_COLUMNS and _numbers(cells[0], cells[1]):
        kind = ALTERNATE_NAMES
    if kind is None:
        raise InputError(
            source,
            f"not a GeoNames dump: its first line has {len(cells)} tab-separated columns, expected 19 "
            "(allCountries.txt, SY.txt) or 10 (alternateNamesV2.txt)",
        )
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read(_HEAD_BYTES)).hexdigest()[:16]
    identity = f"{path.stat().st_size}:{digest}:{member or ''}"
    return DumpFile(path.resolve(), member, kind, identity, size)


# -- the import of one file -----------------------------------------------------------------


class _Known:
    """The geonameids in the gazetteer, one byte each (bit 1: present, bit 2: worth a fuzzy
    match): 13 MB for all of GeoNames, where a set of ints would take half a gigabyte."""

    def __init__(self, conn: sqlite3.Connection):
        self.flags = bytearray()
        for geonameid, country, population in conn.execute(
            "SELECT geonameid, country, population FROM places WHERE geonameid > 0"
        ):
            self.add(geonameid, wants_fuzzy(country, population or 0))

    def add(self, geonameid: int, fuzzy: bool) -> None:
        if geonameid >= len(self.flags):
            self.flags.extend(bytes(geonameid + 1_000_000 - len(self.flags)))
        self.flags[geonameid] = 3 if fuzzy else 1

    def get(self, geonameid: int) -> int:
        return self.flags[geonameid] if 0 < geonameid < len(self.flags) else 0


class _Batch:
    """The rows read since the last commit."""

    def __init__(self) -> None:
        self.places: list[tuple] = []
        self.admin1: list[tuple] = []
        self.admin2: list[tuple] = []
        self.index = NameIndex()

    def write(self, conn: sqlite3.Connection) -> int:
        """Insert the rows (an id already there is left as it is); the number of new names."""
        conn.executemany("INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", self.places)
        conn.executemany("INSERT OR IGNORE INTO admin1 VALUES (?,?,?,?)", self.admin1)
        conn.executemany("INSERT OR IGNORE INTO admin2 VALUES (?,?,?,?)", self.admin2)
        before = conn.total_changes
        conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", self.index.names)
        added = conn.total_changes - before
        conn.executemany("INSERT OR IGNORE INTO fuzzy VALUES (?,?)", self.index.fuzzy)
        self.places.clear()
        self.admin1.clear()
        self.admin2.clear()
        self.index.clear()
        return added


def _import(conn: sqlite3.Connection, dump: DumpFile, progress: Progress, batch_lines: int) -> ImportSummary:
    started = time.perf_counter()
    row = conn.execute(
        "SELECT position, lines, places, names FROM imports WHERE identity = ?", (dump.identity,)
    ).fetchone()
    position, lines, places, names = row or (0, 0, 0, 0)
    resumed_at = lines
    seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM imports").fetchone()[0]
    known = _Known(conn)
    districts = _our_districts(conn) if dump.kind == PLACES else {}
    batch = _Batch()
    if dump.kind == PLACES:
        read_line = _place_reader(batch, known, districts)
    else:
        read_line = _alternate_reader(batch, known)

    def commit(done: bool) -> None:
        nonlocal names
        with conn:
            names += batch.write(conn)
            conn.execute(
                "INSERT OR REPLACE INTO imports VALUES (?,?,?,?,?,?,?,?,?)",
                (dump.identity, str(dump.path), dump.kind, position, lines, places, names, int(done), seq),
            )

    with _open(dump.path, dump.member) as stream:
        stream.seek(position)
        pending = 0
        for raw in stream:
            lines += 1
            position += len(raw)
            cells = raw.rstrip(b"\r\n").split(b"\t")
            try:
                places += read_line(cells)
            except (ValueError, IndexError, UnicodeDecodeError):
                raise InputError(
                    str(dump.path), f"line {lines}: not a GeoNames {dump.kind} line ({len(cells)} columns)"
                ) from None
            pending += 1
            if pending == batch_lines:
                commit(done=False)
                pending = 0
                progress(f"{dump.path.name}: {lines:,} lines, {places:,} places", position / dump.size)
    commit(done=True)
    progress(f"{dump.path.name}: done", 1.0)
    seconds = round(time.perf_counter() - started, 1)
    return ImportSummary(str(dump.path), dump.kind, lines, places, names, resumed_at, False, seconds)


def _place_reader(batch: _Batch, known: _Known, districts: dict[tuple[str, str, str], int]):
    """A function adding one line of a places dump to the batch; it returns 1 for a new place."""

    def read(cells: list[bytes]) -> int:
        if len(cells) != _PLACE_COLUMNS:
            raise ValueError
        geonameid = int(cells[0])
        feature_class, code = cells[6].decode(), cells[7].decode()
        if feature_class == "P":
            if code in _HISTORICAL_PLACES:
                return 0
            feature, precision = "populated", 1
        elif (feature_class, code) in FEATURES:
            feature, precision = FEATURES[feature_class, code]
        else:
            return 0
        if known.get(geonameid):
            return 0
        name, ascii_name = cells[1].decode(), cells[2].decode()
        alternates = [a for a in cells[3].decode().split(",") if _is_name(a)]
        country = cells[8].decode() or None
        admin1, admin2 = cells[10].decode() or None, cells[11].decode() or None
        population = int(cells[14] or 0)
        if feature == "admin2" and country and admin1 and admin2:
            keys = ((country, admin1, name_key(n)) for n in (name, ascii_name, *alternates))
            ours = next((districts[k] for k in keys if k in districts), None)
            batch.admin2.append((country, admin1, admin2, ours or geonameid))
            if ours is not None:
                return 0
        elif feature == "admin1" and country and admin1:
            batch.admin1.append((country, admin1, geonameid, name))
        fuzzy = wants_fuzzy(country, population)
        lat, lon = float(cells[4]), float(cells[5])
        where = (country, admin1, admin2)
        batch.places.append((geonameid, name, lat, lon, *where, feature, population, precision))
        # All-lower-case alternates are machine romanisations, left out as the build does.
        batch.index.add(geonameid, [name, ascii_name, *(a for a in alternates if not a.islower())], fuzzy)
        known.add(geonameid, fuzzy)
        return 1

    return read


def _alternate_reader(batch: _Batch, known: _Known):
    """A function adding one line of alternateNames to the batch (it adds no place: 0)."""

    def read(cells: list[bytes]) -> int:
        if len(cells) not in _ALTERNATE_COLUMNS:
            raise ValueError
        flags = known.get(int(cells[1]))
        if not flags:
            return 0
        language = cells[2].decode()
        if language not in _LANGUAGES and not language.endswith("-Latn"):
            return 0
        name = cells[3].decode()
        if _is_name(name) and not name.islower():
            batch.index.add(int(cells[1]), [name], fuzzy=flags == 3)
        return 0

    return read


def _is_name(text: str) -> bool:
    # Postal codes and numbers are no place names.
    return any(ch.isalpha() for ch in text)


def _our_districts(conn: sqlite3.Connection) -> dict[tuple[str, str, str], int]:
    """(country, admin1 code, strict name key) -> id of each of our districts (admin2.tsv)."""
    rows = conn.execute(
        "SELECT p.country, p.admin1, n.key, p.geonameid FROM places p "
        "JOIN names n ON n.geonameid = p.geonameid "
        "WHERE p.feature = 'admin2' AND p.geonameid < 0 AND n.kind = 0"
    )
    return {(country, admin1, key): geonameid for country, admin1, key, geonameid in rows}


# -- files and databases ----------------------------------------------------------------------


@contextmanager
def _open(path: Path, member: str | None) -> Iterator[BinaryIO]:
    if member is None:
        with open(path, "rb") as handle:
            yield handle
    else:
        # A zip member seeks by reading up to the position: resuming re-reads, not re-imports.
        with zipfile.ZipFile(path) as archive, archive.open(member) as handle:
            yield handle


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA cache_size = -200000")
        yield conn
    finally:
        conn.close()


def _done_identities(target: Path) -> set[str]:
    with closing(sqlite3.connect(f"file:{target}?mode=ro", uri=True)) as conn:
        return {row[0] for row in conn.execute("SELECT identity FROM imports WHERE done = 1")}


def _file_identity(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def _base_of(work: Path) -> str | None:
    """The identity of the gazetteer an unfinished import's copy was taken from, if any."""
    if not work.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"file:{work}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'import_base'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def _numbers(*cells: str, real: bool = False) -> bool:
    try:
        for cell in cells:
            float(cell) if real else int(cell)
    except ValueError:
        return False
    return True
