"""Importing GeoNames dumps: found like built-in places, resumable, idempotent, kept on rebuild."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventlens.cli import app
from eventlens.errors import InputError
from eventlens.geo import Gazetteer, ToponymMention, ToponymResolver, build
from eventlens.geo.build import build_gazetteer, is_current
from eventlens.geo.importer import import_dumps

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "geonames"
PLACES = SAMPLES / "SY-sample.txt"
ALTERNATES = SAMPLES / "alternateNames-sample.txt"
DABIQ, BAGHUZ, TAQADDUM, HOL_CAMP, ALBU_KAMAL = 99000001, 99000002, 99000003, 99000004, 174448
TABLES = ("places", "names", "fuzzy", "admin1", "admin2")


@pytest.fixture()
def copy(gazetteer_path: Path, tmp_path: Path) -> Path:
    """A private copy of the session's gazetteer, which imports may change."""
    target = tmp_path / "cache" / "gazetteer.sqlite"
    target.parent.mkdir()
    shutil.copyfile(gazetteer_path, target)
    return target


@pytest.fixture(scope="module")
def imported(gazetteer_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    target = tmp_path_factory.mktemp("imported") / "gazetteer.sqlite"
    shutil.copyfile(gazetteer_path, target)
    import_dumps([ALTERNATES, PLACES], target)  # alternate names are applied after the places
    return Gazetteer.open(target)


def rows(path: Path) -> dict[str, list]:
    with sqlite3.connect(path) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def found(gazetteer: Gazetteer, name: str) -> list[int]:
    return [c.geonameid for c in gazetteer.lookup(name) if c.match != "fuzzy"]


@pytest.mark.parametrize(
    "name", ["Dabiq", "Baghuz", "Al-Taqaddum Air Base", "al-Hol camp", "دابق", "الباغوز"]
)
def test_the_sample_places_are_not_built_in(gazetteer, name):
    assert found(gazetteer, name) == []


@pytest.mark.parametrize(
    "name, geonameid",
    [
        ("Dabiq", DABIQ),
        ("Dābiq", DABIQ),
        ("دابق", DABIQ),
        ("Baghuz", BAGHUZ),
        ("al-Baghuz Fawqani", BAGHUZ),
        ("الباغوز", BAGHUZ),
        ("Taqaddum Airbase", TAQADDUM),
        ("قاعدة التقدم الجوية", TAQADDUM),
        ("al-Hol camp", HOL_CAMP),
        ("مخيم الهول", HOL_CAMP),
        ("Mukhayyam al-Hawl", HOL_CAMP),
    ],
)
def test_imported_places_are_found_by_latin_and_arabic_names(imported, name, geonameid):
    assert found(imported, name)[0] == geonameid


def test_imported_places_carry_region_district_and_feature(imported):
    dabiq = imported.place(DABIQ)
    assert (dabiq.country, dabiq.admin1, dabiq.feature, dabiq.precision) == ("SY", "Aleppo", "populated", 1)
    assert abs(dabiq.lat - 36.535) < 0.05 and abs(dabiq.lon - 37.27) < 0.05
    # The dump's ADM2 rows are our districts: their codes are mapped, not added as places again.
    assert dabiq.admin2 == "Azaz District"
    assert imported.place(BAGHUZ).admin2 == "Abu Kamal District"
    assert imported.place(99000011) is None
    assert (imported.place(TAQADDUM).feature, imported.place(HOL_CAMP).feature) == ("base", "camp")
    assert imported.place(99000021) is None and imported.place(99000022) is None  # river, ruin
    assert found(imported, "Euphrates") == []


def test_a_built_in_place_is_not_added_twice(imported):
    with sqlite3.connect(imported.path) as conn:
        (count,) = conn.execute("SELECT COUNT(*) FROM places WHERE geonameid = ?", (ALBU_KAMAL,)).fetchone()
    assert count == 1
    assert found(imported, "Abu Kamal")[0] == ALBU_KAMAL


def test_alternate_names_keep_english_arabic_and_romanised_only(imported):
    assert BAGHUZ not in found(imported, "Baghouz-le-Haut")  # French
    assert found(imported, "قرية مجهولة") == []  # a place the gazetteer does not have
    assert found(imported, "1234") == []


def test_the_resolver_resolves_an_imported_village(imported):
    text = "Turkish-backed factions shelled Dabiq, north of Aleppo, on Monday."
    mentions = [
        ToponymMention(name, text.index(name), text.index(name) + len(name), context=text, context_start=0)
        for name in ("Dabiq", "Aleppo")
    ]
    place, _ = ToponymResolver(imported).resolve(mentions)
    assert place.geonameid == DABIQ and place.admin2 == "Azaz District"


def test_imported_spots_stay_out_of_the_entity_ruler(imported):
    assert "Al Taqaddum Air Base" not in dict(imported.ruler_names())


def test_a_second_import_is_a_no_op(copy: Path):
    first = import_dumps([PLACES, ALTERNATES], copy)
    assert [s.places for s in first] == [4, 0] and not any(s.already_done for s in first)
    before = rows(copy), digest(copy)
    again = import_dumps([PLACES, ALTERNATES], copy)
    assert all(s.already_done for s in again)
    assert (rows(copy), digest(copy)) == before


def test_an_interrupted_import_resumes_to_the_same_rows(copy: Path, tmp_path: Path):
    whole = tmp_path / "whole.sqlite"
    shutil.copyfile(copy, whole)
    import_dumps([PLACES, ALTERNATES], whole, batch_lines=2)
    original = digest(copy)

    def interrupt(message: str, fraction: float) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_dumps([PLACES, ALTERNATES], copy, progress=interrupt, batch_lines=2)
    assert digest(copy) == original  # the gazetteer itself is untouched until the import ends
    assert copy.with_name(copy.name + ".import").exists()

    summaries = import_dumps([PLACES, ALTERNATES], copy, batch_lines=2)
    assert summaries[0].resumed_at_line == 2 and summaries[0].lines == 9
    assert rows(copy) == rows(whole)
    assert not copy.with_name(copy.name + ".import").exists()


def test_a_zip_as_geonames_distributes_it(copy: Path, tmp_path: Path):
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(PLACES, "SY.txt")
        z.writestr("readme.txt", "GeoNames readme")
    (summary,) = import_dumps([archive], copy)
    assert summary.places == 4
    assert found(Gazetteer.open(copy), "Dabiq") == [DABIQ]


@pytest.mark.parametrize(
    "content, message",
    [
        ("Dabiq is a village in Syria.\n", "1 tab-separated columns"),
        ("1\t2\t3\n", "3 tab-separated columns"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("", "empty"),
        (PLACES.read_text(encoding="utf-8") + "99000099\tBroken\n", "line 10"),
    ],
)
def test_a_file_that_is_not_a_dump_leaves_the_gazetteer_as_it_was(
    copy: Path, tmp_path: Path, content, message
):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = digest(copy)
    with pytest.raises(InputError, match=message):
        import_dumps([PLACES, bad], copy)
    assert digest(copy) == before
    assert not copy.with_name(copy.name + ".import").exists()


def test_a_rebuild_imports_the_dumps_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    source = tmp_path / "geonames"
    source.mkdir()
    city = {
        "geonameid": ALBU_KAMAL,
        "name": "Ālbū Kamāl",
        "latitude": 34.45226,
        "longitude": 40.91854,
        "countrycode": "SY",
        "population": 57572,
        "admin1code": "07",
        "alternatenames": ["Abu Kamal"],
    }
    country = {"geonameid": 163843, "name": "Syria", "iso": "SY", "population": 22933531, "neighbours": "IQ"}
    (source / "cities500.json").write_text(json.dumps({str(ALBU_KAMAL): city}), encoding="utf-8")
    (source / "countries.json").write_text(json.dumps({"SY": country}), encoding="utf-8")
    monkeypatch.setattr(build, "geonames_dir", lambda: source)
    target = tmp_path / "cache" / "gazetteer.sqlite"
    build_gazetteer(target)
    import_dumps([PLACES, ALTERNATES], target)

    monkeypatch.setattr(build, "BUILD_VERSION", build.BUILD_VERSION + 1)  # a new eventlens
    assert not is_current(target)
    gazetteer = Gazetteer.open(target)
    assert gazetteer.meta()["version"] == str(build.BUILD_VERSION)
    assert found(gazetteer, "Dabiq") == [DABIQ] and found(gazetteer, "الباغوز") == [BAGHUZ]
    assert all(s.already_done for s in import_dumps([PLACES, ALTERNATES], target))


def test_the_cli_imports_and_says_what_it_did(copy: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EVENTLENS_CACHE", str(copy.parent))
    runner = CliRunner()
    result = runner.invoke(app, ["gazetteer", "import", str(PLACES), str(ALTERNATES)])
    assert result.exit_code == 0, result.output
    assert "SY-sample.txt: 9 lines, 4 new places" in result.stdout
    assert "alternateNames-sample.txt: 12 lines" in result.stdout
    again = runner.invoke(app, ["gazetteer", "import", str(PLACES)])
    assert again.exit_code == 0 and "already imported, nothing to do" in again.stdout
    bad = runner.invoke(app, ["gazetteer", "import", str(SAMPLES / "README.md")])
    assert bad.exit_code == 2 and "not a GeoNames dump" in bad.stderr
