"""The records that flow between eventlens stages.

Every stage takes and returns these frozen dataclasses; no stage hands a spaCy ``Doc`` or a
dict of unknown shape to another. ``to_dict`` gives the JSON shape documented in the README.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

SCHEMA_VERSION = 1

# ACLED-style actor types (inter codes) plus person and media, as the project's design lists them.
ACTOR_TYPES = (
    "state_military",
    "state",
    "rebel_group",
    "political_militia",
    "identity_militia",
    "militia",
    "rioters",
    "protesters",
    "civilians",
    "external",
    "person",
    "media",
    "organization",
)

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

# Events that are statements (what someone said they blame, refuse, threaten or ask): dated only
# when the report dates them, and their author's own acts when nobody reports them.
STATEMENT_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN", "REQUEST"})

MODALITIES = ("asserted", "denied", "planned", "called for", "claimed", "hypothetical")
SOURCINGS = ("outlet", "named", "official", "anonymous")
TIME_PRECISIONS = ("day", "week", "month", "year", "unknown")


@dataclass(frozen=True)
class Document:
    """One report after ingest: cleaned text plus what is known of its origin."""

    id: str
    text: str
    source: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: date | None = None
    language: str = "en"
    boilerplate_removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextSpan:
    """A stretch of a document's cleaned text: ``text == document.text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ActorRef:
    """An actor as one event names it: linked to the knowledge base when ``kb_id`` is set."""

    name: str
    kb_id: str | None
    type: str | None
    country: str | None
    text: str


@dataclass(frozen=True)
class Place:
    """A resolved toponym. precision: 1 the exact town, 2 nearby/district, 3 province only."""

    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None = None
    admin2: str | None = None
    precision: int = 1
    text: str = ""
    feature: str | None = None
    score: float = 1.0


@dataclass(frozen=True)
class Attribution:
    """Who says so: the outlet, the speaker, and how the sourcing is named."""

    outlet: str | None
    speaker: str | None
    sourcing: str  # one of SOURCINGS


@dataclass(frozen=True)
class Event:
    """One event a report asserts, with everything needed to check it against the text."""

    id: str
    type: str
    mode: str | None
    acled_type: str | None
    acled_subtype: str | None
    actor1: tuple[ActorRef, ...]
    actor2: tuple[ActorRef, ...]
    associated: tuple[ActorRef, ...]
    place: Place | None
    date: str | None
    time_precision: str
    historical: bool
    modality: str
    attribution: Attribution
    fatalities: int | None
    confidence: float
    evidence: TextSpan


@dataclass(frozen=True)
class Actor:
    """An actor of one document with all its mentions and its relations to other actors."""

    name: str
    kb_id: str | None
    type: str | None
    country: str | None
    mentions: tuple[TextSpan, ...]
    relations: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PlaceMentions:
    """A place of one document with every stretch of text that names it."""

    place: Place
    mentions: tuple[TextSpan, ...]


@dataclass(frozen=True)
class Result:
    """Everything eventlens read out of one document."""

    document: Document
    events: tuple[Event, ...]
    actors: tuple[Actor, ...]
    places: tuple[PlaceMentions, ...]

    def to_dict(self, with_text: bool = False) -> dict[str, Any]:
        """The documented JSON shape of a result (see README, "Output format")."""
        doc = self.document
        document = {
            "id": doc.id,
            "source": doc.source,
            "url": doc.url,
            "outlet": doc.outlet,
            "title": doc.title,
            "published": doc.published.isoformat() if doc.published else None,
            "language": doc.language,
            "text_chars": len(doc.text),
            "boilerplate_removed": list(doc.boilerplate_removed),
        }
        if with_text:
            document["text"] = doc.text
        return {
            "document": document,
            "events": [event_to_dict(e) for e in self.events],
            "actors": [
                {
                    "name": a.name,
                    "kb_id": a.kb_id,
                    "type": a.type,
                    "country": a.country,
                    "mentions": [dataclasses.asdict(m) for m in a.mentions],
                    "relations": [list(r) for r in a.relations],
                }
                for a in self.actors
            ],
            "places": [
                {
                    **_place_dict(p.place, with_text=False),
                    "mentions": [dataclasses.asdict(m) for m in p.mentions],
                }
                for p in self.places
            ],
        }


def _place_dict(place: Place, with_text: bool = True) -> dict[str, Any]:
    """A place's fields but its resolver score (and its mention's text unless ``with_text``)."""
    left_out = {"score"} if with_text else {"score", "text"}
    return {f.name: getattr(place, f.name) for f in dataclasses.fields(Place) if f.name not in left_out}


def document_ref(document: Document) -> dict[str, Any]:
    """What an event's record says of its document: everything but the text."""
    return {
        "id": document.id,
        "url": document.url,
        "outlet": document.outlet,
        "title": document.title,
        "published": document.published.isoformat() if document.published else None,
        "language": document.language,
    }


def event_with_document(document: Document, event: Event) -> dict[str, Any]:
    """The one JSON shape of an event with its document: ``{"document": {...}, **event}``."""
    return {"document": document_ref(document), **event_to_dict(event)}


def event_to_dict(event: Event) -> dict[str, Any]:
    """One event in the documented JSON shape (the items of a result's "events")."""
    return {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "acled_type": event.acled_type,
        "acled_subtype": event.acled_subtype,
        "actor1": [dataclasses.asdict(a) for a in event.actor1],
        "actor2": [dataclasses.asdict(a) for a in event.actor2],
        "associated": [dataclasses.asdict(a) for a in event.associated],
        "place": _place_dict(event.place) if event.place else None,
        "date": event.date,
        "time_precision": event.time_precision,
        "historical": event.historical,
        "modality": event.modality,
        "attribution": dataclasses.asdict(event.attribution),
        "fatalities": event.fatalities,
        "confidence": event.confidence,
        "evidence": dataclasses.asdict(event.evidence),
    }


@dataclass(frozen=True)
class Token:
    """One token of a parsed document; ``head`` and ``i`` index the document's tokens."""

    i: int
    text: str
    idx: int  # character offset in the document text
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str = ""


@dataclass(frozen=True)
class Mention:
    """A named stretch of text: an actor, place, date or other entity, with its token range.

    ``kb_id`` links actor mentions to the knowledge base; ``refers_to`` is the index (in the
    document's mentions) of the mention it corefers with, for surnames, titles and pronouns.
    """

    text: str
    start: int
    end: int
    label: str  # PERSON, ORG, NORP, GPE, LOC, FAC, DATE, TIME, CARDINAL, ACTOR, PRON, TITLE
    token_start: int
    token_end: int
    kb_id: str | None = None
    refers_to: int | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence as a token range and a character range of the document."""

    start: int
    end: int
    token_start: int
    token_end: int


@dataclass(frozen=True)
class Parse:
    """The NLP stage's output: tokens with their dependency parse, sentences and mentions."""

    document: Document
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]


__all__ = [
    "ACTOR_TYPES",
    "MODALITIES",
    "PLOVER_TYPES",
    "SCHEMA_VERSION",
    "SOURCINGS",
    "STATEMENT_TYPES",
    "TIME_PRECISIONS",
    "Actor",
    "ActorRef",
    "Attribution",
    "Document",
    "Event",
    "Mention",
    "Parse",
    "Place",
    "PlaceMentions",
    "Result",
    "Sentence",
    "TextSpan",
    "Token",
    "document_ref",
    "event_to_dict",
    "event_with_document",
]
