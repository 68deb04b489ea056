"""The eventlens command as a user runs it: real files, a real SQLite database."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventlens.cli import app
from tests.conftest import ROOT
from tests.export.acled_codebook import codebook_problems

EXAMPLES = ROOT / "src" / "eventlens" / "examples"
DEMO = EXAMPLES / "manbij-clash.txt"
runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture(scope="module")
def demo_json(pipeline):
    result = run("extract", str(DEMO), "--published", "2025-03-14", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_extract_prints_one_result_per_document_with_events(demo_json):
    (doc,) = demo_json
    assert doc["document"]["published"] == "2025-03-14"
    assert doc["events"], "the demo report has events"
    for event in doc["events"]:
        assert set(event) >= {
            "type",
            "actor1",
            "place",
            "date",
            "modality",
            "attribution",
            "evidence",
            "confidence",
        }
        assert event["evidence"]["end"] > event["evidence"]["start"]


def test_extract_with_text_offsets_index_the_cleaned_text():
    result = run("extract", str(DEMO), "--with-text")
    (doc,) = json.loads(result.stdout)
    text = doc["document"]["text"]
    for event in doc["events"]:
        ev = event["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["text"]


def test_extract_jsonl_csv_and_geojson():
    lines = run("extract", str(DEMO), "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["events"]
    rows = list(csv.DictReader(io.StringIO(run("extract", str(DEMO), "--format", "csv").stdout)))
    assert rows and all(r["type"] for r in rows)
    geo = json.loads(run("extract", str(DEMO), "--format", "geojson").stdout)
    assert geo["type"] == "FeatureCollection"
    for feature in geo["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 35 < lat < 38 and 36 < lon < 40  # northern Syria


def test_extract_reads_stdin():
    result = run("extract", "-", input=DEMO.read_text(encoding="utf-8"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["events"]


def test_bad_input_is_one_line_and_exit_2_while_good_input_goes_on(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    result = run("extract", str(empty), str(binary), str(DEMO))
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert "empty.txt" in errors[0] and "blob.txt" in errors[1]
    assert len(json.loads(result.stdout)) == 1


def test_missing_directory_and_unreachable_url(tmp_path):
    result = run("extract", str(tmp_path / "nowhere"), "http://127.0.0.1:9/report")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 2


def test_ingest_is_idempotent_and_bad_input_leaves_the_store_untouched(tmp_path):
    db = tmp_path / "events.sqlite"
    first = run("ingest", str(DEMO), "--db", str(db))
    assert first.exit_code == 0, first.stderr
    counts = _counts(db)
    assert counts[0] == 1 and counts[1] > 0
    again = run("ingest", str(DEMO), "--db", str(db))
    assert again.exit_code == 0
    assert _counts(db) == counts
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    mixed = run("ingest", str(bad), str(DEMO), "--db", str(db))
    assert mixed.exit_code == 2
    assert _counts(db) == counts


def test_events_query_and_export(tmp_path):
    db = tmp_path / "events.sqlite"
    run("ingest", str(DEMO), "--db", str(db), "--published", "2025-03-14")
    everything = json.loads(run("events", "--db", str(db), "--format", "json").stdout)
    assert everything
    near = json.loads(
        run("events", "--db", str(db), "--near", "36.53,37.95", "--km", "40", "--format", "json").stdout
    )
    assert near and all(abs(e["place"]["lat"] - 36.53) < 0.5 for e in near)
    far = json.loads(
        run("events", "--db", str(db), "--near", "33.51,36.29", "--km", "20", "--format", "json").stdout
    )
    assert far == []
    assault = json.loads(run("events", "--db", str(db), "--type", "ASSAULT", "--format", "json").stdout)
    assert assault and all(e["type"] == "ASSAULT" for e in assault)
    out = tmp_path / "acled.csv"
    exported = run("export", "--db", str(db), "--format", "acled-csv", "--all", "-o", str(out))
    assert exported.exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == len(everything)
    assert (
        json.loads(run("export", "--db", str(db), "--format", "geojson").stdout)["type"]
        == "FeatureCollection"
    )


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory, pipeline):
    """The quick start's store: every bundled example report, English and Arabic, no options."""
    db = tmp_path_factory.mktemp("examples") / "events.sqlite"
    reports = sorted(EXAMPLES.glob("*.txt")) + sorted((EXAMPLES / "arabic").glob("*.txt"))
    result = run("ingest", *map(str, reports), "--db", str(db))
    assert result.exit_code == 0, result.stderr
    return db


def test_the_quick_start_gives_dated_events(examples_db):
    lines = run("export", "--db", str(examples_db), "--format", "jsonl").stdout.splitlines()
    events = [json.loads(line) for line in lines]
    assert all(e["document"]["published"] for e in events), "every example report carries its date"
    # "on Tuesday" and "أمس السبت" are days once the report's date is known.
    assert sum(e["time_precision"] == "day" for e in events) > len(events) / 2
    shelling = [e for e in events if e["place"] and e["place"]["text"] == "سراقب" and e["type"] == "ASSAULT"]
    assert shelling and all(e["date"] == "2024-03-12" for e in shelling)


def test_the_acled_export_of_the_examples_keeps_acleds_codebook(examples_db):
    result = run("export", "--db", str(examples_db), "--format", "acled-csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows
    assert [problem for row in rows for problem in codebook_problems(row)] == []
    total = len(run("export", "--db", str(examples_db), "--format", "jsonl").stdout.splitlines())
    written, skipped = map(int, re.match(r"(\d+) event\(s\) written, (\d+) skipped", result.stderr).groups())
    assert (written, written + skipped) == (len(rows), total)
    assert "no ACLED event type" in result.stderr and "--all keeps them" in result.stderr


def test_kb_validate_and_show():
    result = run("kb", "validate")
    assert result.exit_code == 0, result.stderr
    assert "0 problem(s)" in result.stdout
    show = run("kb", "show", "Quds Force")
    assert show.exit_code == 0 and "Quds Force" in show.stdout


def _counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        return (
            conn.execute("SELECT count(*) FROM documents").fetchone()[0],
            conn.execute("SELECT count(*) FROM events").fetchone()[0],
        )


def test_a_report_too_long_to_parse_is_refused_with_a_clear_line(tmp_path):
    long_report = tmp_path / "long.txt"
    long_report.write_text(("Gunmen attacked a checkpoint near Daraa on Monday. " * 5000).strip())
    result = run("extract", str(long_report), str(DEMO))
    assert result.exit_code == 2
    (error,) = result.stderr.strip().splitlines()
    assert "long.txt" in error and "split it" in error
    assert len(json.loads(result.stdout)) == 1
