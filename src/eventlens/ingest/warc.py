"""WARC archives (.warc, .warc.gz) to the HTML pages they captured, one record at a time.

Only successful (2xx) captures of HTML are reports; redirects, errors, images, scripts and
styles are skipped without a word. A page over the size limit, or one that cannot be decoded,
is an InputError for that record and the archive goes on.
"""

from __future__ import annotations

import gzip
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eventlens.errors import InputError
from eventlens.ingest.decoding import too_large

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# The longest WARC or HTTP header line read: real ones are under a few KB (URLs, cookies); warcio
# itself reads a line whole, so without a bound one long line of a tiny .warc.gz fills memory.
MAX_HEADER_LINE = 65536


@dataclass(frozen=True)
class CapturedPage:
    """One HTML page of an archive: where it came from, and its undecoded body."""

    source: str  # "path#offset": the record's byte offset, as `warcio extract` takes it
    url: str | None
    charset: str | None
    body: bytes


def read_warc(path: Path, limit: int) -> Iterator[CapturedPage | InputError]:
    """The HTML pages of a WARC file; InputError for the file or for a single record."""
    try:  # imported here so that a missing warcio costs WARC input only, not all of ingest
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        yield InputError(str(path), "reading WARC files needs the warcio package (pip install warcio)")
        return
    # warcio writes its own multi-line warnings about records it repairs on stderr (a format string
    # on the class, and a logger); eventlens says what it could not read, one line per input.
    logging.getLogger("warcio").setLevel(logging.ERROR)
    found = False
    try:
        head = _head(path)
        if not head:
            yield InputError(str(path), "empty file")
            return
        if not head.startswith(b"WARC/"):
            # warcio would read other text as an old ARC archive; refuse it instead.
            yield InputError(str(path), "not a readable WARC file (it does not start with a WARC header)")
            return
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            records.INC_RECORD = ""
            records.reader = _LineBoundedReader(records.reader, str(path))
            for record in records:
                page = _page(record, records, path, limit)
                if page is not None:
                    found = True
                    yield page
    except InputError as error:
        yield error
        return
    except ArchiveLoadFailed as exc:
        yield InputError(str(path), f"not a readable WARC file ({_first_line(exc)})")
        return
    except (OSError, EOFError, zlib.error) as exc:
        yield InputError(str(path), f"not a readable WARC file ({getattr(exc, 'strerror', None) or exc})")
        return
    if not found:
        yield InputError(str(path), "WARC file has no HTML response records")


class _LineBoundedReader:
    """warcio's decompressing reader, with each line it reads bounded by MAX_HEADER_LINE.

    warcio reads headers (and nothing else) line by line, so only header lines meet the bound.
    """

    def __init__(self, reader, source: str):
        self._reader = reader
        self._source = source

    def readline(self, length: int | None = None) -> bytes:
        wanted = MAX_HEADER_LINE + 1 if length is None or length < 0 else min(length, MAX_HEADER_LINE + 1)
        line = b""
        # warcio's reader may stop a bounded line at its buffer's end: read on to the newline.
        while len(line) < wanted and not line.endswith(b"\n"):
            part = self._reader.readline(wanted - len(line))
            if not part:
                break
            line += part
        if len(line) > MAX_HEADER_LINE:
            reason = f"not a readable WARC file (a header line longer than {MAX_HEADER_LINE:,} bytes)"
            raise InputError(self._source, reason)
        return line

    def __getattr__(self, name: str):
        return getattr(self._reader, name)


def _head(path: Path) -> bytes:
    with path.open("rb") as stream:
        magic = stream.read(2)
    if magic != b"\x1f\x8b":
        with path.open("rb") as stream:
            return stream.read(5)
    with gzip.open(path, "rb") as stream:
        return stream.read(5)


def _page(record, records, path: Path, limit: int) -> CapturedPage | InputError | None:
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    media_type, _, params = content_type.partition(";")
    if media_type.strip().lower() not in _HTML_TYPES:
        return None
    body = record.content_stream().read(limit + 1)
    # Only after the body is read: asking for the offset reads the record to its end.
    source = f"{path}#{records.get_record_offset()}"
    if len(body) > limit:
        return too_large(source, limit)
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    url = record.rec_headers.get_header("WARC-Target-URI")
    return CapturedPage(source=source, url=url, charset=charset, body=body)


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]
