"""Sources -> Documents: files, directories, stdin, URLs, feeds, JSON (Lines) and WARC.

``read_sources`` is a generator: it reads one source, and one record of a source, at a time,
and yields an ``InputError`` as a value for each input it cannot read, so one bad input never
stops the others and no directory or corpus is ever held in memory.

The size limit (``Config.max_input_bytes``) applies to each document: a text, HTML, feed or JSON
file, a fetched URL, one line of a JSON Lines file, one record of a WARC archive. JSON Lines
and WARC files themselves may be of any size, since they are read record by record.

What the caller states wins over what the input says: ``outlet`` and a ``language`` other than
"auto" apply to every document read. ``published`` is a fallback: it dates only the documents
that carry no date of their own (a JSON field, a feed item's date, HTML metadata, a dateline).
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import chain
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urljoin

from eventlens.config import Config
from eventlens.errors import InputError
from eventlens.ingest.boilerplate import BoilerplateFilter
from eventlens.ingest.dates import parse_date_value
from eventlens.ingest.decoding import binary_reason, decode_text, html_charset, sniff_kind, too_large
from eventlens.ingest.documents import document_from_html, document_from_text, site_key
from eventlens.ingest.feeds import parse_feed
from eventlens.ingest.fetch import fetch_url
from eventlens.ingest.warc import read_warc
from eventlens.model import Document

STDIN = "-"
_STDIN_NAME = "<stdin>"
_EXTENSION_KINDS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".warc": "warc",
}
# Assets of a saved web site: never a report, so a directory walk passes them by in silence.
_ASSET_SUFFIXES = frozenset(
    {
        ".css",
        ".js",
        ".mjs",
        ".map",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".svg",
        ".webp",
        ".ico",
        ".bmp",
        ".tif",
        ".tiff",
        ".avif",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".eot",
        ".mp3",
        ".mp4",
        ".m4a",
        ".webm",
        ".ogg",
        ".wav",
        ".avi",
        ".mov",
        ".pyc",
    }
)
_MEDIA_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/plain": "text",
    "text/markdown": "text",
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
}
_SNIFFED_MEDIA = ("", "application/octet-stream", "binary/octet-stream")


def read_sources(
    sources: Iterable[str],
    config: Config,
    *,
    published: date | None = None,
    outlet: str | None = None,
    language: str = "auto",
    boilerplate: BoilerplateFilter | None = None,
) -> Iterator[Document | InputError]:
    """Every document of every source, in order; an InputError in place of each unreadable one.

    A source is a file, a directory (read recursively in sorted order, hidden files skipped),
    an http(s) URL, or "-" for standard input. ``boilerplate`` is the filter to clean with; by
    default a new one per call, which learns each site's repeated lines over the run.
    """
    if isinstance(sources, str):
        sources = [sources]  # one source, not its characters
    reader = _SourceReader(config, published, outlet, language, boilerplate or BoilerplateFilter())
    for source in sources:
        for item in reader.read(source):
            if isinstance(item, Document):
                item = too_long(item, config) or item
            yield item


def too_long(document: Document, config: Config) -> InputError | None:
    """The error for a document with more text than one report may have, or None."""
    if len(document.text) <= config.max_text_chars:
        return None
    return InputError(
        document.source,
        f"{len(document.text):,} characters of text, more than the {config.max_text_chars:,} one report "
        "may have; split it into several documents",
    )


def _is_url(source: str) -> bool:
    scheme, sep, _ = source.partition("://")
    return (
        bool(sep)
        and scheme.isascii()
        and scheme[:1].isalpha()
        and all(c.isalnum() or c in "+.-" for c in scheme)
    )


def _kind_by_name(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith((".warc.gz", ".warc")):
        return "warc"
    return _EXTENSION_KINDS.get(path.suffix.lower())


class _SourceReader:
    """The state of one read_sources call: the options and the boilerplate filter it learns with."""

    def __init__(
        self,
        config: Config,
        published: date | None,
        outlet: str | None,
        language: str,
        cleaner: BoilerplateFilter,
    ):
        self.config = config
        self.limit = config.max_input_bytes
        self.published = published
        self.outlet = outlet
        self.language = (language or "auto").lower()
        self.cleaner = cleaner

    # -- one document -------------------------------------------------------------------------

    def _document(
        self,
        kind: str,
        content: str,
        source: str,
        *,
        url: str | None = None,
        outlet: str | None = None,
        title: str | None = None,
        published: date | None = None,
        language: str | None = None,
        site: str | None = None,
    ) -> Document | InputError:
        outlet = self.outlet or outlet
        options = {
            "url": url,
            "outlet": outlet,
            "title": title,
            "published": published,
            "published_fallback": self.published,
            "language": self.language if self.language != "auto" else (language or "auto"),
            "boilerplate": self.cleaner,
            "site": site_key(url, outlet, site),
        }
        try:
            if kind == "html":
                return document_from_html(content, source, **options)
            return document_from_text(content, source, **options)
        except InputError as error:
            return error

    # -- dispatch -----------------------------------------------------------------------------

    def read(self, source: str) -> Iterator[Document | InputError]:
        if not source.strip():
            yield InputError(repr(source), "empty source name; give a file, a directory, a URL or -")
        elif source == STDIN:
            yield from self._stdin()
        elif _is_url(source):
            yield from self._url(source)
        else:
            yield from self._path(Path(source), source)

    def _path(self, path: Path, source: str) -> Iterator[Document | InputError]:
        try:
            info = path.stat()
        except FileNotFoundError:
            yield InputError(source, "no such file or directory")
            return
        except OSError as exc:
            yield InputError(source, f"cannot read it ({exc.strerror or exc})")
            return
        if stat.S_ISDIR(info.st_mode):
            yield from self._directory(path, source)
        elif not stat.S_ISREG(info.st_mode):
            yield InputError(source, "not a regular file")
        else:
            yield from self._file(path, source, info.st_size)

    def _directory(self, root: Path, source: str) -> Iterator[Document | InputError]:
        tried = documents = 0
        for directory, subdirectories, files in os.walk(root):
            subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
            for name in sorted(files):
                path = Path(directory, name)
                if name.startswith(".") or path.suffix.lower() in _ASSET_SUFFIXES:
                    continue
                tried += 1
                for result in self._path(path, str(path)):
                    documents += isinstance(result, Document)
                    yield result
        if not documents:
            detail = "it has no files" if not tried else f"none of its {tried} files could be read"
            yield InputError(source, f"no readable file in this directory ({detail})")

    def _file(self, path: Path, source: str, size: int) -> Iterator[Document | InputError]:
        kind = _kind_by_name(path)
        if kind is None:
            kind = self._streamed_kind(path)
        if kind == "warc":
            yield from self._warc(path)
            return
        if kind == "jsonl":
            yield from self._open_jsonl(path, source)
            return
        hint = "; split it into JSON Lines, one document a line" if kind == "json" else ""
        if size > self.limit:
            yield InputError(source, too_large(source, self.limit).reason + hint)
            return
        try:
            with path.open("rb") as stream:
                data = stream.read(self.limit + 1)
        except OSError as exc:
            yield InputError(source, f"cannot read it ({exc.strerror or exc})")
            return
        if len(data) > self.limit:
            yield InputError(source, too_large(source, self.limit).reason + hint)
            return
        if kind in (None, "text"):
            sniffed = sniff_kind(data[:4096], allow_json=kind is None)
            if kind is None or sniffed in ("html", "feed"):
                kind = sniffed
        if kind == "jsonl":
            kind = _json_kind(data)
        if kind == "jsonl":
            yield from self._jsonl(iter(data.splitlines(keepends=True)), source)
        elif kind == "warc":
            yield from self._warc(path)
        else:
            yield from self._content(kind, data, source, site="dir:" + str(path.parent))

    def _streamed_kind(self, path: Path) -> str | None:
        """ "warc" or "jsonl" for a file whose name does not tell: these are read record by record."""
        try:
            with path.open("rb") as stream:
                head = stream.read(4096)
        except OSError:
            return None  # the full read reports the error
        sniffed = sniff_kind(head)
        if sniffed == "warc" or (
            sniffed == "jsonl" and b"\n" in head.strip() and _json_kind(head) == "jsonl"
        ):
            return sniffed
        return None

    def _content(
        self,
        kind: str,
        data: bytes,
        source: str,
        *,
        url: str | None = None,
        charset: str | None = None,
        site: str | None = None,
    ) -> Iterator[Document | InputError]:
        """A whole, size-checked document of a known kind (html, feed, xml, json, text)."""
        what = "response" if url else "file"
        try:
            if kind in ("feed", "xml"):
                yield from self._feed(data, source, base_url=url, what=what)
            elif kind == "json":
                yield from self._json(data, source)
            elif kind == "html":
                html = decode_text(data, source, charset or html_charset(data), what=what)
                yield self._document("html", html, source, url=url, site=site)
            else:
                text = decode_text(data, source, charset, what=what)
                yield self._document("text", text, source, url=url, site=site)
        except InputError as error:
            yield error

    # -- standard input -------------------------------------------------------------------------

    def _stdin(self) -> Iterator[Document | InputError]:
        if sys.stdin is None or not hasattr(sys.stdin, "buffer"):
            yield InputError(_STDIN_NAME, "no standard input to read")
            return
        stream: BinaryIO = sys.stdin.buffer
        first = stream.readline(self.limit + 1)
        if sniff_kind(first[:4096]) == "jsonl" and _json_kind(first) == "jsonl":
            yield from self._jsonl(
                chain([first], iter(lambda: stream.readline(self.limit + 2), b"")), _STDIN_NAME
            )
            return
        data = first + stream.read(self.limit + 1 - len(first))
        if len(data) > self.limit:
            yield too_large(_STDIN_NAME, self.limit)
            return
        kind = sniff_kind(data[:4096])
        if kind == "jsonl":
            kind = _json_kind(data)
        if kind == "jsonl":
            yield from self._jsonl(iter(data.splitlines(keepends=True)), _STDIN_NAME)
        elif kind == "warc":
            yield InputError(_STDIN_NAME, "WARC archives are read from files only; save it to a .warc file")
        else:
            yield from self._content(kind, data, _STDIN_NAME, site=_STDIN_NAME)

    # -- URLs -----------------------------------------------------------------------------------

    def _url(self, url: str) -> Iterator[Document | InputError]:
        try:
            page = fetch_url(url, self.config)
        except InputError as error:
            yield error
            return
        kind = _MEDIA_KINDS.get(page.content_type)
        if kind is None:
            if page.content_type not in _SNIFFED_MEDIA and not page.content_type.startswith("text/"):
                yield InputError(url, f"unsupported content type {page.content_type}")
                return
            kind = sniff_kind(page.body[:4096])
        elif kind == "xml" and sniff_kind(page.body[:4096]) == "html":
            kind = "html"
        if kind == "jsonl":
            kind = _json_kind(page.body)
        if kind == "jsonl":
            yield from self._jsonl(iter(page.body.splitlines(keepends=True)), url)
        elif kind == "warc":
            yield InputError(url, "WARC archives are read from files only; download it first")
        else:
            yield from self._content(kind, page.body, url, url=page.url, charset=page.charset)

    # -- feeds ----------------------------------------------------------------------------------

    def _feed(
        self, data: bytes, source: str, *, base_url: str | None, what: str
    ) -> Iterator[Document | InputError]:
        if not data.strip():
            yield InputError(source, f"empty {what}")
            return
        reason = binary_reason(data)
        if reason:
            yield InputError(source, reason)
            return
        feed = parse_feed(data, source)
        items = 0
        for item in feed.items():
            items += 1
            link = urljoin(base_url, item.link) if base_url and item.link else item.link
            where = f"{source}#item{item.index}"
            text = item.text or item.title
            if not text:
                yield InputError(where, "feed item has no text")
                continue
            document = self._document(
                "text",
                text,
                link or where,
                url=link,
                outlet=feed.title,
                title=item.title,
                published=item.published,
                site=source,
            )
            yield InputError(where, document.reason) if isinstance(document, InputError) else document
        if not items:
            yield InputError(source, "feed has no items")

    # -- JSON and JSON Lines --------------------------------------------------------------------

    def _open_jsonl(self, path: Path, source: str) -> Iterator[Document | InputError]:
        try:
            stream = path.open("rb")
        except OSError as exc:
            yield InputError(source, f"cannot read it ({exc.strerror or exc})")
            return
        with stream:
            # A binary file named .jsonl is one error, not one per "line" of it.
            if reason := binary_reason(stream.read(4096)):
                yield InputError(source, reason)
                return
            stream.seek(0)
            yield from self._jsonl(iter(lambda: stream.readline(self.limit + 2), b""), source)

    def _jsonl(self, lines: Iterator[bytes], source: str) -> Iterator[Document | InputError]:
        """Records of JSON Lines; ``lines`` yields lines cut at ``limit + 2`` bytes at most."""
        records = 0
        number = 0
        for line in lines:
            number += 1
            where = f"{source}:{number}"
            if len(line.rstrip(b"\r\n")) > self.limit:
                while line and not line.endswith(b"\n"):  # skip the rest of the long line
                    line = next(lines, b"")
                yield too_large(where, self.limit)
                continue
            if number == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")
            if not line.strip():
                continue
            records += 1
            try:
                record = json.loads(line)
            except UnicodeDecodeError:
                yield InputError(where, "not valid UTF-8")
                continue
            except json.JSONDecodeError as exc:
                yield InputError(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            yield self._record(record, where, source)
        if not records:
            yield InputError(source, "empty file (no JSON Lines records)")

    def _json(self, data: bytes, source: str) -> Iterator[Document | InputError]:
        try:
            value = json.loads(data.removeprefix(b"\xef\xbb\xbf"))
        except UnicodeDecodeError:
            yield InputError(source, "not valid UTF-8")
            return
        except json.JSONDecodeError as exc:
            yield InputError(source, f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})")
            return
        if isinstance(value, list):
            if not value:
                yield InputError(source, "empty JSON list")
            for index, record in enumerate(value):
                yield self._record(record, f"{source}[{index}]", source)
        else:
            yield self._record(value, source, source)

    def _record(self, record: object, where: str, container: str) -> Document | InputError:
        """One JSON document; errors name ``where`` (file:line), the document's source is its id."""
        if not isinstance(record, dict):
            return InputError(where, "not a JSON object")
        text, html = record.get("text"), record.get("html")
        has_text, has_html = isinstance(text, str) and text.strip(), isinstance(html, str) and html.strip()
        if not has_text and not has_html:
            return InputError(where, 'no text: needs a non-empty "text" or "html" string')
        published = None
        if record.get("published") not in (None, ""):
            published = parse_date_value(record["published"])
            if published is None:
                return InputError(
                    where, f'"published" is not a date (YYYY-MM-DD): {str(record["published"])[:40]!r}'
                )
        ident = record.get("id")
        url = record.get("url") if isinstance(record.get("url"), str) else None
        outlet = record.get("outlet") if isinstance(record.get("outlet"), str) else None
        title = record.get("title") if isinstance(record.get("title"), str) else None
        language = record.get("language") if isinstance(record.get("language"), str) else None
        document = self._document(
            "text" if has_text else "html",
            text if has_text else html,
            str(ident) if ident not in (None, "") else where,
            url=url,
            outlet=outlet,
            title=title,
            published=published,
            language=language,
            site=container,
        )
        return InputError(where, document.reason) if isinstance(document, InputError) else document

    # -- WARC -----------------------------------------------------------------------------------

    def _warc(self, path: Path) -> Iterator[Document | InputError]:
        for page in read_warc(path, self.limit):
            if isinstance(page, InputError):
                yield page
                continue
            try:
                html = decode_text(
                    page.body, page.source, page.charset or html_charset(page.body), what="record"
                )
            except InputError as error:
                yield error
                continue
            yield self._document("html", html, page.source, url=page.url, site=str(path))


def _json_kind(data: bytes) -> str:
    """ "jsonl" when the first line is a whole JSON value, else "json" (one pretty-printed value)."""
    first = data.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    try:
        json.loads(first)
    except ValueError:
        return "json"
    return "jsonl"
