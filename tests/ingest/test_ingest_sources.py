"""read_sources on every kind of local source, and one clear reason for every bad input."""

from __future__ import annotations

import io
import json
import sys
from datetime import date

import pytest
from ingest_samples import (
    AR_BODY_LINES,
    AR_REPORT,
    ARTICLE_HTML,
    ATOM_FEED,
    EN_BODY_LINES,
    EN_REPORT,
    RSS_FEED,
)

from eventlens.config import Config
from eventlens.errors import InputError
from eventlens.ingest import document_id, read_sources
from eventlens.model import Document

CONFIG = Config()


def read(*sources, config=CONFIG, **options):
    return list(read_sources([str(s) for s in sources], config, **options))


def only_document(results) -> Document:
    assert len(results) == 1, results
    assert isinstance(results[0], Document), results[0]
    return results[0]


def only_error(results) -> InputError:
    assert len(results) == 1, results
    assert isinstance(results[0], InputError), results[0]
    return results[0]


# -- plain text ------------------------------------------------------------------------------


def test_text_file(write):
    path = write("report.txt", EN_REPORT)
    doc = only_document(read(path))
    assert doc.text == "\n\n".join(EN_BODY_LINES)
    assert doc.source == str(path)
    assert doc.title == EN_BODY_LINES[0]
    assert doc.language == "en"
    assert doc.url is None and doc.outlet is None and doc.published is None
    assert "By Jane Doe" in doc.boilerplate_removed
    assert doc.id == document_id(doc.text) and doc.id.startswith("doc_") and len(doc.id) == 20


def test_arabic_text_file_in_windows_1256(write):
    path = write("report-ar.txt", AR_REPORT.encode("cp1256", errors="ignore"))
    doc = only_document(read(path))
    assert doc.language == "ar"
    assert doc.text.startswith(AR_BODY_LINES[0])


def test_utf16_with_bom_and_unknown_extension(write):
    path = write("report.dat", b"\xff\xfe" + EN_REPORT.encode("utf-16-le"))
    assert only_document(read(path)).text == "\n\n".join(EN_BODY_LINES)


def test_same_report_twice_has_the_same_id_whatever_its_debris(write):
    bare = write("a.txt", "\n\n".join(EN_BODY_LINES))
    scraped = write("b.txt", EN_REPORT)
    first, second = read(bare, scraped)
    assert first.id == second.id


def test_dateline_gives_the_publication_date(write):
    path = write(
        "dated.txt",
        "Checkpoint set up on the road\n\nDEIR EZZOR, March 14, 2025 - Militia members set up a checkpoint, residents said.\n",
    )
    doc = only_document(read(path))
    assert doc.published == date(2025, 3, 14)
    assert doc.text.startswith("Checkpoint set up on the road\n\nDEIR EZZOR, March 14, 2025")


def test_outlet_and_language_override_what_the_input_says(write):
    path = write("page.html", ARTICLE_HTML)
    doc = only_document(read(path, outlet="My Outlet", language="ar"))
    assert (doc.outlet, doc.language) == ("My Outlet", "ar")


def test_a_given_publication_date_dates_only_documents_without_their_own(write, tmp_path):
    fallback = date(2024, 1, 2)
    page = write("page.html", ARTICLE_HTML)  # its metadata says 2025-03-14
    dateline = write(
        "dated.txt", "A headline\n\nDEIR EZZOR, March 14, 2025 - Militia members set up a checkpoint.\n"
    )
    undated = write(
        "undated.txt", "A headline\n\nMilitia members set up a checkpoint on Tuesday, residents said.\n"
    )
    records = tmp_path / "records.jsonl"
    records.write_text(
        json.dumps({"id": "r1", "text": "Militia members set up a checkpoint.", "published": "2025-03-15"})
        + "\n"
        + json.dumps({"id": "r2", "text": "Militia members left the checkpoint."})
        + "\n",
        encoding="utf-8",
    )
    dated = [doc.published for doc in read(page, dateline, undated, records, published=fallback)]
    assert dated == [date(2025, 3, 14), date(2025, 3, 14), fallback, date(2025, 3, 15), fallback]


# -- HTML ------------------------------------------------------------------------------------


def test_html_file(write):
    doc = only_document(read(write("page.html", ARTICLE_HTML)))
    assert doc.title == "Shelling hits villages near Al-Bukamal"
    assert doc.outlet == "Example Network"
    assert doc.published == date(2025, 3, 14)
    assert "Artillery units shelled two villages" in doc.text
    assert "Share on Facebook" not in doc.text
    assert "\n\n" in doc.text


