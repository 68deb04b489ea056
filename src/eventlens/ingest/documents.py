"""Text or HTML plus what is known of its origin -> one ``Document``.

Every source kind ends here, so cleaning, title, date, language and id are decided in one
place. What the caller knows wins over what is guessed: a given title, date, outlet or language
is kept; otherwise the title is the first line when it reads as a headline, the date is the
report's dateline, and the language is detected on the cleaned text.
"""

from __future__ import annotations

import functools
import hashlib
import re
from datetime import date
from urllib.parse import urlsplit

from eventlens.errors import InputError
from eventlens.ingest.boilerplate import BoilerplateFilter, is_dateline
from eventlens.ingest.dates import find_dateline_date, is_timestamp_line
from eventlens.ingest.language import detect_language
from eventlens.ingest.webpage import extract_page
from eventlens.model import Document

_HEADLINE_MAX_WORDS = 30
_HEADLINE_END = re.compile(r"[^.;,:]$|\.\.\.$|…$")
_LETTER = re.compile(r"[^\W\d_]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def document_id(text: str) -> str:
    """ "doc_" + the first 16 hex digits of the SHA-256 of the cleaned text."""
    return "doc_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@functools.cache
def _shared_filter() -> BoilerplateFilter:
    # Without a caller's filter nothing is learned across calls: each text stands alone.
    return BoilerplateFilter(learn_sites=False)


def site_key(url: str | None, outlet: str | None = None, fallback: str | None = None) -> str | None:
    """What groups documents as one site for boilerplate learning: host, else outlet, else fallback."""
    if url:
        host = (urlsplit(url).hostname or "").lower()
        if host:
            return host.removeprefix("www.")
    if outlet:
        return "outlet:" + outlet.casefold()
    return fallback


def _require_unicode(source: str, **fields: str | None) -> None:
    # JSON may spell a lone surrogate ("\\ud800"): a str Python holds but no encoding can write.
    for name, value in fields.items():
        if value is not None and (match := _SURROGATE.search(value)):
            reason = f"{name} is not valid Unicode (a lone surrogate at character {match.start()})"
            raise InputError(source, reason)


def headline_of(text: str) -> str | None:
    """The first line of a cleaned text when it reads as a headline, else None.

    A headline is a paragraph of its own of 2 to 30 words that does not end like a body
    sentence (a full stop, comma, colon), and is neither a dateline nor a timestamp.
    """
    first, _, _ = text.partition("\n\n")
    if "\n" in first:
        return None  # a hard-wrapped paragraph: its first line is not a title
    words = first.split()
    if not 2 <= len(words) <= _HEADLINE_MAX_WORDS or not _HEADLINE_END.search(first):
        return None
    if len(_LETTER.findall(first)) < 4 or is_timestamp_line(first) or is_dateline(first):
        return None
    return first


def document_from_text(
    text: str,
    source: str,
    *,
    url: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    published: date | None = None,
    published_fallback: date | None = None,
    language: str = "auto",
    boilerplate: BoilerplateFilter | None = None,
    site: str | None = None,
) -> Document:
    """A Document from plain (scraped) text; InputError when no report text is left.

    ``boilerplate`` is the filter to clean with (a shared one that learns nothing when None);
    ``site`` groups documents for its repeated-line learning (default: the URL's host, else
    the outlet). ``published`` is the document's known date; without it the text's dateline is
    read, and without one ``published_fallback`` (a date given for many documents) is taken.
    """
    if not text.strip():
        raise InputError(source, "empty text")
    _require_unicode(source, id=source, text=text, url=url, outlet=outlet, title=title)
    cleaner = boilerplate or _shared_filter()
    cleaned, removed = cleaner.clean(text, site=site or site_key(url, outlet))
    if not cleaned:
        raise InputError(source, f"no report text left after removing {len(removed)} boilerplate lines")
    if published is None:
        published = find_dateline_date(text) or published_fallback
    if title is None:
        title = headline_of(cleaned)
    lang = language.lower() if language and language.lower() != "auto" else detect_language(cleaned)
    return Document(
        id=document_id(cleaned),
        text=cleaned,
        source=source,
        url=url,
        outlet=outlet,
        title=title,
        published=published,
        language=lang,
        boilerplate_removed=removed,
    )


def document_from_html(
    html: str,
    source: str,
    *,
    url: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    published: date | None = None,
    published_fallback: date | None = None,
    language: str = "auto",
    boilerplate: BoilerplateFilter | None = None,
    site: str | None = None,
) -> Document:
    """A Document from a web page: trafilatura's main text, then as ``document_from_text``.

    Given values win over the page's: ``outlet`` over its site name, ``title`` over its title,
    ``published`` over the date htmldate finds; ``published_fallback`` only dates a page
    without a date of its own (metadata or dateline).
    """
    _require_unicode(source, html=html)
    page = extract_page(html, url)
    if page is None:
        raise InputError(source, "HTML page with no extractable text")
    return document_from_text(
        page.text,
        source,
        url=url,
        outlet=outlet or page.sitename,
        title=title or page.title,
        published=published or page.published,
        published_fallback=published_fallback,
        language=language,
        boilerplate=boilerplate,
        site=site,
    )
