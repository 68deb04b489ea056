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
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from eventlens.store import open_store
from eventlens.web import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests/bulk.py
from tests.bulk import bulk_store


def build(path: Path, n_events: int) -> None:
    """A store of at least ``n_events`` synthetic events at ``path``, made once (tests/bulk.py)."""
    if path.exists():
        with open_store(path) as store:  # migrates a store made by an older eventlens
            if store.count_events() >= n_events:
                return
        raise SystemExit(f"{path} holds fewer than {n_events:,} events; delete it to build it anew")
    started = time.perf_counter()
    bulk_store(path, n_events, template_documents=2000)
    with open_store(path) as store:
        print(f"built {store.count_events():,} events in {time.perf_counter() - started:.0f} s", flush=True)


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