def test_html_is_sniffed_without_extension(write):
    doc = only_document(read(write("page", ARTICLE_HTML)))
    assert doc.outlet == "Example Network"


def test_html_declaring_windows_1256(write):
    html = (
        '<html><head><meta charset="windows-1256"><title>تقرير</title></head><body><article><p>'
        + AR_BODY_LINES[1]
        + "</p><p>"
        + AR_BODY_LINES[2]
        + "</p></article></body></html>"
    )
    doc = only_document(read(write("ar.html", html.encode("cp1256"))))
    assert AR_BODY_LINES[1] in doc.text
    assert doc.language == "ar"


def test_html_without_text(write):
    error = only_error(
        read(write("empty.html", "<html><head><script>var x = 1;</script></head><body></body></html>"))
    )
    assert error.reason == "HTML page with no extractable text"


# -- JSON Lines and JSON -------------------------------------------------------------------------


def test_jsonl_file_bad_lines_do_not_stop_the_others(write):
    lines = [
        json.dumps(
            {
                "id": "r1",
                "text": EN_REPORT,
                "url": "https://example.org/r1",
                "published": "2025-03-14",
                "outlet": "Example Network",
            }
        ),
        "{not json",
        "",
        json.dumps({"id": 7, "html": ARTICLE_HTML, "language": "en", "title": "Given title"}),
        json.dumps({"id": "r3", "published": "2025-03-14"}),
        json.dumps({"id": "r4", "text": "A report.", "published": "yesterday"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": AR_REPORT}),
    ]
    path = write("corpus.jsonl", "\n".join(lines) + "\n")
    results = read(path)
    assert [type(r).__name__ for r in results] == [
        "Document",
        "InputError",
        "Document",
        "InputError",
        "InputError",
        "InputError",
        "Document",
    ]
    first, bad_json, html, no_text, bad_date, not_object, arabic = results
    assert (first.source, first.url, first.outlet, first.published) == (
        "r1",
        "https://example.org/r1",
        "Example Network",
        date(2025, 3, 14),
    )
    assert first.text == "\n\n".join(EN_BODY_LINES)
    assert bad_json.source == f"{path}:2" and bad_json.reason.startswith("not valid JSON")
    assert (html.source, html.title, html.outlet) == ("7", "Given title", "Example Network")
    assert no_text.source == f"{path}:5" and "text" in no_text.reason
    assert bad_date.source == f"{path}:6" and '"published" is not a date' in bad_date.reason
    assert not_object.source == f"{path}:7" and not_object.reason == "not a JSON object"
    assert arabic.source == f"{path}:8" and arabic.language == "ar"


def test_jsonl_line_over_the_size_limit(write):
    config = Config(max_input_bytes=300)
    long_line = json.dumps({"id": "long", "text": "word " * 200})
    short = json.dumps({"id": "short", "text": "The militias withdrew from the town, residents said."})
    path = write("corpus.jsonl", f"{short}\n{long_line}\n{short}\n")
    results = read(path, config=config)
    assert [getattr(r, "source", None) for r in results] == ["short", f"{path}:2", "short"]
    assert results[1].reason == "larger than the 300 bytes limit"


def test_json_object_and_list(write):
    single = write("one.json", json.dumps({"id": "x", "text": EN_REPORT}))
    assert only_document(read(single)).source == "x"
    listed = write("many.json", json.dumps([{"id": "a", "text": EN_REPORT}, {"id": "b"}]))
    doc, error = read(listed)
    assert doc.source == "a"
    assert error.source == f"{listed}[1]"
    assert "not valid JSON" in only_error(read(write("bad.json", "{"))).reason


# -- feeds -----------------------------------------------------------------------------------


def test_rss_file(write):
    first, second = read(write("feed.rss", RSS_FEED))
    assert first.url == first.source == "https://example.org/news/checkpoint"
    assert first.title == "Checkpoint set up on the Deir Ezzor road"
    assert first.outlet == "Example Network"
    assert first.published == date(2025, 3, 14)
    assert (
        first.text
        == "Militia members set up a new checkpoint on the road between Deir Ezzor and Al-Mayadin, residents said."
    )
    assert first.boilerplate_removed == ("Read more",)
    # content:encoded, the fuller text, wins over the description
    assert second.text.endswith("The protesters called on the local council to repair the pumping station.")
    assert second.published == date(2025, 3, 15)


def test_atom_file_sniffed_from_xml(write):
    doc = only_document(read(write("feed.xml", ATOM_FEED)))
    assert doc.url == "https://atom.example.org/2025/03/drone-strike"
    assert doc.outlet == "Example Atom Network"
    assert doc.published == date(2025, 3, 16)
    assert doc.text.startswith("A drone struck a vehicle near the town of Hajin")


def test_feed_entities_are_not_expanded(write):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "]><rss><channel><title>T</title><item><title>Laugh</title><description>&i; The militias withdrew from the town.</description></item></channel></rss>"
    )
    results = read(write("laughs.xml", laughs))
    text = " ".join(r.text for r in results if isinstance(r, Document))
    assert "aaaaaaaaaa" not in text


def test_xml_that_is_not_a_feed(write):
    assert (
        only_error(read(write("data.xml", '<?xml version="1.0"?><catalog><book/></catalog>'))).reason
        == "XML but not an RSS or Atom feed"
    )


def test_feed_without_items(write):
    assert (
        only_error(read(write("feed.rss", "<rss><channel><title>T</title></channel></rss>"))).reason
        == "feed has no items"
    )


# -- WARC ------------------------------------------------------------------------------------


def _warc(path, records):
    pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=str(path).endswith(".gz"))
        for url, status, content_type, body in records:
            headers = StatusAndHeaders(
                status,
                [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )
    return path


def test_warc_file(tmp_path):
    second = ARTICLE_HTML.replace("Thursday morning", "Friday evening").encode()
    path = _warc(
        tmp_path / "crawl.warc.gz",
        [
            ("https://example.org/a", "200 OK", "text/html; charset=utf-8", ARTICLE_HTML.encode()),
            ("https://example.org/logo.png", "200 OK", "image/png", b"\x89PNG...."),
            (
                "https://example.org/gone",
                "404 Not Found",
                "text/html",
                b"<html><body><p>Not found</p></body></html>",
            ),
            ("https://example.org/b", "200 OK", "text/html", second),
        ],
    )
    first, other = read(path)
    assert first.url == "https://example.org/a" and other.url == "https://example.org/b"
    assert first.source == f"{path}#0" and other.source.startswith(f"{path}#")
    assert "Friday evening" in other.text
    assert first.outlet == "Example Network"


def test_warc_record_over_the_limit_and_bad_archives(tmp_path):
    path = _warc(
        tmp_path / "big.warc", [("https://example.org/a", "200 OK", "text/html", ARTICLE_HTML.encode())]
    )
    error = only_error(read(path, config=Config(max_input_bytes=100)))
    assert error.source == f"{path}#0" and error.reason == "larger than the 100 bytes limit"
    (tmp_path / "junk.warc").write_bytes(b"this is not a warc file\n")
    assert "not a readable WARC file" in only_error(read(tmp_path / "junk.warc")).reason
    images = _warc(
        tmp_path / "images.warc", [("https://example.org/x.png", "200 OK", "image/png", b"\x89PNG")]
    )
    assert only_error(read(images)).reason == "WARC file has no HTML response records"


# -- directories and stdin -------------------------------------------------------------------


def test_directory_is_read_recursively_in_order_skipping_hidden_files_and_assets(write, tmp_path):
    write("corpus/b.txt", EN_REPORT.replace("Tuesday", "Wednesday"))
    write("corpus/a.txt", EN_REPORT)
    write("corpus/sub/c.html", ARTICLE_HTML)
    write("corpus/.hidden.txt", EN_REPORT)
    write("corpus/.git/d.txt", EN_REPORT)
    write("corpus/style.css", "body { color: red }")
    write("corpus/empty.txt", "")
    results = read(tmp_path / "corpus")
    assert [r.source for r in results] == [
        str(tmp_path / "corpus" / n) for n in ("a.txt", "b.txt", "empty.txt", "sub/c.html")
    ]
    assert isinstance(results[2], InputError) and results[2].reason == "empty file"


def test_directory_without_a_readable_file(write, tmp_path):
    (tmp_path / "nothing").mkdir()
    assert (
        only_error(read(tmp_path / "nothing")).reason
        == "no readable file in this directory (it has no files)"
    )
    write("bad/x.txt", "")
    write("bad/y.bin", b"\x00\x01\x02")
    *files, folder = read(tmp_path / "bad")
    assert [e.reason for e in files] == ["empty file", "binary file (contains NUL bytes)"]
    assert folder.source == str(tmp_path / "bad")
    assert folder.reason == "no readable file in this directory (none of its 2 files could be read)"


def _stdin(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_text(monkeypatch):
    _stdin(monkeypatch, EN_REPORT.encode())
    doc = only_document(read("-"))
    assert doc.source == "<stdin>" and doc.text == "\n\n".join(EN_BODY_LINES)


def test_stdin_json_lines(monkeypatch):
    _stdin(
        monkeypatch,
        (
            json.dumps({"id": "s1", "text": EN_REPORT})
            + "\n"
            + json.dumps({"id": "s2", "html": ARTICLE_HTML})
            + "\nnope\n"
        ).encode(),
    )
    first, second, error = read("-")
    assert (first.source, second.source) == ("s1", "s2")
    assert error.source == "<stdin>:3"


def test_stdin_html(monkeypatch):
    _stdin(monkeypatch, ARTICLE_HTML.encode())
    assert only_document(read("-")).outlet == "Example Network"


# -- bad inputs: one clear reason each -----------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n ", "empty file (only whitespace)"),
        (b"\xef\xbb\xbf", "empty file"),
        (b"text\x00with\x00nul", "binary file (contains NUL bytes)"),
        (b"\x01\x02\x03\x04 mostly control characters", "binary file (13% control characters)"),
        (
            b"%PDF-1.7\n\x80\x81",
            "binary file (a PDF document); give eventlens text, HTML, JSON Lines, a feed or WARC",
        ),
        (
            b"\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f" * 4,
            "not valid UTF-8 text (byte 0x80 at offset 0); save it as UTF-8",
        ),
        (b"Share on Facebook\n\nRead more\n", "no report text left after removing 2 boilerplate lines"),
    ],
)
def test_bad_file(write, content, reason):
    error = only_error(read(write("bad.txt", content)))
    assert error.reason == reason


