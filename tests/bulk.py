"""Many events fast, for the tests and benchmarks at scale: synthetic Results written through the
store, then copied in SQL.

``synthetic_result`` makes one document of EVENTS_PER_DOCUMENT events that vary as reports vary
(actors, types, places across ten years and several countries, a few far-away wrong places and
some events without a place); ``bulk_store`` writes a template of such documents through the
store and copies its rows in SQLite until it holds the events asked for (a copy's document ids end
in ``~N``), which takes seconds where writing each document takes minutes. No NLP.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from eventlens.model import (
    PLOVER_TYPES,
    Actor,
    ActorRef,
    Attribution,
    Document,
    Event,
    Place,
    PlaceMentions,
    Result,
    TextSpan,
)
from eventlens.store import open_store

EVENTS_PER_DOCUMENT = 10
VILLAGES = 60  # around each town, about 1,100 places in all
SEED = 20250314

# (name, kb_id, type, country): KB-linked actors and a few unlinked ones, as reports name them.
ACTORS = [
    ("Syrian Democratic Forces", "sdf", "rebel_group", "SYR"),
    ("Syrian National Army", "sna", "rebel_group", "SYR"),
    ("Turkish Armed Forces", "tsk", "state_military", "TUR"),
    ("Islamic State", "isis", "rebel_group", None),
    ("Hezbollah", "hezbollah", "political_militia", "LBN"),
    ("Israel Defense Forces", "idf", "state_military", "ISR"),
    ("Ansar Allah", "houthis", "rebel_group", "YEM"),
    ("Popular Mobilization Forces", "pmf", "political_militia", "IRQ"),
    ("Hay'at Tahrir al-Sham", "hts", "rebel_group", "SYR"),
    ("Russian Armed Forces", "russia_military", "state_military", "RUS"),
    ("Quds Force", "quds_force", "state_military", "IRN"),
    ("Manbij Military Council", "mmc", "rebel_group", "SYR"),
    ("Civilians (Syria)", None, "civilians", "SYR"),
    ("Civilians (Yemen)", None, "civilians", "YEM"),
    ("Protesters (Syria)", None, "protesters", "SYR"),
    ("local council official", None, None, None),
    ("unidentified gunmen", None, None, None),
    ("tribal fighters", None, None, None),
]
# (name, geonameid, lat, lon, country, admin1)
PLACES = [
    ("Manbij", 167357, 36.528, 37.955, "SY", "Aleppo"),
    ("Ar Raqqah", 172955, 35.95, 39.01, "SY", "Ar-Raqqah"),
    ("Deir ez-Zor", 170794, 35.336, 40.141, "SY", "Deir ez-Zor"),
    ("Hajīn", 174506, 34.69, 40.83, "SY", "Deir ez-Zor"),
    ("Idlib", 169389, 35.93, 36.63, "SY", "Idlib"),
    ("‘Afrīn", 174186, 36.51, 36.87, "SY", "Aleppo"),
    ("Damascus", 170654, 33.51, 36.29, "SY", "Damascus"),
    ("As-Suwayda", 172408, 32.71, 36.57, "SY", "As-Suwayda"),
    ("Baghdad", 98182, 33.34, 44.40, "IQ", "Baghdad"),
    ("Al Qā’im", 92138, 34.37, 41.09, "IQ", "Anbar"),
    ("Mosul", 99072, 36.34, 43.13, "IQ", "Nineveh"),
    ("Kirkuk", 94787, 35.47, 44.39, "IQ", "Kirkuk"),
    ("Ma'rib", 72968, 15.46, 45.33, "YE", "Ma'rib"),
    ("Taiz", 70225, 13.58, 44.02, "YE", "Taiz"),
    ("Tripoli", 2210247, 32.89, 13.19, "LY", "Tripoli"),
    ("Gao", 2457163, 16.27, -0.04, "ML", "Gao"),
    ("Kharkiv", 706483, 49.98, 36.25, "UA", "Kharkiv"),
    ("Tyre", 267008, 33.27, 35.20, "LB", "South Governorate"),
]
WORDS = {
    "ASSAULT": [
        "clashed with",
        "shelled positions of",
        "struck a vehicle of",
        "launched a drone at",
        "ambushed",
    ],
    "PROTEST": ["rallied against", "marched against", "held a sit-in against"],
    "CONSULT": ["met with", "visited", "held talks with"],
    "COERCE": ["arrested members of", "imposed a curfew on", "seized property of"],
}


def synthetic_result(n: int, rng: random.Random) -> Result:
    """One document with EVENTS_PER_DOCUMENT events, varied as reports vary."""
    published = date(2015, 1, 1) + timedelta(days=rng.randrange(3900))
    sentences, events = [], []
    offset = 0
    for i in range(EVENTS_PER_DOCUMENT):
        type_ = rng.choices(PLOVER_TYPES, weights=[2, 6, 2, 1, 2, 2, 1, 3, 3, 2, 3, 5, 1, 3, 8, 40])[0]
        a1, a2 = rng.sample(ACTORS, 2)
        town, gid, lat, lon, country, admin1 = rng.choice(PLACES)
        # A town or one of its villages: events sit on gazetteer points, as geocoded events do.
        village = rng.randrange(VILLAGES + 1)
        name = town if village == VILLAGES else f"{town} village {village}"
        gid = gid if village == VILLAGES else gid * 100 + village
        lat += 0 if village == VILLAGES else ((village % 10) - 4.5) * 0.03
        lon += 0 if village == VILLAGES else ((village // 10) - 4.5) * 0.03
        verb = rng.choice(WORDS.get(type_, ["acted against"]))
        sentence = f"{a1[0]} {verb} {a2[0]} near {name}, sources said (report {n}, item {i})."
        sentences.append(sentence)
        precision = rng.choices(["day", "month", "unknown"], weights=[80, 15, 5])[0]
        day = published - timedelta(days=rng.randrange(3))
        when = {"day": day.isoformat(), "month": day.isoformat()[:7], "unknown": None}[precision]
        events.append(
            Event(
                id=f"ev{i}",
                type=type_,
                mode=None,
                acled_type="Battles" if type_ == "ASSAULT" else ("Protests" if type_ == "PROTEST" else None),
                acled_subtype=None,
                actor1=(ActorRef(a1[0], a1[1], a1[2], a1[3], a1[0]),),
                actor2=(ActorRef(a2[0], a2[1], a2[2], a2[3], a2[0]),),
                associated=(),
                place=Place(
                    name,
                    gid,
                    lat,
                    lon,
                    country,
                    admin1,
                    None,
                    rng.choice([1, 1, 2, 3]),
                    name,
                    "PPL",
                    0.9,
                ),
                date=when,
                time_precision=precision,
                historical=False,
                modality=rng.choices(["asserted", "denied", "claimed", "planned"], weights=[85, 5, 7, 3])[0],
                attribution=Attribution(
                    "Bench Wire", None, rng.choice(["outlet", "named", "official", "anonymous"])
                ),
                fatalities=rng.choice([None, None, 0, 1, 2, 5]),
                confidence=round(rng.uniform(0.4, 0.95), 2),
                evidence=TextSpan(sentence, offset, offset + len(sentence)),
            )
        )
        offset += len(sentence) + 1
    document = Document(
        id=f"bench-{n:06d}",
        text=" ".join(sentences),
        source=f"bench:{n}",
        url=f"https://bench.example/{n}",
        outlet="Bench Wire",
        title=f"Report {n}",
        published=published,
        language="en",
    )
    refs = {ref.name: ref for e in events for ref in (*e.actor1, *e.actor2)}
    actors = tuple(Actor(r.name, r.kb_id, r.type, r.country, mentions=()) for r in refs.values())
    places = tuple({e.place.name: PlaceMentions(e.place, ()) for e in events}.values())
    return Result(document, tuple(events), actors, places)


# Far from every other place: a wrong reading of a name (the page's map must not fit the ocean to them).
OUTLIERS = [
    ("Tripoli (wrongly Tripoli, Iowa)", None, 42.81, -92.26, "US", "Iowa"),
    ("Kirkuk (wrongly Kirkuk, Nunavut)", None, 63.0, -95.0, "CA", "Nunavut"),
]
OUTLIER_EVERY = 997  # one event in about a thousand
UNPLACED_EVERY = 53  # and one in about fifty without a place
TABLES = {
    "documents": "id",
    "events": "document_id",
    "event_actors": "document_id",
    "actors": "document_id",
    "places": "document_id",
}


def _misplaced(result: Result, n: int) -> Result:
    """Some events of the document moved to an outlier or left without a place."""
    events = []
    for i, event in enumerate(result.events):
        k = n * EVENTS_PER_DOCUMENT + i
        if k % UNPLACED_EVERY == 0:
            event = replace(event, place=None)
        elif k % OUTLIER_EVERY == 0:
            name, gid, lat, lon, country, admin1 = OUTLIERS[k % len(OUTLIERS)]
            event = replace(
                event, place=Place(name, gid, lat, lon, country, admin1, None, 1, name, "PPL", 0.5)
            )
        events.append(event)
    return Result(result.document, tuple(events), result.actors, result.places)


def bulk_store(path: Path, n_events: int, *, template_documents: int = 200, seed: int = SEED) -> Path:
    """A SQLite store at ``path`` holding ``n_events`` events (rounded up to whole copies of the template)."""
    rng = random.Random(seed)
    with open_store(path) as store:
        for n in range(template_documents):
            store.write_result(_misplaced(synthetic_result(n, rng), n))
        per_copy = store.count_events()
    copies = -(-n_events // per_copy) - 1
    with sqlite3.connect(path) as db:
        columns = {table: [row[1] for row in db.execute(f"PRAGMA table_info({table})")] for table in TABLES}
        for k in range(1, copies + 1):
            for table, key in TABLES.items():
                select = ", ".join(f"{c} || '~{k}'" if c == key else c for c in columns[table])
                db.execute(
                    f"INSERT INTO {table} ({', '.join(columns[table])}) "
                    f"SELECT {select} FROM {table} WHERE {key} NOT LIKE '%~%'"
                )
        # Each copy has the template's actors: the counts the store kept for it, times the copies.
        for table, column in (("actor_counts", "events"), ("actor_names", "entries")):
            db.execute(f"UPDATE {table} SET {column} = {column} * ?", (copies + 1,))
    return path
