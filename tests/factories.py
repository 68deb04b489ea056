"""Sample records shared by the tests: places, actors, and factories of documents, events and results.

A plain module, imported as ``from tests.factories import ...``. Each factory takes keyword changes
over its defaults, so a test file that needs other values (another text, other spans) passes them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from eventlens.model import (
    Actor,
    ActorRef,
    Attribution,
    Document,
    Event,
    Mention,
    Parse,
    Place,
    PlaceMentions,
    Result,
    Sentence,
    TextSpan,
    Token,
)

# Two towns of northern Syria about 114 km apart, and a third about 354 km from Manbij.
MANBIJ = Place(
    name="Manbij",
    geonameid=166365,
    lat=36.528,
    lon=37.955,
    country="SY",
    admin1="Aleppo",
    admin2="Manbij District",
    precision=1,
    text="Manbij",
    feature="PPLA2",
    score=0.97,
)
RAQQA = Place(
    name="Ar Raqqah",
    geonameid=172955,
    lat=35.95,
    lon=39.01,
    country="SY",
    admin1="Ar-Raqqah",
    admin2=None,
    precision=1,
    text="Raqqa",
    feature="PPLA",
    score=0.9,
)
ALBUKAMAL = Place(
    name="Ālbū Kamāl",
    geonameid=174448,
    lat=34.45226,
    lon=40.91854,
    country="SY",
    admin1="Deir ez-Zor",
    precision=1,
    text="Al-Bukamal",
)

SDF = ActorRef(
    name="Syrian Democratic Forces", kb_id="sdf", type="rebel_group", country="SYR", text="the SDF"
)
SNA = ActorRef(
    name="Syrian National Army", kb_id="sna", type="rebel_group", country="SYR", text="SNA factions"
)
TURKEY = ActorRef(
    name="Turkish Armed Forces", kb_id="tsk", type="state_military", country="TUR", text="Turkish drones"
)
CIVILIANS = ActorRef(name="Civilians (Syria)", kb_id=None, type="civilians", country="SYR", text="civilians")
SOLEIMANI = ActorRef(
    name="Qasem Soleimani", kb_id="qasem_soleimani", type="person", country="IRN", text="قاسم سليماني"
)
QUDS = ActorRef(
    name="Quds Force", kb_id="quds_force", type="state_military", country="IRN", text="Quds Force"
)

# The default document's text; the default spans below point into it.
TEXT = "The SDF clashed with SNA factions near Manbij on Friday. Turkish drones struck Raqqa."


def make_document(doc_id: str = "doc-manbij", **changes) -> Document:
    """A dated English report of Example Wire; source and url follow the id unless changed."""
    fields = {
        "id": doc_id,
        "text": TEXT,
        "source": f"tests/{doc_id}.txt",
        "url": f"https://example.org/{doc_id}",
        "outlet": "Example Wire",
        "title": "Clashes near Manbij",
        "published": date(2025, 3, 14),
        "language": "en",
        "boilerplate_removed": ("Share this article", "© Example Wire"),
    }
    return Document(**{**fields, **changes})


def make_event(event_id: str = "ev1", **changes) -> Event:
    """The SDF-SNA armed clash at Manbij on 2025-03-14, three killed."""
    fields = {
        "id": event_id,
        "type": "ASSAULT",
        "mode": "firearms",
        "acled_type": "Battles",
        "acled_subtype": "Armed clash",
        "actor1": (SDF,),
        "actor2": (SNA,),
        "associated": (),
        "place": MANBIJ,
        "date": "2025-03-14",
        "time_precision": "day",
        "historical": False,
        "modality": "asserted",
        "attribution": Attribution(outlet="Example Wire", speaker=None, sourcing="outlet"),
        "fatalities": 3,
        "confidence": 0.83,
        "evidence": TextSpan("The SDF clashed with SNA factions near Manbij on Friday.", 0, 56),
    }
    return Event(**{**fields, **changes})


def drone_strike(event_id: str = "ev2", **changes) -> Event:
    """A Turkish drone strike on civilians in Raqqa, dated to the month, told by an anonymous source."""
    fields = {
        "type": "ASSAULT",
        "mode": "aerial",
        "acled_type": "Explosions/Remote violence",
        "acled_subtype": "Air/drone strike",
        "actor1": (TURKEY,),
        "actor2": (CIVILIANS,),
        "associated": (SNA,),
        "place": RAQQA,
        "date": "2025-03",
        "time_precision": "month",
        "fatalities": None,
        "confidence": 0.6,
        "attribution": Attribution(outlet="Example Wire", speaker="a local source", sourcing="anonymous"),
        "evidence": TextSpan("Turkish drones struck Raqqa.", 57, 85),
    }
    return make_event(event_id, **{**fields, **changes})


def make_result(doc_id: str = "doc-manbij", events: tuple[Event, ...] | None = None, **doc_changes) -> Result:
    """The default document with its actors and places; events default to the clash and the strike."""
    if events is None:
        events = (make_event("ev1"), drone_strike("ev2"))
    actors = (
        Actor(
            name="Syrian Democratic Forces",
            kb_id="sdf",
            type="rebel_group",
            country="SYR",
            mentions=(TextSpan("The SDF", 0, 7),),
            relations=(("fought", "Syrian National Army"),),
        ),
        Actor(
            name="Syrian National Army",
            kb_id="sna",
            type="rebel_group",
            country="SYR",
            mentions=(TextSpan("SNA factions", 21, 33),),
        ),
    )
    places = (
        PlaceMentions(place=MANBIJ, mentions=(TextSpan("Manbij", 39, 45),)),
        PlaceMentions(place=RAQQA, mentions=(TextSpan("Raqqa", 79, 84),)),
    )
    return Result(document=make_document(doc_id, **doc_changes), events=events, actors=actors, places=places)


def make_parse(
    words: str,
    heads: list[int],
    deps: list[str],
    pos: list[str],
    lemmas: list[str] | None = None,
    tags: list[str] | None = None,
    mentions: list[tuple[int, int, str, str | None]] = (),
    published: date | None = date(2025, 3, 14),
) -> Parse:
    """A one-sentence Parse built by hand, as spaCy's tests build a Doc: rules are tested on the
    parse they are written for, not on what the model happens to give.

    ``words`` are space-separated tokens (the text is them joined by spaces); ``heads`` index the
    words; ``mentions`` are (first word, end word, label, KB id) spans."""
    tokens_text = words.split()
    assert len(tokens_text) == len(heads) == len(deps) == len(pos), "one head, dep and pos per word"
    text = " ".join(tokens_text)
    offsets, at = [], 0
    for word in tokens_text:
        offsets.append(at)
        at += len(word) + 1
    lemmas = lemmas or [w.lower() for w in tokens_text]
    tags = tags or [""] * len(tokens_text)
    tokens = tuple(
        Token(i, w, offsets[i], lemmas[i], pos[i], tags[i], deps[i], heads[i])
        for i, w in enumerate(tokens_text)
    )
    spans = tuple(
        Mention(
            " ".join(tokens_text[start:end]),
            offsets[start],
            offsets[end - 1] + len(tokens_text[end - 1]),
            label,
            start,
            end,
            kb_id=kb_id,
        )
        for start, end, label, kb_id in mentions
    )
    document = Document(id="doc-parse", text=text, source="tests/parse.txt", published=published)
    return Parse(document, tokens, (Sentence(0, len(text), 0, len(tokens)),), spans)


def copy_store(source: str | Path, target: str) -> str:
    """Every document of one store, with its results, written into another (of either backend); ``target``."""
    from eventlens.store import open_store

    with open_store(source) as reader, open_store(target) as writer:
        writer.write_results(reader.result(doc.id) for doc in reader.documents())
    return target
