"""Speed of ``eventlens gazetteer import`` on a synthetic GeoNames dump.

    .venv/bin/python bench/gazetteer_import.py [--lines 1000000] [--alternates 0] [--dir /tmp/gazimport]

Writes (once, reused while the same size is asked for) a places file in allCountries.txt's
format: made-up names from Arabic-like syllables, GeoNames' mix of feature classes (about 60%
of the lines are of a kind the import keeps), alternate names in Latin, Arabic, Cyrillic and
Chinese script, lower-case romanisations and postal codes as the real dump has them; with
``--alternates N`` also N lines of alternateNamesV2.txt for those places. Then imports them into
a fresh copy of the gazetteer (built first if needed, in the directory given, not the user's
cache) and prints lines per second, CPU seconds and peak memory (and one JSON line with --json).
The names are not GeoNames': what it measures is the importer's cost per line and per name.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from eventlens.geo.build import is_current
from eventlens.geo.importer import import_dumps

SEED = 20250314
SYLLABLES = [
    "al",
    "ba",
    "ghu",
    "kar",
    "deir",
    "tal",
    "ain",
    "mar",
    "sha",
    "qa",
    "zor",
    "bu",
    "ham",
    "ra",
    "sul",
    "nab",
    "kha",
    "jis",
    "ru",
    "fa",
    "wad",
    "is",
    "ta",
    "mus",
    "sal",
    "hi",
    "dan",
    "kur",
    "ash",
    "mi",
    "ya",
    "zan",
    "tun",
    "bir",
    "na",
    "jab",
    "rif",
    "ak",
    "um",
    "sa",
]
# (feature class, code, weight in percent), near allCountries' shares; P, MT/HLL, ADM3, AIRP
# and DAM are kept (59%), the rest (streams, farms, schools, localities) is not.
FEATURE_MIX = (
    ("P", "PPL", 40),
    ("H", "STM", 12),
    ("H", "WAD", 8),
    ("S", "FRM", 10),
    ("S", "SCH", 6),
    ("S", "AIRP", 1),
    ("S", "DAM", 1),
    ("T", "HLL", 8),
    ("T", "MT", 6),
    ("A", "ADM3", 3),
    ("L", "LCTY", 5),
)
COUNTRIES = ("SY", "IQ", "TR", "IR", "FR", "US", "IN", "BR", "CN", "RU")
FIRST_ID = 20_000_000


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _alternates(rng: random.Random, name: str) -> list[str]:
    count = rng.choice((0, 0, 0, 1, 2, 3, 5, 8))
    out = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.5:
            out.append(f"{_word(rng)} {_word(rng)}" if kind < 0.1 else _word(rng))
        elif kind < 0.65:
            out.append(name.lower())  # a machine romanisation
        elif kind < 0.75:
            out.append("".join(rng.choice("دبقالزورحمس") for _ in range(rng.randint(3, 7))))
        elif kind < 0.88:
            out.append("".join(rng.choice("абвгдекрстун") for _ in range(rng.randint(4, 8))).capitalize())
        elif kind < 0.95:
            out.append("".join(rng.choice("北京河山村镇") for _ in range(rng.randint(2, 3))))
        else:
            out.append(str(rng.randint(10000, 99999)))  # a postal code
    return out


def write_places(path: Path, lines: int) -> None:
    rng = random.Random(SEED)
    features = [(c, code) for c, code, weight in FEATURE_MIX for _ in range(weight)]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(lines):
            name = " ".join(_word(rng) for _ in range(rng.randint(1, 2)))
            feature_class, code = rng.choice(features)
            country = rng.choice(COUNTRIES)
            alternates = ",".join(_alternates(rng, name))
            lat, lon = rng.uniform(-60, 70), rng.uniform(-180, 180)
            population = rng.choice((0, 0, 0, 120, 800, 20000))
            out.write(
                f"{FIRST_ID + i}\t{name}\t{name}\t{alternates}\t{lat:.5f}\t{lon:.5f}\t{feature_class}\t{code}\t"
                f"{country}\t\t{rng.randint(1, 20):02d}\t\t\t\t{population}\t\t100\tUTC\t2024-01-01\n"
            )


def write_alternates(path: Path, lines: int, places: int) -> None:
    rng = random.Random(SEED + 1)
    languages = ("", "en", "ar", "ar-Latn", "fr", "de", "ru", "zh", "post", "link", "wkdt")
    with open(path, "w", encoding="utf-8") as out:
        for i in range(lines):
            language = rng.choice(languages)
            name = _word(rng) if language != "ar" else "".join(rng.choice("دبقالزورحمس") for _ in range(5))
            out.write(f"{i + 1}\t{FIRST_ID + rng.randrange(places)}\t{language}\t{name}\t\t\t\t\t\t\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000, help="lines of the places file")
    parser.add_argument("--alternates", type=int, default=0, help="lines of an alternate-names file too")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/gazimport"), help="where files go")
    parser.add_argument("--json", action="store_true", help="also print one JSON line")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    places = args.dir / f"places-{args.lines}.txt"
    if not places.exists():
        write_places(places, args.lines)
    dumps = [places]
    if args.alternates:
        alternates = args.dir / f"alternateNames-{args.alternates}-{args.lines}.txt"
        if not alternates.exists():
            write_alternates(alternates, args.alternates, args.lines)
        dumps.append(alternates)
    base = args.dir / "base" / "gazetteer.sqlite"
    if not is_current(base):  # built in a child process, to keep its memory out of the figures
        code = f"from eventlens.geo.build import build_gazetteer; build_gazetteer({str(base)!r})"
        subprocess.run([sys.executable, "-c", code], check=True)
    target = args.dir / "run" / "gazetteer.sqlite"
    shutil.rmtree(target.parent, ignore_errors=True)
    target.parent.mkdir()
    shutil.copyfile(base, target)

    cpu, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    summaries = import_dumps(dumps, target)
    seconds = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_SELF)
    lines = sum(s.lines for s in summaries)
    figures = {
        "lines": lines,
        "places": sum(s.places for s in summaries),
        "names": sum(s.names for s in summaries),
        "seconds": round(seconds, 1),
        "cpu_seconds": round(after.ru_utime - cpu.ru_utime + after.ru_stime - cpu.ru_stime, 1),
        "lines_per_second": round(lines / seconds),
        "peak_rss_mb": round(after.ru_maxrss / 1024),
    }
    print(
        f"{figures['lines']:,} lines ({figures['places']:,} places, {figures['names']:,} names) in "
        f"{figures['seconds']} s ({figures['cpu_seconds']} s CPU): {figures['lines_per_second']:,} lines/s, "
        f"peak {figures['peak_rss_mb']} MB"
    )
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
