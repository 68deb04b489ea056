"""HTML to report text: trafilatura for the main text and metadata, htmldate for the date.

trafilatura finds the date with htmldate; it is called in its conservative mode (markup and
meta tags only, the original publication date rather than the last update), since a wrong
publication date shifts every relative date of the report ("yesterday", "on Thursday").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import lxml.html
import trafilatura
from lxml import etree

from eventlens.ingest.dates import parse_date_value

_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "table",
    "section",
    "article",
    "pre",
    "figcaption",
    "dd",
    "dt",
)
_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class ExtractedPage:
    """What trafilatura reads out of a page: the text as paragraphs, and its metadata."""

    text: str
    title: str | None
    sitename: str | None
    published: date | None


def extract_page(html: str, url: str | None = None) -> ExtractedPage | None:
    """The main text and metadata of a web page, or None when it has no text to extract."""
    result = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        date_extraction_params=_DATE_PARAMS,
    )
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if not text:
        return None
    # trafilatura puts one block element per line; they are paragraphs of the report.
    paragraphs = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    return ExtractedPage(
        text=paragraphs,
        title=(result.title or "").strip() or None,
        sitename=(result.sitename or "").strip() or None,
        published=parse_date_value(result.date),
    )


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed item's description), block elements as paragraphs."""
    if "<" not in html:
        return html.strip()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):  # junk that is no HTML: read it as plain text
        return re.sub(r"<[^>]{0,200}>", " ", html).strip()
    for element in root.iter("script", "style", "noscript", "iframe", "template"):
        element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n\n" + (element.text or "")
    text = root.text_content()
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)
