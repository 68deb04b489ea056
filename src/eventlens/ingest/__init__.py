"""ingest: sources (files, directories, stdin, URLs, feeds, JSON Lines, WARC) -> ``Document``.

Each Document carries the cleaned text that every later offset indexes: trafilatura's main text
for HTML, scraped plain text without its boilerplate lines (``BoilerplateFilter``), with its
language (``detect_language``), publication date and a content-hash id (``document_id``).
"""

from eventlens.ingest.boilerplate import (
    BoilerplateFilter,
    SiteProfile,
    looks_like_sentence,
    opens_caps_dateline,
)
from eventlens.ingest.dates import find_dateline_date
from eventlens.ingest.documents import document_from_html, document_from_text, document_id, headline_of
from eventlens.ingest.fetch import fetch_url
from eventlens.ingest.language import detect_language
from eventlens.ingest.sources import read_sources, too_long

__all__ = [
    "BoilerplateFilter",
    "SiteProfile",
    "detect_language",
    "document_from_html",
    "document_from_text",
    "document_id",
    "fetch_url",
    "find_dateline_date",
    "headline_of",
    "looks_like_sentence",
    "opens_caps_dateline",
    "read_sources",
    "too_long",
]
