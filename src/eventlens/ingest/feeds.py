"""RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom feeds to items, parsed without expanding entities.

lxml is told not to resolve entities, not to load a DTD, not to touch the network and not to
lift its size limits, so a hostile feed ("billion laughs", external entities) cannot expand or
reach out; recover mode reads the slightly broken XML many news sites serve.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from lxml import etree

from eventlens.errors import InputError
from eventlens.ingest.dates import parse_date_value
from eventlens.ingest.webpage import fragment_text

_FEED_ROOTS = ("rss", "feed", "RDF")
_TEXT_FIELDS = ("encoded", "content", "description", "summary")  # fullest first
_DATE_FIELDS = ("published", "pubDate", "date", "issued", "created", "updated", "modified")


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: its link, title, date and text (HTML already turned to text)."""

    index: int
    link: str | None
    title: str | None
    published: date | None
    text: str


@dataclass(frozen=True)
class Feed:
    """A parsed feed: its title (the outlet) and its items, read lazily."""

    title: str | None
    link: str | None
    root: etree._Element

    def items(self) -> Iterator[FeedItem]:
        """The items in document order."""
        n = 0
        for element in self.root.iter():
            if _local(element) in ("item", "entry"):
                n += 1
                yield _item(element, n)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )


def parse_feed(data: bytes, source: str) -> Feed:
    """The feed in these bytes; InputError when they are not RSS or Atom."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(source, f"not a readable RSS or Atom feed ({exc.msg})") from None
    if root is None or _local(root) not in _FEED_ROOTS:
        raise InputError(source, "XML but not an RSS or Atom feed")
    # Unexpanded entity references would otherwise show up in the text as "&name;".
    etree.strip_elements(root, etree.Entity, with_tail=False)
    channel = next((e for e in root if _local(e) == "channel"), root)
    return Feed(title=_child_text(channel, "title"), link=_link(channel), root=root)


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child) == name]


def _child_text(element: etree._Element, name: str) -> str | None:
    for child in _children(element, name):
        text = "".join(child.itertext()).strip()
        if text:
            return " ".join(text.split())
    return None


def _link(element: etree._Element) -> str | None:
    links = _children(element, "link")
    # Atom: <link rel="alternate" href="..."/>, the page of the entry; RSS: <link>url</link>.
    for link in links:
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            return link.get("href").strip()
    for link in links:
        if (link.text or "").strip():
            return link.text.strip()
    guid = _children(element, "guid")
    if guid and guid[0].get("isPermaLink", "true") == "true" and (guid[0].text or "").startswith("http"):
        return guid[0].text.strip()
    return None


def _content_html(element: etree._Element) -> str:
    if element.get("type") == "xhtml":
        return "".join(etree.tostring(child, encoding="unicode") for child in element)
    return "".join(element.itertext())


def _item(element: etree._Element, index: int) -> FeedItem:
    text = ""
    for name in _TEXT_FIELDS:
        for child in _children(element, name):
            text = fragment_text(_content_html(child))
            if text:
                break
        if text:
            break
    published = None
    for name in _DATE_FIELDS:
        published = parse_date_value(_child_text(element, name))
        if published:
            break
    return FeedItem(
        index=index, link=_link(element), title=_child_text(element, "title"), published=published, text=text
    )
