"""Bytes to text, and what kind of input some bytes are, with one clear reason on failure.

Decoding order: a byte-order mark decides (UTF-8, UTF-16); then strict UTF-8; then the legacy
encodings Arabic and Western news sites still serve, Windows-1256, then Windows-1252 and
Latin-1, each accepted only when the decoded text reads as text (letters, not symbol soup).
Anything else is refused rather than guessed: a wrongly decoded report gives wrong names,
places and events.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from eventlens.errors import InputError

_SNIFF_BYTES = 65536
_MAX_CONTROL_RATIO = 0.01
_MAX_BAD_RATIO = 0.05
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c\x1b") + b"\x7f"
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x1f\x8b", "gzip-compressed"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"BZh", "bzip2-compressed"),
    (b"\xfd7zXZ", "xz-compressed"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"SQLite format 3", "an SQLite database"),
)
# Punctuation that legacy-encoded news text really contains besides letters.
_TEXT_SYMBOLS = set("«»“”‘’–—…•·°±×÷§¶€£¥¢©®™،؛؟٪\u00a0")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE
)


def human_size(n_bytes: int) -> str:
    """10485760 -> "10 MB", the way the size limit is worded in messages."""
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n_bytes >= size:
            value = n_bytes / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n_bytes} bytes"


def too_large(source: str, limit: int) -> InputError:
    """The error for an input over the size limit."""
    return InputError(source, f"larger than the {human_size(limit)} limit")


def binary_reason(data: bytes) -> str | None:
    """Why these bytes are not text (a known file type, NUL bytes, control characters), or None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return f"binary file ({kind}); give eventlens text, HTML, JSON Lines, a feed or WARC"
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return "binary file (contains NUL bytes)"
    controls = sum(head.count(bytes([b])) for b in _CONTROL_BYTES)
    if head and controls / len(head) > _MAX_CONTROL_RATIO:
        return f"binary file ({controls / len(head):.0%} control characters)"
    return None


def decode_text(data: bytes, source: str, declared: str | None = None, *, what: str = "file") -> str:
    """The text of a file or response body, or InputError saying why there is none.

    ``declared`` is a charset the container states (an HTTP header, an HTML meta tag); it is
    tried after a byte-order mark and before the fallbacks. ``what`` names the input in the
    "empty ..." message ("file", "response", "record").
    """
    if not data.strip():
        raise InputError(source, f"empty {what}" if not data else f"empty {what} (only whitespace)")
    reason = binary_reason(data)
    if reason:
        raise InputError(source, reason)
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return _require_text(data[len(bom) :].decode(encoding), source, what)
            except UnicodeDecodeError as exc:
                raise InputError(
                    source,
                    f"not valid {encoding.upper()} text despite its byte-order mark"
                    f" ({exc.reason} at byte {exc.start})",
                ) from None
    if declared:
        try:
            return _require_text(data.decode(_codec_name(declared)), source, what)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return _require_text(data.decode("utf-8"), source, what)
    except UnicodeDecodeError as exc:
        error = exc
    for encoding in ("cp1256", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _reads_as_text(text, arabic=encoding == "cp1256"):
            return _require_text(text, source, what)
    bad = data[error.start]
    raise InputError(
        source, f"not valid UTF-8 text (byte 0x{bad:02x} at offset {error.start}); save it as UTF-8"
    )


def _codec_name(declared: str) -> str:
    name = codecs.lookup(declared.strip().strip("\"'")).name
    # Browsers read a page labelled Latin-1 or ASCII as Windows-1252; so do we.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a meta tag near its top, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _require_text(text: str, source: str, what: str) -> str:
    if not text.strip():
        raise InputError(source, f"empty {what}" if not text else f"empty {what} (only whitespace)")
    return text


def _reads_as_text(text: str, arabic: bool) -> bool:
    """True when a legacy decoding gave letters, not symbol soup (see the module docstring).

    For Windows-1256 the Arabic letters must also form words: Western text misread as
    Windows-1256 shows Arabic letters alone or glued to Latin ones.
    """
    non_ascii = [(i, c) for i, c in enumerate(text) if ord(c) > 127]
    if not non_ascii:
        return True
    bad = arabic_letters = arabic_in_words = 0
    for i, c in non_ascii:
        if "\u0600" <= c <= "\u06ff":
            arabic_letters += 1
            if _latin_neighbour(text, i):
                return False
            arabic_in_words += _arabic_neighbour(text, i)
        elif not unicodedata.category(c).startswith("L") and c not in _TEXT_SYMBOLS:
            bad += 1
    if arabic and (arabic_letters < len(non_ascii) / 2 or arabic_in_words < 0.9 * arabic_letters):
        return False
    return bad / len(non_ascii) <= _MAX_BAD_RATIO


def _latin_neighbour(text: str, i: int) -> bool:
    return any(0 <= j < len(text) and text[j].isascii() and text[j].isalpha() for j in (i - 1, i + 1))


def _arabic_neighbour(text: str, i: int) -> bool:
    return any(0 <= j < len(text) and "\u0600" <= text[j] <= "\u06ff" for j in (i - 1, i + 1))


def sniff_kind(head: bytes, *, allow_json: bool = True) -> str:
    """What the start of some bytes is: "html", "feed", "xml", "warc", "jsonl", "json" or "text"."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[2:4098].decode(encoding, "ignore").encode("utf-8")
            break
    start = head[:4096].lstrip(codecs.BOM_UTF8).lstrip().lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith(b"<"):
        body = start
        while body.startswith((b"<?xml", b"<!--")):
            end = body.find(b"?>" if body.startswith(b"<?") else b"-->")
            if end < 0:
                break
            body = body[end + (2 if body.startswith(b"<?") else 3) :].lstrip()
        if body.startswith((b"<rss", b"<feed", b"<rdf:rdf", b"<rdf")):
            return "feed"
        if body.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title")):
            return "html"
        if re.search(rb"<(?:html|body|div|p|article|h1|h2)[\s>]", start):
            return "html"
        if start.startswith(b"<?xml"):
            return "xml"
        return "text"
    if allow_json and start.startswith(b"{"):
        return "jsonl"
    if allow_json and start.startswith(b"["):
        return "json"
    return "text"
