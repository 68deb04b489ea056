"""Probe cases of hostile and careless input: one bad record never costs a run (exit code 2)."""

from __future__ import annotations

import json
import sqlite3

from typer.testing import CliRunner

from eventlens.cli import app

runner = CliRunner()
GOOD = "Fighters of the Syrian Democratic Forces clashed with Islamic State militants in Manbij on Tuesday."


def run(*args: str):
    return runner.invoke(app, list(args))


def warc_response(uri: str | None, text: str) -> bytes:
    body = f"<html><body><p>{text}</p></body></html>".encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    target = f"WARC-Target-URI: {uri}\r\n".encode() if uri else b""
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%d>\r\n" % len(text)
        + target
        + b"WARC-Date: 2025-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
    )
    return head + b"Content-Length: %d\r\n\r\n" % len(http) + http + b"\r\n\r\n"


def bad_inputs(tmp_path):
    records = [
        {"id": "good-1", "text": GOOD},
        {"id": "surrogate", "text": "A clash in Manbij \ud800 yesterday."},
        {"id": "year-1", "text": "Protesters gathered in Sweida yesterday.", "published": "0001-01-01"},
        {"id": "good-2", "text": GOOD.replace("Tuesday", "Monday")},
    ]
    jsonl = tmp_path / "reports.jsonl"
    # json.dumps writes the lone surrogate as the escape "\ud800", as a careless producer would.
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    warc = tmp_path / "no-target-uri.warc"
    warc.write_bytes(warc_response(None, GOOD))
    newline = tmp_path / "two\nlines.txt"
    newline.write_text("", encoding="utf-8")
    return [str(jsonl), str(warc), str(newline)]


def test_extract_names_each_bad_record_and_prints_every_good_one(tmp_path):
    result = run("extract", *bad_inputs(tmp_path), "--format", "jsonl")
    assert result.exit_code == 2
    sources = [json.loads(line)["document"]["source"] for line in result.stdout.splitlines()]
    assert sources == ["good-1", "year-1", "good-2"]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3, errors
    assert errors[0].endswith("reports.jsonl:2: text is not valid Unicode (a lone surrogate at character 18)")
    assert "no-target-uri.warc" in errors[1] and "Traceback" not in result.stderr
    assert errors[2].endswith("two\\nlines.txt: empty file")


def test_ingest_stores_every_good_document_of_a_run_with_bad_ones(tmp_path):
    db = tmp_path / "events.sqlite"
    result = run("ingest", *bad_inputs(tmp_path), "--db", str(db))
    assert result.exit_code == 2
    with sqlite3.connect(db) as connection:
        stored = {row[0] for row in connection.execute("SELECT source FROM documents")}
    assert stored == {"good-1", "year-1", "good-2"}


def test_a_warc_record_with_a_header_line_too_long_is_refused_early(tmp_path):
    archive = tmp_path / "long-header.warc"
    archive.write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/"
        + b"a" * 200_000
        + b"\r\n\r\n"
    )
    result = run("extract", str(archive))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"eventlens: error: {archive}: not a readable WARC file (a header line longer than 65,536 bytes)"
    )


def test_a_binary_file_named_jsonl_is_one_error(tmp_path):
    blob = tmp_path / "blob.jsonl"
    blob.write_bytes(bytes(range(256)) * 40)
    result = run("extract", str(blob))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"eventlens: error: {blob}: binary file (contains NUL bytes)"