def test_missing_file(tmp_path):
    error = only_error(read(tmp_path / "nope.txt"))
    assert (error.source, error.reason) == (str(tmp_path / "nope.txt"), "no such file or directory")


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(10 * 1024 * 1024 + 1)  # sparse: nothing is written or read
    assert only_error(read(path)).reason == "larger than the 10 MB limit"
    small = tmp_path / "small.txt"
    small.write_text(EN_REPORT, encoding="utf-8")
    assert (
        only_error(read(small, config=Config(max_input_bytes=100))).reason
        == "larger than the 100 bytes limit"
    )


def test_unsupported_scheme():
    assert (
        only_error(read("ftp://example.org/report.txt")).reason
        == "unsupported URL scheme 'ftp'; only http and https are fetched"
    )
    assert "unsupported URL scheme 'file'" in only_error(read("file:///etc/hostname")).reason


def test_one_bad_source_does_not_stop_the_others(write, tmp_path):
    good = write("good.txt", EN_REPORT)
    results = read(tmp_path / "missing.txt", good, write("empty.txt", ""), good)
    assert [type(r).__name__ for r in results] == ["InputError", "Document", "InputError", "Document"]


def test_streaming_reads_lazily(write, tmp_path):
    for n in range(3):
        write(f"many/{n}.txt", EN_REPORT)
    stream = read_sources([str(tmp_path / "many")], CONFIG)
    assert isinstance(next(stream), Document)  # one document without touching the rest


def test_odd_source_arguments(write, monkeypatch):
    assert only_error(read("")).reason == "empty source name; give a file, a directory, a URL or -"
    path = write("one.txt", EN_REPORT)
    assert isinstance(next(read_sources(str(path), CONFIG)), Document)  # a lone string is one source
    monkeypatch.setattr(sys, "stdin", None)
    assert only_error(read("-")).reason == "no standard input to read"


def test_json_over_the_limit_suggests_json_lines(write):
    path = write("big.json", json.dumps([{"id": n, "text": EN_REPORT} for n in range(3)]))
    error = only_error(read(path, config=Config(max_input_bytes=500)))
    assert error.reason == "larger than the 500 bytes limit; split it into JSON Lines, one document a line"


def test_json_lines_without_extension_are_streamed_past_the_limit(write):
    lines = "".join(
        json.dumps({"id": n, "text": "The militias withdrew from the town, residents said."}) + "\n"
        for n in range(10)
    )
    results = read(write("corpus", lines), config=Config(max_input_bytes=200))
    assert [r.source for r in results] == [str(n) for n in range(10)]
