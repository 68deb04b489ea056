"""Latency of the web API's events query on a database of 100,000 events.

    .venv/bin/python bench/api_latency.py [--db build/bench-api.sqlite] [--events 100000] [--requests 200]

Builds the database once (synthetic but realistic Results written through the store: actors,
types, places, dates and evidence vary; no NLP) and reuses it on later runs. Then starts
`eventlens serve`'s app with uvicorn on a free local port and times pages of 100 events over
HTTP for typical filters, printing p50/p99 per kind of query (and one JSON line with --json).
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
import uvicorn

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
from eventlens.web import create_app

EVENTS_PER_DOCUMENT = 10
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
        name, gid, lat, lon, country, admin1 = rng.choice(PLACES)
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
                    lat + rng.uniform(-0.05, 0.05),
                    lon + rng.uniform(-0.05, 0.05),
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


def build(path: Path, n_events: int) -> None:
    """Write synthetic documents until the store holds ``n_events`` events."""
    rng = random.Random(SEED)
    started = time.perf_counter()
    with open_store(path) as store:
        n = store.count_documents()
        for _ in range(n):  # keep the generator's sequence when resuming
            synthetic_result(0, rng)
        while store.count_events() < n_events:
            for _ in range(100):
                store.write_result(synthetic_result(n, rng))
                n += 1
        print(
            f"built {store.count_events():,} events in {n:,} documents in "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )


QUERIES = {
    "none": {},
    "type (common)": {"type": "ASSAULT"},
    "type (rare)": {"type": "CONCEDE"},
    "actor": {"actor": "Hezbollah"},
    "bbox (Syria)": {"bbox": "35.5,32.3,42.4,37.3"},
    "near 25 km": {"near": "36.53,37.95", "km": 25},
    "date range (1 month)": {"since": "2019-06-01", "until": "2019-06-30"},
    "text (common)": {"q": "drone"},
    "text (rare)": {"q": "report 4242,"},
    "combined": {
        "type": "ASSAULT",
        "bbox": "35.5,32.3,42.4,37.3",
        "since": "2018-01-01",
        "min_confidence": 0.7,
    },
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(db: Path, n_requests: int) -> dict[str, dict[str, float]]:
    """p50/p99 (ms) of pages of 100 events per kind of query, over HTTP to a local uvicorn."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    figures = {}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for kind, params in QUERIES.items():
                client.get("/api/events", params={**params, "limit": 100}).raise_for_status()  # warm-up
                times, returned = [], 0
                for _ in range(n_requests):
                    t0 = time.perf_counter()
                    response = client.get("/api/events", params={**params, "limit": 100})
                    times.append((time.perf_counter() - t0) * 1000)
                    response.raise_for_status()
                    returned = len(response.json()["items"])
                cuts = statistics.quantiles(times, n=100)
                figures[kind] = {
                    "p50_ms": round(cuts[49], 1),
                    "p99_ms": round(cuts[98], 1),
                    "items": returned,
                }
    finally:
        server.should_exit = True
        thread.join()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("build/bench-api.sqlite"))
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="Print one JSON line.")
    args = parser.parse_args()
    build(args.db, args.events)
    figures = measure(args.db, args.requests)
    if args.json:
        print(json.dumps({"events": args.events, "requests": args.requests, "latency": figures}))
        return
    print(f"{'query':<22} {'p50 ms':>8} {'p99 ms':>8} {'items':>6}")
    for kind, f in figures.items():
        print(f"{kind:<22} {f['p50_ms']:>8} {f['p99_ms']:>8} {f['items']:>6}")


if __name__ == "__main__":
    main()
