"""Fuzz: random text, JSON Lines records, HTML and WARC records through `extract` and `ingest`.

Whatever the input, no traceback; every input is accounted for (a result, or an error line naming
it); the store stays consistent. Fixed seed and a bounded number of examples, so CI runs the same
cases every time, in seconds: the session's Pipeline is reused instead of one per command.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from eventlens import pipeline as pipeline_module
from eventlens.cli import app

runner = CliRunner()
SENTENCE = (
    "Fighters of the Syrian Democratic Forces clashed with Islamic State militants in Manbij on Tuesday."
)
HOSTILE = [
    "\ud800",
    "\udfff",
    "\x00",
    "\x1b[2J",
    "\u202e",
    "\ufeff",
    "=cmd|' /C calc'!A0",
    "<script>x</script>",
    "\r\n",
    "\u0627\u0644\u0628\u0648\u0643\u0645\u0627\u0644",
    "0001-01-01",
    "yesterday",
    "\t",
]

words = st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE), st.just(SENTENCE))
texts = st.lists(words, max_size=6).map(" ".join)
values = st.one_of(
    texts,
    st.none(),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.sampled_from(["0001-01-01", "2025-03-14", "9999-12-31", "2025-02-30", "yesterday"]),
)
records = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=20), st.integers(), st.none()),
        "text": st.one_of(texts, values),
        "html": st.one_of(texts, values),
        "url": values,
        "published": values,
        "outlet": values,
        "title": values,
        "language": st.one_of(st.sampled_from(["en", "ar", "auto", "xx", ""]), values),
    },
)
# Mostly readable reports with something hostile in them, so the later stages are fuzzed too.
reports = st.fixed_dictionaries(
    {"id": st.text(min_size=1, max_size=8), "text": texts.map(lambda t: f"{SENTENCE} {t}")},
    optional={"published": values, "outlet": values, "title": values},
)
jsonl_lines = st.lists(
    st.one_of(
        reports.map(lambda r: json.dumps(r).encode()),
        records.map(lambda r: json.dumps(r).encode()),
        st.binary(max_size=60),
        st.sampled_from([b"", b"[]", b"{", b"null", b'{"text": NaN}']),
    ),
    min_size=1,
    max_size=6,
)
tags = st.sampled_from(
    ["p", "div", "article", "h1", "script", "style", "title", "meta", "html", "body", "br", "table"]
)
html_pages = st.lists(st.tuples(tags, texts, st.booleans()), max_size=8).map(
    lambda parts: "".join(f"<{t}>{x}" + (f"</{t}>" if close else "") for t, x, close in parts)
)


@st.composite
def warc_records(draw) -> bytes:
    body = draw(
        st.one_of(html_pages.map(lambda h: h.encode("utf-8", "surrogatepass")), st.binary(max_size=200))
    )
    status = draw(st.sampled_from([b"200 OK", b"404 Not Found", b"301 Moved", b"oops"]))
    content_type = draw(
        st.sampled_from(
            [b"text/html", b"text/html; charset=utf-8", b"image/png", b"", b"text/html; charset=nope"]
        )
    )
    http = b"HTTP/1.1 " + status + b"\r\nContent-Type: " + content_type + b"\r\n\r\n" + body
    length = draw(st.sampled_from([len(http), len(http) + 5, max(0, len(http) - 5), 0]))
    headers = [
        b"WARC/1.0",
        b"WARC-Type: " + draw(st.sampled_from([b"response", b"resource", b"request", b"warcinfo"])),
        b"WARC-Record-ID: <urn:uuid:fuzz>",
        b"Content-Type: application/http; msgtype=response",
        b"Content-Length: %d" % length,
    ]
    if draw(st.booleans()):
        headers.append(
            b"WARC-Target-URI: " + draw(st.sampled_from([b"http://example.org/a", b"", b"not a uri"]))
        )
    return b"\r\n".join(headers) + b"\r\n\r\n" + http + b"\r\n\r\n"


inputs = st.lists(
    st.one_of(
        st.tuples(
            st.just("txt"),
            st.one_of(texts.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=200)),
        ),
        st.tuples(st.just("jsonl"), jsonl_lines.map(lambda lines: b"\n".join(lines) + b"\n")),
        st.tuples(st.just("html"), html_pages.map(lambda h: h.encode("utf-8", "surrogatepass"))),
        st.tuples(st.just("warc"), st.lists(warc_records(), min_size=1, max_size=3).map(b"".join)),
        st.tuples(
            st.just("warc.gz"),
            st.lists(warc_records(), min_size=1, max_size=2).map(
                lambda rs: b"".join(gzip.compress(r, mtime=0) for r in rs)
            ),
        ),
    ),
    min_size=1,
    max_size=5,
)


@pytest.fixture(scope="module")
def shared_pipeline(pipeline):
    """Every command of this module runs on the session's Pipeline (its models loaded once)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline_module, "Pipeline", lambda config=None, geo_clock=None: pipeline)
        yield pipeline


def write_inputs(folder: Path, files: list[tuple[str, bytes]]) -> list[Path]:
    paths = []
    for n, (kind, content) in enumerate(files):
        path = folder / f"input-{n}.{kind}"
        path.write_bytes(content)
        paths.append(path)
    return paths


def unaccounted(path: Path, kind: str, content: bytes, sources: set[str], stderr: str) -> list[str]:
    """The inputs of a file with neither a result nor an error line: the file, or its JSON Lines records."""
    name = str(path)
    errors = stderr.splitlines()
    if any(line.startswith(f"eventlens: error: {name}: ") for line in errors):
        return []  # the file as a whole
    if kind != "jsonl":  # a result from the file, or an error for one of its WARC records
        found = any(s == name or s.startswith(f"{name}#") for s in sources)
        return (
            [] if found or any(line.startswith(f"eventlens: error: {name}#") for line in errors) else [name]
        )
    missing = []
    for number, line in enumerate(content.split(b"\n")[:-1], start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        ids = {where, _id(line)}
        if not sources & ids and not any(e.startswith(f"eventlens: error: {where}: ") for e in errors):
            missing.append(where)
    return missing


def _id(line: bytes) -> str | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if isinstance(record, dict) and record.get("id") not in (None, ""):
        return str(record["id"])
    return None


@seed(20251205)
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=inputs)
def test_random_input_never_costs_a_traceback_or_an_input(shared_pipeline, files):
    with tempfile.TemporaryDirectory() as folder:
        paths = write_inputs(Path(folder), files)
        extracted = runner.invoke(app, ["extract", *map(str, paths), "--format", "jsonl"])
        assert extracted.exit_code in (0, 2), extracted.output
        assert extracted.exception is None or isinstance(extracted.exception, SystemExit), extracted.exception
        assert all(line.startswith("eventlens: error: ") for line in extracted.stderr.splitlines()), (
            extracted.stderr
        )
        results = [json.loads(line) for line in extracted.stdout.splitlines()]
        sources = {r["document"]["source"] for r in results}
        for path, (kind, content) in zip(paths, files):
            assert not unaccounted(path, kind, content, sources, extracted.stderr), extracted.stderr
        assert (extracted.exit_code == 2) == bool(extracted.stderr.strip())

        db = Path(folder) / "events.sqlite"
        ingested = runner.invoke(app, ["ingest", *map(str, paths), "--db", str(db)])
        assert ingested.exit_code == extracted.exit_code, ingested.output
        assert all(line.startswith("eventlens: error: ") for line in ingested.stderr.splitlines()[:-1])
        with sqlite3.connect(db) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
            stored = {row[0] for row in connection.execute("SELECT id FROM documents")}
        assert stored == {r["document"]["id"] for r in results}
